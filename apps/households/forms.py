from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .idnumbers import birth_date_of, disability_certificate_problem, id_number_problem, is_male
from .models import Household, Member, Sex

HOUSEHOLD_EDITABLE = (
    "category",
    "exit_status",
    "exit_year",
    "monitoring_status",
    "main_cause",
    "other_causes",
    "per_capita_income",
    "wage_income",
    "business_income",
    "business_expenditure",
    "annual_expenditure",
    "housing_area",
    "housing_safe",
    "renovation_year",
    "renovation_completed_on",
    "water_safe",
    "water_difficult",
    "helper",
    "assisting_unit",
    "has_assistance_plan",
)
MEMBER_EDITABLE = (
    "name",
    "id_number",
    "relationship",
    "sex",
    "birth_date",
    "ethnicity",
    "education",
    "school_status",
    "health",
    "labour_capacity",
    "migrant_work",
    "migrant_months",
    "has_medical_insurance",
    "has_serious_illness_insurance",
    "has_pension_insurance",
    "receives_dibao",
    "dibao_amount",
    "receives_destitute_support",
    "destitute_amount",
    "disability_certificate",
    "receives_disability_subsidy",
    "receives_living_subsidy",
)


class _Versioned(forms.ModelForm):
    """Carries the version the editor opened, for optimistic locking."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["opened_version"] = self.instance.version
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.NullBooleanSelect):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class HouseholdForm(_Versioned):
    class Meta:
        model = Household
        fields = HOUSEHOLD_EDITABLE
        widgets = {
            "renovation_completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }


class MemberChecks:
    """A member's ID number, and the birth date, sex and disability certificate
    it must agree with: the portal's form and the admin's both check these."""

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        problem = id_number_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self):
        data = super().clean()
        id_number = data.get("id_number")
        if not id_number:
            return data
        if data.get("birth_date") and data["birth_date"] != birth_date_of(id_number):
            self.add_error("birth_date", _("The birth date disagrees with the ID number."))
        expected_sex = Sex.MALE if is_male(id_number) else Sex.FEMALE
        if data.get("sex") and data["sex"] != expected_sex:
            self.add_error("sex", _("The sex disagrees with the ID number."))
        certificate = data.get("disability_certificate")
        if certificate:
            problem = disability_certificate_problem(certificate, id_number)
            if problem:
                self.add_error("disability_certificate", problem)
        return data


class MemberForm(MemberChecks, _Versioned):
    class Meta:
        model = Member
        fields = MEMBER_EDITABLE
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class HouseholdUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Household file (.xlsx)"),
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
