"""Forms for signing in through an organisation, and for deciding requests for access."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from accounts.forms import govuk_helper, text
from accounts.oidc import providers
from accounts.roles import Role

ROLE_LABELS = {
    Role.LEAD: "Digital lead: fills in and submits the authority's assessment",
    Role.CONTRIBUTOR: "Contributor: fills in answers, cannot submit",
    Role.CDO: "CDO office: reviews and compares every authority",
    Role.ADMIN: "Administrator: manages rounds, questionnaires and accounts",
}


class OrganisationEmailForm(forms.Form):
    """The work address that says which organisation's provider signs the person in."""

    email = forms.EmailField(
        label="Work email address",
        help_text="For example, name@camden.gov.uk",
        max_length=254,
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@camden.gov.uk",
        },
    )

    provider: providers.IdentityProvider | None = None

    prefix = "organisation"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(text("email", autocomplete="email"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.provider = providers.for_email(email)
        if self.provider is None:
            raise forms.ValidationError(
                f"There is no organisation sign-in for {providers.domain_of(email)}: sign in "
                "with your username and password below"
            )
        return email


class RequestDecisionForm(forms.Form):
    """Approve with a role, or decline. The roles offered are those ``access.grantable_roles``
    lets this person give for this request."""

    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, required=False, error_messages={}
    )
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])

    def __init__(self, *args, roles: list[Role], request_id: int, **kwargs):
        kwargs["prefix"] = f"request-{request_id}"
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(str(role), ROLE_LABELS[role]) for role in roles]
        self.fields["role"].label = "Which role should they have?"
        self.helper = govuk_helper(Field.radios("role", legend_size="s"))

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "approve" and not cleaned.get("role"):
            self.add_error("role", "Choose the role to give them")
        return cleaned
