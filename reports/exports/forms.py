"""The exports page's filter form (GET), shared by the page and every download."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from boroughs.models import PeerGroup
from reports.exports.tables import Scope, export_questionnaire
from surveys.models import Area, Questionnaire, Round


class ExportForm(forms.Form):
    """Round, area, peer group, questionnaire version and the Excel byte-order mark.

    Every choice comes from the database, so a tampered or stale value is a form
    error, never a crash. Empty means "all" (or, for the version, the chosen
    round's version, else the latest published one).
    """

    round = forms.ChoiceField(label="Round", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    peer_group = forms.ChoiceField(label="Peer group", required=False)
    questionnaire = forms.ChoiceField(
        label="Questionnaire version",
        required=False,
        help_text="For the questionnaire download only.",
    )
    bom = forms.BooleanField(
        label="Add a byte-order mark for Excel",
        required=False,
        help_text="Helps older versions of Excel show accented letters correctly in CSV files.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = {r.slug: r for r in Round.objects.order_by("-opens_on", "name")}
        self.peer_groups = {g.slug: g for g in PeerGroup.objects.order_by("name")}
        self.questionnaires = {
            str(q.pk): q for q in Questionnaire.objects.order_by("code", "-version")
        }
        areas: dict[str, str] = {}
        for code, name in Area.objects.order_by("order", "-questionnaire__version").values_list(
            "code", "name"
        ):
            areas.setdefault(code, name)
        self.area_codes = set(areas)
        self.fields["round"].choices = [("", "All rounds")] + [
            (slug, f"{r.name} ({r.get_status_display().lower()})")
            for slug, r in self.rounds.items()
        ]
        self.fields["area"].choices = [("", "All areas")] + list(areas.items())
        self.fields["peer_group"].choices = [("", "All authorities")] + [
            (slug, g.name) for slug, g in self.peer_groups.items()
        ]
        self.fields["questionnaire"].choices = [
            ("", "The round's version, or the latest published")
        ] + [(pk, str(q)) for pk, q in self.questionnaires.items()]
        for name in ("round", "area", "peer_group", "questionnaire"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"Choose a {self.fields[name].label.lower()} from the list"
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: no token in the query string
        self.helper.layout = Layout(
            Field.select("round"),
            Field.select("area"),
            Field.select("peer_group"),
            Field.select("questionnaire"),
            # The GOV.UK checkbox with its hint under the label, not above the box.
            Field("bom", template="reports/exports/_checkbox.html"),
        )

    def scope(self) -> Scope:
        """The export scope of a valid form."""
        data = self.cleaned_data
        round_ = self.rounds.get(data.get("round") or "")
        chosen = self.questionnaires.get(data.get("questionnaire") or "")
        return Scope(
            round=round_,
            area_code=data.get("area") or "",
            peer_group=self.peer_groups.get(data.get("peer_group") or ""),
            questionnaire=export_questionnaire(round_, chosen),
        )
