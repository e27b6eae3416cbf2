from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator


def format_limit(points: Decimal) -> str:
    """20.00 → 20, 7.50 → 7.5: the maximum as the tables print it."""
    return f"{points.normalize():f}"


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
            limit = format_limit(maximum)
            # min/max/step reach the input from the field (NumberInput); the
            # browser's check is a convenience, the field's is the refusal.
            widget = forms.NumberInput(
                attrs={
                    "class": "form-control score-input",
                    "inputmode": "decimal",
                    "data-max": limit,
                    "aria-describedby": f"limit_{indicator.pk}",
                }
            )
            field = forms.DecimalField(
                label=indicator.name,
                min_value=Decimal(0),
                max_value=maximum,
                max_digits=6,
                decimal_places=2,
                initial=initial_points.get(indicator.pk),
                widget=widget,
                error_messages={
                    "max_value": _("%(indicator)s allows at most %(max)s points.")
                    % {"indicator": indicator.name, "max": limit},
                    "min_value": _("A score cannot be negative."),
                },
            )
            field.limit = _("out of %(points)s") % {"points": limit}
            self.fields[self.field_name(indicator)] = field

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:  # a refused box is marked red next to its message
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    @staticmethod
    def field_name(indicator: Indicator) -> str:
        return f"indicator_{indicator.pk}"

    def points(self) -> dict[int, Decimal]:
        return {i.pk: self.cleaned_data[self.field_name(i)] for i in self.indicators}

    def shown_points(self) -> dict[int, Decimal | None]:
        """What each box shows now: the posted text if it is a number within
        the limits, else the stored value (for the total the page shows)."""
        shown: dict[int, Decimal | None] = {}
        for indicator in self.indicators:
            value = self[self.field_name(indicator)].value()
            try:
                points = Decimal(str(value)) if value not in (None, "") else None
            except InvalidOperation:
                points = None
            if points is not None and not (
                points.is_finite() and 0 <= points <= indicator.max_points
            ):
                points = None
            shown[indicator.pk] = points
        return shown
