"""Target against actual: met, not met, or not yet measurable."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Comparison, TargetKind


class Verdict(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_MEASURABLE = "not_measurable", _("Not yet measurable")


@dataclass(frozen=True)
class Actual:
    """A measured or reported value. A rate from the records carries its
    numerator and denominator, so the comparison is exact (19 999 of 20 000
    does not meet 100 %, though it shows as 100.00 %)."""

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None


def verdict(*, kind: str, comparison: str, target: Decimal, actual: Actual | None) -> Verdict:
    if actual is None or actual.value is None:
        return Verdict.NOT_MEASURABLE
    left, right = Decimal(actual.value), Decimal(target)
    if kind == TargetKind.PERCENT and actual.denominator:
        left, right = Decimal(actual.numerator) * 100, right * actual.denominator
    if kind == TargetKind.YES_NO:
        left, right = Decimal(bool(left)), Decimal(bool(right))
    met = {
        Comparison.AT_LEAST: left >= right,
        Comparison.AT_MOST: left <= right,
        Comparison.EQUAL: left == right,
    }[Comparison(comparison)]
    return Verdict.MET if met else Verdict.NOT_MET
