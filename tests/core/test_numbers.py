"""How figures read on every page: units, separators, 0 not blank, rates with parts."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from apps.core.numbers import format_amount, format_count, format_rate, rate


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_amounts_carry_their_unit_and_thousands_separators():
    assert format_amount(Decimal("44891")) == "44,891.00万元"
    assert format_amount(Decimal("978.225")) == "978.23万元"  # half up, as offices round
    assert format_amount(1500, "元") == "1,500.00元"
    assert format_amount(None) == "—"


def test_zero_reads_as_zero_and_missing_as_a_dash():
    assert format_count(0) == "0"
    assert format_amount(Decimal("0")) == "0.00万元"
    assert format_count(None) == "—"


def test_rate_is_rounded_to_two_decimals_from_its_parts():
    assert rate(Decimal("43943.7"), Decimal("44891")) == Decimal("97.89")
    assert format_rate(1, 3) == "33.33%"
    assert format_rate(5, 0) == "—"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ v|amount }}", "44,891.00万元"),
        ('{{ v|amount:"元" }}', "44,891.00元"),
        ("{{ n|count }}", "1,606"),
        ("{{ z|count }}", "0"),
    ],
)
def test_filters_need_no_load(source, expected):
    assert render(source, v=Decimal("44891"), n=1606, z=0) == expected


def test_rate_tag_shows_numerator_and_denominator():
    html = render("{% rate a b %}", a=Decimal("43943.70"), b=Decimal("44891.00"))
    assert "97.89%" in html
    assert "43,943.70/44,891.00" in html


def test_rate_tag_counts_stay_whole():
    assert "17/20" in render("{% rate a b %}", a=17, b=20)


def test_rate_below_target_is_highlighted():
    low = render("{% rate a b target=90 %}", a=17, b=20)
    high = render("{% rate a b target=80 %}", a=17, b=20)
    assert "rate-below" in low
    assert "rate-below" not in high


def test_rate_without_denominator_is_a_dash_not_zero():
    assert "—" in render("{% rate a b %}", a=0, b=0)
