"""Forms of the register pages: a system (added or changed) and removing one. GOV.UK markup
through crispy-forms-gds; the services check who may write again."""

from __future__ import annotations

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from estate.models import LineOfBusiness, Product, System
from estate.services import NAME_MAX, NOTE_MAX, SystemData, product_for_name, supplier_for_name

SME_CHOICES = (("yes", "Yes"), ("no", "No"), ("unknown", "Not known"))
SME_VALUES = {"yes": True, "no": False, "unknown": None}
SME_TEXT = {value: text for text, value in SME_VALUES.items()}


class ContractDateField(DateInputField):
    """An optional GOV.UK date input: all three parts or none, a real date. ``what``
    names it in the messages ("The contract end date...")."""

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        super().__init__(required=False, **kwargs)

    def compress(self, data_list) -> datetime.date | None:
        if not any(data_list):
            return None
        if not all(data_list):
            raise ValidationError(f"The {self.what} must include a day, month and year")
        try:
            value = super().compress(data_list)
        except ValidationError as error:
            raise ValidationError(f"The {self.what} must be a real date") from error
        if value is not None and not 1980 <= value.year <= 2100:
            raise ValidationError(f"The {self.what} must be a real date")
        return value


def _product_choices(products: list[Product]) -> list:
    """Known products grouped by supplier, after an empty choice."""
    groups: dict[str, list] = {}
    for product in products:
        groups.setdefault(product.supplier.name, []).append((str(product.pk), product.name))
    return [("", "Choose a product"), *groups.items()]


