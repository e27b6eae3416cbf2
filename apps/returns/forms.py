from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .machine import TRANSITIONS


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, t.label) for a, t in TRANSITIONS.items()])
    note = forms.CharField(
        label=_("Note or reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProgressForm(forms.Form):
    """The county's cumulative spending for the return's month (万元)."""

    planned_cumulative_wan = forms.DecimalField(
        label=_("planned cumulative spending (万元)"), min_value=0, max_digits=14, decimal_places=2
    )
    actual_cumulative_wan = forms.DecimalField(
        label=_("actual cumulative spending (万元)"), min_value=0, max_digits=14, decimal_places=2
    )
