from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator


class ScoreEntryForm(forms.Form):
    """One field per indicator, each between 0 and the indicator's maximum."""

    # The scorecard's version when the form was opened (a new scorecard starts at 1).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, initial=1)

    def __init__(
        self, *args, indicators: list[Indicator], initial_points=None, version: int = 1, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = version
        initial_points = initial_points or {}
        self.indicators = indicators
        for indicator in indicators:
            maximum = indicator.max_points
            self.fields[self.field_name(indicator)] = forms.DecimalField(
                label=_("{indicator}（max {points}）").format(
                    indicator=indicator.name, points=f"{maximum.normalize():f}"
                ),
                min_value=Decimal(0),
                max_value=maximum,
                max_digits=6,
                decimal_places=2,
                initial=initial_points.get(indicator.pk),
                error_messages={
                    "max_value": _("%(indicator)s allows at most %(max)s points.")
                    % {"indicator": indicator.name, "max": f"{maximum.normalize():f}"},
                    "min_value": _("A score cannot be negative."),
                },
            )

    @staticmethod
    def field_name(indicator: Indicator) -> str:
        return f"indicator_{indicator.pk}"

    def points(self) -> dict[int, Decimal]:
        return {i.pk: self.cleaned_data[self.field_name(i)] for i in self.indicators}
