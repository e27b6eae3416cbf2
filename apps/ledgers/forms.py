from django import forms
from django.utils.translation import gettext_lazy as _

from apps.evidence.forms import MultipleFileInput

from .models import EntryStatus


class MultipleFileField(forms.FileField):
    """Several files; their types and contents are checked by the service,
    which knows the item's accepted evidence."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


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
    evidence = MultipleFileField(label=_("Evidence files"))
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TemplateImportForm(forms.Form):
    file = forms.FileField(
        label=_("Template file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class LevelForm(forms.Form):
    level = forms.ChoiceField(required=False)
