"""The official date format (2020年11月20日) wherever the portal writes a date."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from apps.core.dates import official_date, official_datetime

# 16:30 UTC on 19 November is half past midnight on the 20th in Zhanjiang.
LATE_EVENING_UTC = dt.datetime(2020, 11, 19, 16, 30, tzinfo=dt.UTC)


def test_a_date_is_written_without_leading_zeros():
    assert official_date(dt.date(2020, 1, 5)) == "2020年1月5日"
    assert official_date(dt.date(2020, 11, 20)) == "2020年11月20日"
    assert official_date(None) == ""


def test_a_moment_is_written_as_the_local_day_and_time():
    assert official_date(LATE_EVENING_UTC) == "2020年11月20日"
    assert official_datetime(LATE_EVENING_UTC) == "2020年11月20日 00:30"
    assert official_datetime(None) == ""


def test_every_template_writes_it_without_loading_a_library_even_in_english():
    template = Template(
        "{{ day|official_date }} / {{ at|official_datetime }}"
        " / {{ none|official_date|default:'—' }}"
    )
    with translation.override("en"), timezone.override("Asia/Shanghai"):
        text = template.render(Context({"day": dt.date(2018, 12, 31), "at": LATE_EVENING_UTC}))
    assert text == "2018年12月31日 / 2020年11月20日 00:30 / —"


def test_a_date_param_is_the_iso_day_a_date_input_and_a_link_need():
    from apps.core.dates import date_param

    assert date_param(dt.date(2020, 11, 20)) == "2020-11-20"
    assert date_param(LATE_EVENING_UTC) == "2020-11-20"  # the local day
    assert date_param(None) == ""
    assert (
        Template("{{ d|date_param }}").render(Context({"d": dt.date(2020, 1, 5)})) == "2020-01-05"
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_date_is_typed_officially_or_as_iso_in_every_form(language):
    from django import forms

    class DayForm(forms.Form):
        day = forms.DateField()

    with translation.override(language):
        for typed in ("2020年11月20日", "2020-11-20", "2020/11/20"):
            form = DayForm({"day": typed})
            assert form.is_valid() and form.cleaned_data["day"] == dt.date(2020, 11, 20), typed
        assert DayForm({"day": "2020年1月5日"}).is_valid()
        assert not DayForm({"day": "2020年13月5日"}).is_valid()


def test_exports_write_dates_officially_in_english_too():
    from apps.timetables.exports import day

    with translation.override("en"):
        assert day(dt.date(2018, 12, 10)) == "2018年12月10日"
