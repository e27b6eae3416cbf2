"""The funds pages' forms: the year range and deadline of the usage pages, the
project's stage step and its evidence files."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.evidence.forms import EvidenceField

from .models import ImportKind
from .usage import year_range

DATE_WIDGET = {"type": "date", "class": "form-control"}


def default_deadline() -> dt.date:
    """The disbursement deadline the usage page opens with (seed 000's 11月20日
    of the demo campaign year unless ``FUNDS_DISBURSEMENT_DEADLINE`` says otherwise)."""
    return dt.date.fromisoformat(settings.FUNDS_DISBURSEMENT_DEADLINE)


class YearRangeForm(forms.Form):
    """From and to year among the years with allocations (default: all of them)."""

    from_year = forms.TypedChoiceField(label=_("From year"), coerce=int, required=False)
    to_year = forms.TypedChoiceField(label=_("To year"), coerce=int, required=False)

    def __init__(self, data=None, *, years: list[int], **kwargs):
        super().__init__(data, **kwargs)
        choices = [(year, year) for year in years]
        for name in ("from_year", "to_year"):
            self.fields[name].choices = [("", "—"), *choices]
            self.fields[name].widget.attrs["class"] = "form-select"
        if years:  # an unasked page shows the range it covers
            self.fields["from_year"].initial, self.fields["to_year"].initial = years[0], years[-1]
        self.years = years

    def chosen_years(self) -> list[int]:
        """The range asked for, or every year on record (a bad value is ignored)."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        first = cleaned.get("from_year") or (self.years[0] if self.years else None)
        last = cleaned.get("to_year") or (self.years[-1] if self.years else None)
        return year_range(first, last)


class UsageForm(YearRangeForm):
    deadline = forms.DateField(
        label=_("Disbursed by"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        help_text=_("The day by which every allocation should be paid out (拨付使用)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = default_deadline()

    def chosen_deadline(self) -> dt.date:
        cleaned = self.cleaned_data if self.is_valid() else {}
        return cleaned.get("deadline") or default_deadline()


class DrillForm(YearRangeForm):
    """The drill-down's years; the usage page's deadline rides along, unshown,
    so that the way back keeps it."""

    deadline = forms.DateField(required=False, widget=forms.HiddenInput)


class AdvanceForm(forms.Form):
    """The day the project reached its next stage (not in the future)."""

    on = forms.DateField(
        label=_("Reached on"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ProjectEvidenceForm(forms.Form):
    evidence = EvidenceField(label=_("Evidence files"), required=True)
    caption = forms.CharField(
        label=_("caption"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("e.g. 立项批复, 公示照片, 验收报告"),
    )


class FundUploadForm(forms.Form):
    """A funds file: which kind, and the workbook (checked by content)."""

    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=ImportKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("File (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.HOUSEHOLD_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
            )
        head = upload.read(4)
        upload.seek(0)
        # Checked by content: an .xlsx is a zip archive, whatever its name says.
        if head != b"PK\x03\x04":
            raise forms.ValidationError(
                _("“%(name)s” is not an Excel workbook (.xlsx).") % {"name": upload.name}
            )
        return upload
