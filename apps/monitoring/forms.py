"""The monitoring pages' forms: open a case, add a measure (with evidence),
mark it done, log a visit (with photos), a lifecycle step, the list filter."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.evidence.forms import EvidenceField, MultipleFileInput
from apps.households.models import Member

from .models import (
    DIBAO_MEMBER_FIELDS,
    CaseKind,
    CaseStatus,
    IdentifiedHow,
    MeasureKind,
    MeasureStatus,
    RiskType,
)
from .services import CASE_FIELDS

DATE = {"type": "date", "class": "form-control"}
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
IMAGE_TYPES = ".jpg,.jpeg,.png"
IMAGE_PDF_TYPES = ".pdf,.jpg,.jpeg,.png"


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _files(label, accept: str) -> EvidenceField:
    """Several files, each checked by content (the services limit the types)."""
    return EvidenceField(
        label=label, widget=MultipleFileInput(attrs={"accept": accept, "class": "form-control"})
    )


class CaseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("monitoring kind"), choices=CaseKind.choices, widget=forms.Select(attrs=SELECT)
    )
    identified_on = _date(_("identified on"))
    identified_how = forms.ChoiceField(
        label=_("identified how"), choices=IdentifiedHow.choices, widget=forms.Select(attrs=SELECT)
    )
    risk_types = forms.MultipleChoiceField(
        label=_("risk types"), choices=RiskType.choices, widget=forms.CheckboxSelectMultiple
    )
    income_at_identification = forms.DecimalField(
        label=_("per-capita income at identification (元)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.01", "inputmode": "decimal"}),
    )
    helper = forms.CharField(
        label=_("responsible helper"), max_length=64, required=False, widget=forms.TextInput(TEXT)
    )
    helper_unit = forms.CharField(
        label=_("helper's unit"), max_length=120, required=False, widget=forms.TextInput(TEXT)
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )

    def __init__(self, *args, household=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("identified_on", timezone.localdate())
        if household is not None:
            initial.setdefault("helper", household.helper)
            initial.setdefault("income_at_identification", household.per_capita_income)
            if household.assisting_unit_id:
                initial.setdefault("helper_unit", household.assisting_unit.name)
        super().__init__(*args, **kwargs)


class CaseEditForm(CaseForm):
    """The case's own facts, opened at the case's version (a stale save is
    refused with what changed meanwhile); never its household or status."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, case, **kwargs):
        kwargs["initial"] = {
            **{name: getattr(case, name) for name in CASE_FIELDS},
            "opened_version": case.version,
        }
        super().__init__(*args, **kwargs)

    def changes(self) -> dict:
        """The fields the user changed, with their new values."""
        changed = self.changed_data
        return {name: self.cleaned_data[name] for name in CASE_FIELDS if name in changed}


class HouseholdChoiceForm(forms.Form):
    """The household a finding's case is for (a finding names it by number only)."""

    household = forms.ModelChoiceField(
        label=_("household"), queryset=None, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda h: (
            f"{h.number} · {getattr(h, 'head_name', '') or ''}"
        )


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("measure kind"), choices=MeasureKind.choices, widget=forms.Select(attrs=SELECT)
    )
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    department = forms.CharField(
        label=_("responsible department"), max_length=120, widget=forms.TextInput(TEXT)
    )
    planned_on = _date(_("planned completion"))
    status = forms.ChoiceField(
        label=_("status"),
        choices=[c for c in MeasureStatus.choices if c[0] != MeasureStatus.DONE],
        widget=forms.Select(attrs=SELECT),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("members concerned"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    member_fields = forms.MultipleChoiceField(
        label=_("member fields changed (dibao measures)"),
        choices=[(name, Member._meta.get_field(name).verbose_name) for name in DIBAO_MEMBER_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = _files(_("Evidence (images or PDF)"), IMAGE_PDF_TYPES)

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        if household is not None:
            self.fields["members"].queryset = household.members.order_by("pk")


MEASURE_EDITABLE = ("kind", "content", "department", "planned_on", "member_fields")


class MeasureEditForm(forms.Form):
    """A measure's own facts, opened at its version; its status changes by
    starting and completing it, its evidence by uploads."""

    kind = MeasureForm.base_fields["kind"]
    content = MeasureForm.base_fields["content"]
    department = MeasureForm.base_fields["department"]
    planned_on = MeasureForm.base_fields["planned_on"]
    member_fields = MeasureForm.base_fields["member_fields"]
    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, measure, **kwargs):
        kwargs["initial"] = {
            **{name: getattr(measure, name) for name in MEASURE_EDITABLE},
            "opened_version": measure.version,
        }
        super().__init__(*args, **kwargs)

    def changes(self) -> dict:
        changed = self.changed_data
        return {name: self.cleaned_data[name] for name in MEASURE_EDITABLE if name in changed}


class MeasureDoneForm(forms.Form):
    done_on = _date(_("completed on"))
    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("done_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class EvidenceForm(forms.Form):
    evidence = _files(_("Evidence (images or PDF)"), IMAGE_PDF_TYPES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].required = True


class VisitForm(forms.Form):
    visited_on = _date(_("visited on"))
    visitor = forms.CharField(label=_("visited by"), max_length=120, widget=forms.TextInput(TEXT))
    findings = forms.CharField(
        label=_("what was found"), widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )
    photos = _files(_("Photos"), IMAGE_TYPES)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("visited_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class StepForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )
    income = forms.DecimalField(
        label=_("current per-capita income (元)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.01", "inputmode": "decimal"}),
    )
    evidence = _files(_("Income evidence (images or PDF)"), IMAGE_PDF_TYPES)
    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.CharField(widget=forms.HiddenInput, required=False)


class ListFilterForm(forms.Form):
    """The list's filters; the region comes from ?region= (county, town, village)."""

    kind = forms.ChoiceField(
        label=_("monitoring kind"),
        choices=[("", _("all kinds")), *CaseKind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("all statuses")), *CaseStatus.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    region = forms.IntegerField(required=False, widget=forms.HiddenInput)
