"""The fund usage page in Chromium: the chart draws allocated against spent, its
tooltip shows a hostile county name as text, 按来源 unfolds a county's split,
and a click on a bar opens the county's towns."""

from __future__ import annotations

import pytest

from apps.regions.models import Level, Region

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE = '<img src=x onerror="window.__xss=1">徐闻县'


def test_chart_sources_and_drill_down(page, log_in):
    log_in("city", "/funds/")
    page.goto("/funds/usage/?from_year=2016&to_year=2019")
    page.locator("#fund-usage-chart[data-rendered=true]").wait_for()
    sources = page.locator("tr.source-row").first
    assert not sources.is_visible()
    page.get_by_role("button", name="按来源").first.click()
    sources.wait_for(state="visible")
    assert "对口帮扶市" in sources.inner_text()
    with page.expect_navigation():
        page.evaluate(
            """() => {
                const chart = echarts.getInstanceByDom(document.getElementById('fund-usage-chart'));
                const url = chart.getOption().series[0].data[0].url;
                window.location.href = url;  // what a click on the bar does
            }"""
        )
    assert "/funds/usage/" in page.url and "南山镇" in page.inner_text("main")


def test_tooltip_shows_a_hostile_county_name_as_text(page, log_in):
    Region.objects.filter(level=Level.COUNTY, name="徐闻县").update(name=HOSTILE)
    log_in("leader", "/funds/")
    page.goto("/funds/usage/?from_year=2016&to_year=2019")
    page.locator("#fund-usage-chart[data-rendered=true]").wait_for()
    page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('fund-usage-chart'));
            chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0});
        }"""
    )
    tooltip = page.locator("#fund-usage-chart div", has_text="徐闻县").last
    tooltip.wait_for()
    assert "<img" in tooltip.inner_text() and "97.89%" in tooltip.inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
