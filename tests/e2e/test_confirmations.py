"""Issue 17 in a real browser: 印发 and a redraw each show what they will change
and wait for a second click; the redraw keeps the draw the bulletin cites."""

from __future__ import annotations

import pytest

from apps.accounts.models import User
from apps.bulletins.models import Bulletin
from apps.bulletins.services import draft_bulletin_from_campaign
from apps.inspections.models import Campaign, SampleDraw

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "zhanjiang-2020"


def test_city_office_confirms_before_issuing(page, log_in):
    draft = draft_bulletin_from_campaign(
        user=User.objects.get(username="city"),
        campaign=Campaign.objects.get(slug=SLUG),
        organ_abbreviation="湛扶组",
        year=2020,
    )
    log_in("city", f"/bulletins/{draft.pk}/")
    with page.expect_navigation():
        page.locator("main a.btn-danger", has_text="印发").click()
    assert page.locator("h1").inner_text() == "确定印发这份文件？"
    warning = page.locator(".alert-warning").inner_text()
    assert "湛扶组〔2020〕34号" in warning and "无法撤销" in warning
    assert "29个乡镇、58个行政村" in warning  # the sample the bulletin cites
    draft.refresh_from_db()
    assert not draft.is_issued  # asking changed nothing
    with page.expect_navigation():
        page.get_by_role("button", name="确定印发").click()
    draft.refresh_from_db()
    assert draft.is_issued
    assert "已印发" in page.locator("main").inner_text()


def test_city_office_confirms_before_a_redraw_takes_effect(page, log_in):
    campaign = Campaign.objects.get(slug=SLUG)
    used = campaign.current_draw
    log_in("city", f"/inspections/{SLUG}/sample/")
    page.fill("#id_towns_per_county", "1")
    page.fill("#id_villages_per_town", "1")
    page.fill("#id_households_per_village", "1")
    page.fill("#id_seed", "浏览器重抽")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("h1").inner_text() == "确定将这次抽样设为当前抽样？"
    table = page.locator(".alert-warning table").inner_text()
    assert "29" in table and "58" in table  # now: seed 000's draw
    assert "不会删除任何抽样" in page.locator(".alert-warning").inner_text()
    campaign.refresh_from_db()
    assert campaign.current_draw == used  # not current until confirmed
    with page.expect_navigation():
        page.get_by_role("button", name="确定设为当前抽样").click()
    campaign.refresh_from_db()
    new = SampleDraw.objects.get(seed="浏览器重抽")
    assert campaign.current_draw == new
    assert f"第{new.pk}号抽样已设为当前抽样" in page.content()
    # The used draw is kept and the issued demo bulletin still cites it.
    assert SampleDraw.objects.filter(pk=used.pk).exists()
    assert Bulletin.objects.get(sequence=33).draw == used
