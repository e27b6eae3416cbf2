"""Numbers the way the offices write them: thousands separators, a unit on
every amount, 0 for zero (never a blank), rates with two decimals and the
numerator and denominator they come from.

Plain functions (used by exports and bulletin drafting too); the template
filters in ``templatetags/official_numbers.py`` wrap them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# What an empty value shows: a dash, so that a missing figure never reads as 0.
MISSING = "—"

Number = int | float | Decimal | str | None


def _decimal(value: Number) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value: Number, places: int = 2) -> str:
    """12,345.60 (``places`` decimals, half up); 0 shows as 0.00, None as —."""
    number = _decimal(value)
    if number is None:
        return MISSING
    quantum = Decimal(1).scaleb(-places)
    return f"{number.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


def format_count(value: Number) -> str:
    """1,606 — whole numbers; 0 shows as 0, None as —."""
    number = _decimal(value)
    if number is None:
        return MISSING
    return f"{number.quantize(Decimal(1), rounding=ROUND_HALF_UP):,.0f}"


def format_amount(value: Number, unit: str = "万元", places: int = 2) -> str:
    """44,891.00万元 — an amount always with its unit; None shows as —."""
    text = format_number(value, places)
    return text if text == MISSING else f"{text}{unit}"


def rate(numerator: Number, denominator: Number, places: int = 2) -> Decimal | None:
    """100·numerator/denominator rounded half up; None when nothing to divide by."""
    top, bottom = _decimal(numerator), _decimal(denominator)
    if top is None or not bottom:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (100 * top / bottom).quantize(quantum, rounding=ROUND_HALF_UP)


def format_percent(value: Number, places: int = 2) -> str:
    """97.89% from an already computed percentage; None shows as —."""
    text = format_number(value, places)
    return text if text == MISSING else f"{text}%"


def format_rate(numerator: Number, denominator: Number, places: int = 2) -> str:
    """97.89% from its parts; — when the denominator is 0 or missing."""
    return format_percent(rate(numerator, denominator, places), places)
