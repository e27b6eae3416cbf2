"""The comparison of a target with its actual value (one function)."""

from decimal import Decimal

import pytest

from apps.plans.models import Comparison, TargetKind
from apps.plans.verdicts import Actual, Verdict, verdict

PCT, COUNT, YES = TargetKind.PERCENT, TargetKind.COUNT, TargetKind.YES_NO
GTE, LTE, EQ = Comparison.AT_LEAST, Comparison.AT_MOST, Comparison.EQUAL


def rate(n: int, d: int) -> Actual:
    return Actual(round(Decimal(100 * n) / d, 2) if d else None, n, d)


@pytest.mark.parametrize(
    ("kind", "comparison", "target", "actual", "expected"),
    [
        (PCT, GTE, 93, rate(4492, 4518), Verdict.MET),  # 99.42 %
        (PCT, GTE, 93, rate(4200, 4518), Verdict.NOT_MET),  # 92.96 %
        (PCT, GTE, 93, rate(93, 100), Verdict.MET),  # exactly on the line
        (PCT, EQ, 100, rate(96, 96), Verdict.MET),
        # 19 999 / 20 000 rounds to 100.00 % but is not everyone.
        (PCT, EQ, 100, rate(19999, 20000), Verdict.NOT_MET),
        (PCT, GTE, 100, rate(19999, 20000), Verdict.NOT_MET),
        (PCT, LTE, 5, rate(1, 20), Verdict.MET),
        (PCT, LTE, 5, rate(2, 20), Verdict.NOT_MET),
        (PCT, GTE, 93, rate(0, 0), Verdict.NOT_MEASURABLE),  # nobody to count
        (PCT, GTE, 75, Actual(Decimal("80")), Verdict.MET),  # a reported rate
        (PCT, GTE, 75, Actual(Decimal("74.99")), Verdict.NOT_MET),
        (COUNT, GTE, 2, Actual(Decimal(2)), Verdict.MET),
        (COUNT, GTE, 4, Actual(Decimal("3.5")), Verdict.NOT_MET),
        (COUNT, LTE, 0, Actual(Decimal(0)), Verdict.MET),
        (COUNT, EQ, 12, Actual(Decimal(11)), Verdict.NOT_MET),
        (YES, EQ, 1, Actual(Decimal(1)), Verdict.MET),
        (YES, EQ, 1, Actual(Decimal(0)), Verdict.NOT_MET),
        (YES, EQ, 0, Actual(Decimal(0)), Verdict.MET),
        (COUNT, GTE, 2, None, Verdict.NOT_MEASURABLE),  # nothing reported
    ],
)
def test_verdict(kind, comparison, target, actual, expected):
    assert verdict(kind=kind, comparison=comparison, target=Decimal(target), actual=actual) == (
        expected
    )
