"""Periodic returns in Chromium: every demo user opens each item of their
inbox (我的待办); 吴川市 corrects and resubmits the returned October 2020 fund
progress from its inbox and the city office approves it from theirs."""

from __future__ import annotations

import pytest

from apps.demo.returns import load_returns_demo

pytestmark = pytest.mark.django_db(transaction=True)

USERS = ("city", "wuchuan", "leizhou", "inspector", "leader", "yibao", "nongye")


def _inbox_links(page) -> list[tuple[str, str]]:
    items = page.locator("a.inbox-item")
    return [
        (items.nth(i).inner_text(), items.nth(i).get_attribute("href"))
        for i in range(items.count())
    ]


def test_each_demo_user_opens_every_inbox_item(page, log_in):
    load_returns_demo()
    for username in USERS:
        page.context.clear_cookies()
        log_in(username)
        assert page.locator("#inbox-title").inner_text() == "我的待办"
        badge = page.locator(".nav-inbox-count:not(.d-none)")
        badge.wait_for()  # the menu's count, fetched after the page loads
        assert int(badge.inner_text()) > 0
        links = _inbox_links(page)
        assert links, f"{username}: nothing in the inbox"
        for text, href in links:
            page.goto("/")
            with page.expect_navigation():
                page.locator(f'a.inbox-item[href="{href}"]').click()
            assert page.locator("main h1").first.is_visible(), (username, text)
            assert "出错" not in page.title(), (username, text)


def test_returned_return_corrected_resubmitted_and_approved(page, log_in, second_page):
    load_returns_demo()
    log_in("wuchuan")
    with page.expect_navigation():
        page.get_by_role("link", name="被退回待修改的报表").click()
    with page.expect_navigation():
        page.locator("table.returns-list a").first.click()
    assert "实际累计支出与拨付台账不一致" in page.locator("main").inner_text()
    page.fill("#id_planned_cumulative_wan", "3340.00")
    page.fill("#id_actual_cumulative_wan", "2950.00")
    with page.expect_navigation():
        page.get_by_role("button", name="保存数据").click()
    page.fill("#note-submit", "已核对更正")
    with page.expect_navigation():
        page.get_by_role("button", name="上报").click()
    assert "已上报" in page.locator("main").inner_text()

    page.context.clear_cookies()
    log_in("city")
    with page.expect_navigation():
        page.get_by_role("link", name="待审核的报表").click()
    with page.expect_navigation():
        page.locator("table.returns-list tr", has_text="吴川市").locator("a").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="审核通过").click()
    main = page.locator("main").inner_text()
    assert "已审核" in main and "审核后数据未发生变化" in main
