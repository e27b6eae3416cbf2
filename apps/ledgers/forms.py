from django import forms
from django.utils.translation import gettext_lazy as _

from apps.evidence.forms import MultipleFileInput

from .models import EntryStatus


class EntryForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=EntryStatus.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    # The item's accepted types are checked by the service, with the item named.
    evidence = forms.FileField(
        label=_("Evidence files"),
        required=False,
        widget=MultipleFileInput(attrs={"class": "form-control"}),
    )
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_evidence(self):
        return self.files.getlist("evidence") if self.files else []


class TemplateImportForm(forms.Form):
    file = forms.FileField(
        label=_("Template file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class LevelForm(forms.Form):
    level = forms.ChoiceField(required=False)
