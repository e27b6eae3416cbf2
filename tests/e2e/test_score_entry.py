"""Issue 17, score entry in a real browser on a 390 px phone: typing scores
changes the running total and the rating preview at once, the browser holds
a score above its limit back, and 保存并录入下一个 opens the next region."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.inspections.services import create_campaign, create_team
from apps.regions.models import Level, Region
from apps.scorecards.models import RankingRow
from apps.scorecards.selectors import scorable_regions
from apps.scorecards.services import create_scheme
from tests.e2e.conftest import ARTIFACTS, PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

INDICATORS = [("扶贫责任", Decimal(40)), ("政策落实", Decimal(30)), ("成效真实性", Decimal(30))]


@pytest.fixture
def town_scheme(demo):
    """A 2021 campaign scoring 吴川市's towns; the demo inspector's team covers it."""
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    campaign = create_campaign(
        slug="check-2021",
        title="2021年核查",
        kind="verification",
        year=2021,
        counties=[wuchuan],
        start_date=datetime.date(2021, 11, 1),
    )
    create_team(
        campaign=campaign,
        name="一组",
        members=[User.objects.get(username="inspector")],
        regions=[wuchuan],
    )
    return create_scheme(
        campaign=campaign, level=Level.TOWN, title="2021年核查评价表（镇级）", indicators=INDICATORS
    )


@pytest.fixture
def phone(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def test_inspector_types_scores_and_sees_the_total_and_rating_change(phone, town_scheme):
    towns = list(scorable_regions(town_scheme, user=User.objects.get(username="inspector")))
    first = reverse("scorecards:score_entry", args=["check-2021", "town", towns[0].pk])
    phone.goto(f"/login/?next={first}")
    phone.fill("#id_username", "inspector")
    phone.fill("#id_password", PASSWORD)
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    total, rating = phone.locator("#score-total"), phone.locator("#score-rating")
    assert total.inner_text() == "0" and rating.inner_text() == "全部指标录入后显示"
    assert phone.locator(".score-limit").all_inner_texts() == ["满分 40", "满分 30", "满分 30"]

    boxes = phone.locator("input.score-input")
    boxes.nth(0).fill("38")
    assert total.inner_text() == "38"
    boxes.nth(1).fill("27.5")
    assert total.inner_text() == "65.5"
    assert phone.locator("#score-filled").inner_text() == "2"
    boxes.nth(2).fill("26")
    assert total.inner_text() == "91.5" and rating.inner_text() == "好"
    boxes.nth(2).fill("16")
    assert total.inner_text() == "81.5" and rating.inner_text() == "较好"
    # Above the limit: the box turns red, leaves the total, and the browser will not send it.
    boxes.nth(2).fill("31")
    assert "is-invalid" in boxes.nth(2).get_attribute("class")
    assert total.inner_text() == "65.5" and rating.inner_text() == "全部指标录入后显示"
    assert boxes.nth(2).evaluate("box => box.validity.rangeOverflow")

    # One column, touch-size boxes, nothing wider than the phone.
    widths = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]
    assert all(box["height"] >= 40 for box in (boxes.nth(i).bounding_box() for i in range(3)))
    lefts = {round(boxes.nth(i).bounding_box()["x"]) for i in range(3)}
    assert len(lefts) == 1

    boxes.nth(2).fill("16")
    with phone.expect_navigation():
        phone.get_by_role("button", name="保存并录入下一个").click()
    assert phone.url.endswith(
        reverse("scorecards:score_entry", args=["check-2021", "town", towns[1].pk])
    )
    assert "合计 81.5 分，评级“较好”" in phone.locator(".alert-success").inner_text()
    assert towns[1].full_name in phone.locator("h1").inner_text()
    row = RankingRow.objects.get(ranking__scheme=town_scheme, region=towns[0])
    assert (row.total, row.rating) == (Decimal("81.5"), "较好")
