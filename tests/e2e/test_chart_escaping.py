"""The dashboard chart's tooltip is HTML: a region name with markup must show
as text and never run (ECharts inserts a formatter's string as HTML)."""

from __future__ import annotations

import pytest

from apps.regions.models import Region
from apps.scorecards.models import RankingRow

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE = '<img src=x onerror="window.__xss=1">吴川市'


def test_tooltip_shows_a_hostile_region_name_as_text(page, log_in):
    county = Region.objects.get(level="county", name="吴川市")
    RankingRow.objects.filter(region=county).update(label=HOSTILE)
    log_in("leader", "/")
    page.locator("#county-chart[data-rendered=true]").wait_for()
    index = page.evaluate(
        """(name) => {
            const chart = echarts.getInstanceByDom(document.getElementById('county-chart'));
            const names = chart.getOption().yAxis[0].data;
            const i = names.indexOf(name);
            chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
            return i;
        }""",
        HOSTILE,
    )
    assert index >= 0
    tooltip = page.locator("#county-chart div", has_text="吴川市").last
    tooltip.wait_for()
    assert "<img" in tooltip.inner_text()  # shown as text
    page.wait_for_timeout(300)  # an injected <img> would have fired onerror by now
    assert page.evaluate("window.__xss") is None
