"""The micro-credit pages' as-of picker and the overdue list's county filter."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.filters import counties_in_scope

from .forms import DATE_WIDGET


def default_as_of() -> dt.date:
    """``FUNDS_LOANS_AS_OF`` (the demo's 2020-11-20), or today when it is empty."""
    configured = settings.FUNDS_LOANS_AS_OF
    return dt.date.fromisoformat(configured) if configured else timezone.localdate()


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        help_text=_("Overdue: fallen due before this day and not repaid by it."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["as_of"].initial = default_as_of()

    def chosen_as_of(self) -> dt.date:
        """The day asked for, or the default (a bad value is ignored)."""
        return self._valid("as_of") or default_as_of()

    def _valid(self, name: str):
        """A field's value when it is valid, even if another field is not."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name)


class OverdueForm(AsOfForm):
    """The overdue list: a day and, for users with several counties, one county."""

    county = forms.ModelChoiceField(
        label=_("County"), queryset=None, required=False, empty_label=_("All counties")
    )

    def __init__(self, data=None, *, request, **kwargs):
        super().__init__(data, **kwargs)
        field = self.fields["county"]
        field.queryset = counties_in_scope(request)
        field.widget.attrs["class"] = "form-select"

    def chosen_county(self):
        return self._valid("county")