class SystemForm(forms.Form):
    """A system: a known product (or a new supplier and product typed in), the lines of
    business it serves (a group of checkboxes per function), hosting, contract dates, cost
    band, route, whether the supplier is an SME, a note; with ``versioned`` (changing) the
    version it was read at."""

    product = forms.ChoiceField(
        label="Product",
        help_text="Products London authorities already use, by supplier.",
        required=False,
    )
    new_supplier = forms.CharField(
        label="Supplier",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": f"The supplier must be {NAME_MAX} characters or fewer"},
    )
    new_product = forms.CharField(
        label="Product name",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": f"The product must be {NAME_MAX} characters or fewer"},
    )
    hosting = forms.ChoiceField(
        label="How is it hosted?",
        choices=System.Hosting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the system is hosted"},
    )
    contract_starts_on = ContractDateField(
        label="Contract start date (optional)",
        help_text="For example, 1 4 2023",
        what="contract start date",
    )
    contract_ends_on = ContractDateField(
        label="Contract end date (optional)",
        help_text="For example, 31 3 2028",
        what="contract end date",
    )
    cost_band = forms.ChoiceField(
        label="Annual cost (optional)",
        help_text="Only your authority and the London CDO office see this.",
        choices=[("", "Not stated"), *System.CostBand.choices],
        required=False,
    )
    route = forms.ChoiceField(
        label="How was it bought? (optional)",
        choices=[("", "Not stated"), *System.Route.choices],
        required=False,
    )
    supplier_sme = forms.ChoiceField(
        label="Is the supplier a small or medium enterprise?",
        choices=SME_CHOICES,
        initial="unknown",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the supplier is a small or medium enterprise"},
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="Only your authority and the London CDO office see this.",
        widget=forms.Textarea,
        max_length=NOTE_MAX,
        required=False,
        error_messages={"max_length": f"The note must be {NOTE_MAX:,} characters or fewer"},
    )

    def __init__(
        self,
        *args,
        products: list[Product],
        lines: list[LineOfBusiness],
        versioned: bool = False,
        button: str = "Save system",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.products = {str(product.pk): product for product in products}
        self.lines = {line.code: line for line in lines}
        product_field = self.fields["product"]
        assert isinstance(product_field, forms.ChoiceField)
        product_field.choices = _product_choices(products)
        self.line_fields = self._add_line_fields(lines)
        fields: list = [
            Field.select("product"),
            Fieldset(
                Field.text("new_supplier", field_width=Fluid.TWO_THIRDS),
                Field.text("new_product", field_width=Fluid.TWO_THIRDS),
                legend="Not in the list? Type the supplier and product",
                legend_size=Size.SMALL,
            ),
            HTML('<h2 class="govuk-heading-m">Lines of business it serves</h2>'),
            *[
                Field.checkboxes(name, legend_size=Size.SMALL, small=True)
                for name in self.line_fields
            ],
            Field.radios("hosting", legend_size=Size.SMALL, small=True),
            Field("contract_starts_on"),
            Field("contract_ends_on"),
            Field.select("cost_band"),
            Field.select("route"),
            Field.radios("supplier_sme", legend_size=Size.SMALL, small=True, inline=True),
            Field.textarea("note", rows=3),
        ]
        if versioned:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            fields.append("version")
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's <form> says where it posts
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*fields, Button("save_system", button))

    def _add_line_fields(self, lines: list[LineOfBusiness]) -> list[str]:
        """One group of checkboxes per function (``lines_<function code>``)."""
        groups: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        for line in lines:
            label, choices = groups.setdefault(
                f"lines_{line.function.code}", (line.function.name, [])
            )
            choices.append((line.code, line.name))
        for name, (label, choices) in groups.items():
            self.fields[name] = forms.MultipleChoiceField(
                label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
        return list(groups)

    @staticmethod
    def initial_for(system: System, lines: list[LineOfBusiness]) -> dict:
        """The form's initial data for changing ``system``; ``lines`` (with their
        functions) say which group each of its lines of business is in."""
        function_of = {line.pk: line.function.code for line in lines}
        initial: dict = {
            "product": str(system.product_id),
            "hosting": system.hosting,
            "contract_starts_on": system.contract_starts_on,
            "contract_ends_on": system.contract_ends_on,
            "cost_band": system.cost_band,
            "route": system.route,
            "supplier_sme": SME_TEXT[system.supplier_sme],
            "note": system.note,
            "version": system.version,
        }
        for line in system.lines_of_business.all():
            initial.setdefault(f"lines_{function_of[line.pk]}", []).append(line.code)
        return initial

    def clean(self):
        data = super().clean() or {}
        chosen = data.get("product")
        typed = (data.get("new_supplier", "").strip(), data.get("new_product", "").strip())
        if chosen and any(typed):
            self.add_error("product", "Choose a product from the list or type a new one, not both")
        elif not chosen and not all(typed):
            if typed[0] and not typed[1]:
                self.add_error("new_product", "Enter the product's name")
            elif typed[1] and not typed[0]:
                self.add_error("new_supplier", "Enter the supplier's name")
            else:
                self.add_error("product", "Choose a product, or type its supplier and name")
        if self.line_fields and not any(data.get(name) for name in self.line_fields):
            self.add_error(self.line_fields[0], "Choose at least one line of business")
        starts, ends = data.get("contract_starts_on"), data.get("contract_ends_on")
        if starts and ends and ends < starts:
            self.add_error("contract_ends_on", "The contract end date must be after its start")
        return data

    def system_data(self) -> SystemData:
        """The checked form as the services' data; a typed supplier and product meet the
        shared records of that name (made if there are none), so call it inside the
        transaction that saves the system."""
        data = self.cleaned_data
        product = self.products.get(data["product"])
        if product is None:
            supplier = supplier_for_name(name=data["new_supplier"])
            product = product_for_name(supplier=supplier, name=data["new_product"])
        codes = [code for name in self.line_fields for code in data.get(name, [])]
        return SystemData(
            product=product,
            lines_of_business=tuple(self.lines[code] for code in codes),
            hosting=data["hosting"],
            contract_starts_on=data["contract_starts_on"],
            contract_ends_on=data["contract_ends_on"],
            cost_band=data["cost_band"],
            route=data["route"],
            supplier_sme=SME_VALUES[data["supplier_sme"]],
            note=data["note"],
        )


class RemoveForm(forms.Form):
    """Removing a system, read at ``version``."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
