from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.evidence.forms import EvidenceField


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        required=False,
        label=_("As of"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


class TickForm(forms.Form):
    completed_on = forms.DateField(
        label=_("Completed on"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    evidence = EvidenceField(label=_("Evidence files"))
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it reopened?"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
