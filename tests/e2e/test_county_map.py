"""The dashboard's county map in a browser: the nine county shapes of the vendored
Zhanjiang map are drawn, 开发区 is a marker, a click drills down like the bars,
and the tooltip shows a hostile region name as text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.regions.models import Level, Region
from apps.scorecards.models import RankingRow

pytestmark = pytest.mark.django_db(transaction=True)

NINE = {"赤坎区", "霞山区", "坡头区", "麻章区", "遂溪县", "徐闻县", "廉江市", "雷州市", "吴川市"}
HOSTILE = '<img src=x onerror="window.__xss=1">吴川市'

CHART = "echarts.getInstanceByDom(document.getElementById('county-map'))"


def open_map(page, log_in):
    log_in("leader", "/")
    page.locator("#county-map[data-rendered=true]").wait_for()


def test_the_map_draws_nine_counties_and_a_click_drills_down(page, log_in):
    open_map(page, log_in)
    drawn = page.evaluate(
        f"""() => {{
            const chart = {CHART};
            const geo = chart.getModel().getComponent('geo').coordinateSystem;
            return geo.regions.map(r => r.name);
        }}"""
    )
    assert set(drawn) == NINE
    markers = page.evaluate(f"() => {CHART}.getOption().series[1].data.map(d => d.region.label)")
    assert markers == ["经开区"]
    # Click the middle of 雷州市's shape: the drill-down of 雷州市 opens. The cards
    # above push the map below the fold, and a mouse click does not scroll.
    page.locator("#county-map").scroll_into_view_if_needed()
    x, y = page.evaluate(
        f"""() => {{
            const chart = {CHART};
            const geo = chart.getModel().getComponent('geo').coordinateSystem;
            const region = geo.getRegion('雷州市');
            return chart.convertToPixel({{geoIndex: 0}}, region.getCenter());
        }}"""
    )
    box = page.locator("#county-map").bounding_box()
    leizhou = Region.objects.get(level=Level.COUNTY, name="雷州市")
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)
    assert page.url.endswith(reverse("scorecards:drill", args=["zhanjiang-2020", leizhou.pk]))


def test_another_figure_recolours_the_map(page, log_in):
    open_map(page, log_in)
    page.get_by_role("button", name="初步打分").click()
    assert page.locator("#county-map").get_attribute("data-metric") == "score"
    kind = page.evaluate(f"() => {CHART}.getOption().visualMap[0].type")
    assert kind == "continuous"


def test_map_tooltip_shows_a_hostile_region_name_as_text(page, log_in):
    county = Region.objects.get(level=Level.COUNTY, name="吴川市")
    RankingRow.objects.filter(region=county).update(label=HOSTILE)
    open_map(page, log_in)
    page.evaluate(
        f"() => {CHART}.dispatchAction({{type: 'showTip', seriesIndex: 0, name: '吴川市'}})"
    )
    tooltip = page.locator("#county-map div", has_text="吴川市").last
    tooltip.wait_for()
    assert "<img" in tooltip.inner_text()
    page.wait_for_timeout(300)  # an injected <img> would have fired onerror by now
    assert page.evaluate("window.__xss") is None
