"""Number filters built into every template (see TEMPLATES in settings).

``{{ x|amount }}`` 44,891.00万元 · ``{{ x|amount:"元" }}`` · ``{{ n|count }}`` 1,606 ·
``{{ p|percent }}`` 97.89% · ``{% rate spent allocated %}`` 97.89% with its
numerator and denominator beside it (and on hover), highlighted when below
``target`` (a percentage).
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..numbers import (
    MISSING,
    Number,
    format_amount,
    format_count,
    format_number,
    format_percent,
    rate,
)

register = template.Library()


@register.filter
def amount(value: Number, unit: str = "万元") -> str:
    return format_amount(value, unit)


@register.filter
def count(value: Number) -> str:
    return format_count(value)


@register.filter
def number(value: Number, places: int = 2) -> str:
    return format_number(value, int(places))


@register.filter
def percent(value: Number) -> str:
    return format_percent(value)


@register.simple_tag(name="rate")
def rate_of(
    numerator: Number,
    denominator: Number,
    *,
    target: Number = None,
    unit: str = "",
    places: int = 2,
    parts: bool = True,
) -> str:
    """A rate with its parts: ``97.89%`` + ``43,943.70/44,891.00`` (ints as
    counts, decimals as amounts); marked when below ``target``."""
    value = rate(numerator, denominator)
    if value is None:
        return format_html(
            '<span class="rate rate-none" title="{}">{}</span>', _("No denominator"), MISSING
        )
    # Counts (ints) show as counts, amounts (Decimal) with two decimals.
    fmt = format_count if _are_counts(numerator, denominator) else format_number
    top, bottom = fmt(numerator), fmt(denominator)
    below = target is not None and value < _as_decimal(target)
    title = _("%(numerator)s of %(denominator)s%(unit)s") % {
        "numerator": top,
        "denominator": bottom,
        "unit": unit,
    }
    classes = "rate rate-below text-danger fw-semibold" if below else "rate"
    label = format_percent(value, places)
    if below:
        title += _("; below the target of %(target)s") % {"target": format_percent(target)}
    if not parts:
        return format_html('<span class="{}" title="{}">{}</span>', classes, title, label)
    return format_html(
        '<span class="{}" title="{}">{}</span> '
        '<small class="rate-parts text-secondary">{}/{}</small>',
        classes,
        title,
        label,
        top,
        bottom,
    )


def _are_counts(*values: Number) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _as_decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))
