"""The evidence form field (several files, each checked) and the upload form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .validators import accepted_extensions, check_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each checked by content and size; the reasons
    for every refused file are reported together."""

    def __init__(self, *args, **kwargs):
        accept = ",".join(accepted_extensions())
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            if self.required:  # an upload form posted without a file
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        cleaned = [super(EvidenceField, self).clean(item, initial) for item in files]
        problems: list[ValidationError] = []
        for upload in cleaned:
            try:
                check_upload(upload)
            except ValidationError as exc:
                problems.append(exc)
        if problems:
            raise ValidationError(problems)
        return cleaned


class EvidenceUploadForm(forms.Form):
    evidence = EvidenceField(label=_("Evidence files"), required=True)
