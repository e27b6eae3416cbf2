"""Correcting a monitoring case on a 390 px phone (issue 19): county staff
open the case, tap 修改监测信息, the form fits the screen with thumb-sized
controls, and the saved change shows on the case page and in its history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from apps.accounts.access import SYSTEM
from apps.households.models import Household
from apps.monitoring import services
from apps.regions.models import Region
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_phone import PHONE, _assert_fits, _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_county_staff_edit_a_case_on_a_phone(browser, live_server, demo):
    village = Region.objects.filter(level="village", county__name="吴川市").first()
    case = services.do_open_case(
        actor=SYSTEM, household=Household.objects.create(number="PHONE-1", village=village),
        kind="marginal", identified_on=datetime.date(2020, 10, 1), identified_how="cadre_check",
        risk_types=["illness"], income_at_identification=Decimal("3000"), helper="陈志强",
    )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _log_in(page, "wuchuan")
        page.goto(f"/monitoring/cases/{case.pk}/")
        with page.expect_navigation():
            page.get_by_role("link", name="修改监测信息").click()
        _assert_fits(page, page.url)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "monitoring-case-edit.png"), full_page=True)
        page.fill("#id_helper", "手机修改的帮扶人")
        with page.expect_navigation():
            page.get_by_role("button", name="保存").click()
        assert f"/monitoring/cases/{case.pk}/" in page.url
        body = page.locator("main").inner_text()
        assert "监测对象信息已保存" in body and "手机修改的帮扶人" in body
        _assert_fits(page, page.url)
    finally:
        context.close()
    case.refresh_from_db()
    assert case.helper == "手机修改的帮扶人" and case.version >= 2
