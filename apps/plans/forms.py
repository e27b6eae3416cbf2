from django import forms
from django.utils.translation import gettext_lazy as _

from apps.evidence.forms import EvidenceField

from .models import ReportedValue


class MatrixForm(forms.Form):
    """The day the matrix is measured on (ages, and reports made by then)."""

    as_of = forms.DateField(
        required=False,
        label=_("As of"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


class ReportForm(forms.ModelForm):
    evidence = EvidenceField(label=_("Evidence files"))

    class Meta:
        model = ReportedValue
        fields = ["value", "reported_on", "note"]
        widgets = {
            "reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "evidence":
                field.widget.attrs.setdefault("class", "form-control")


class BulletinDraftForm(forms.Form):
    organ_abbreviation = forms.CharField(
        label=_("organ abbreviation"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control", "size": 8}),
    )
    issuing_mark = forms.CharField(
        label=_("issuing-authority mark"),
        max_length=60,
        required=False,
        help_text=_("Empty: copied from the organ's last bulletin."),
        widget=forms.TextInput(attrs={"class": "form-control", "size": 24}),
    )
    as_of = forms.DateField(required=False, widget=forms.HiddenInput)
