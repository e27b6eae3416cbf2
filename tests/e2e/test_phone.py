"""The portal on a 390 px phone: each role's pages fit the screen, the menu collapses
behind its toggler and every entry in it can be reached (issue 17)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.e2e.conftest import ARTIFACTS, PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# Pages one click below each menu page (lists, ledgers, ranked tables, the import page…).
SUBPAGES_PER_SECTION = 2
SKIP_SUFFIXES = (".xlsx", ".pdf", ".zip", ".docx", "/pdf/")  # downloads, not pages

# Cells of at least this many characters must not stand one character per line.
SQUEEZED_CELLS_JS = """() => [...document.querySelectorAll('main table th, main table td')]
  .filter(c => c.offsetParent !== null)
  .map(c => {
    const text = c.innerText.replace(/\\s+/g, '');
    // Lines of text: the tops of the text's boxes, those within 8 px counted once
    // (a badge's padding shifts its box but not its line).
    const range = document.createRange();
    range.selectNodeContents(c);
    const tops = [...range.getClientRects()].filter(r => r.width > 0)
      .map(r => r.top).sort((a, b) => a - b);
    const lines = tops.filter((t, i) => i === 0 || t - tops[i - 1] > 8).length;
    return {text, lines};
  })
  .filter(c => c.text.length >= 4 && c.lines > 1 && c.text.length / c.lines < 2)
  .map(c => c.text)"""

# The outermost elements reaching past the screen's right edge, to name in a failure.
OVERFLOWING_JS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => !e.parentElement.closest('.table-responsive'))
  .slice(0, 5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""

# Controls a thumb must hit: visible inputs, selects and buttons inside forms in main.
SMALL_CONTROLS_JS = """() => [...document.querySelectorAll(
    'main form input:not([type=hidden]):not([type=checkbox]):not([type=radio]), '
    + 'main form select, main form textarea, main form button')]
  .filter(c => c.offsetParent !== null)
  .filter(c => c.getBoundingClientRect().height < 40)
  .map(c => c.name || c.id || c.innerText)"""


@pytest.fixture
def phone(browser, live_server, demo, request):
    """One phone-sized browser context per test (per role)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def _log_in(page, username: str) -> None:
    page.goto("/login/")
    _assert_fits(page, "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _assert_fits(page, path: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (
        f"{path}: the page is {widths[0]} px wide on a {widths[1]} px screen: "
        f"{page.evaluate(OVERFLOWING_JS)}"
    )
    squeezed = page.evaluate(SQUEEZED_CELLS_JS)
    assert not squeezed, f"{path}: table cells one character per line: {squeezed[:5]}"
    small = page.evaluate(SMALL_CONTROLS_JS)
    assert not small, f"{path}: form controls smaller than a fingertip: {small[:5]}"


def _open_menu(page):
    """The menu is folded behind its toggler; a tap unfolds it."""
    menu = page.locator("#portal-menu")
    assert not menu.is_visible(), "the menu should be folded on a phone"
    page.get_by_role("button", name="菜单").click()
    menu.wait_for(state="visible")
    return menu


def _assert_reachable(page, menu, entry) -> None:
    entry.scroll_into_view_if_needed()
    assert entry.is_visible(), f"menu entry {entry.inner_text()!r} is hidden"
    box = entry.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
        f"menu entry {entry.inner_text()!r} sticks out of the screen: {box}"
    )
    entry.click(trial=True)  # actionable: not covered, not off screen


def _menu_pages(page) -> list[str]:
    menu = _open_menu(page)
    links = menu.locator("a.nav-link")
    assert links.count() >= 5
    for i in range(links.count()):
        _assert_reachable(page, menu, links.nth(i))
    for name in ("修改密码", "退出"):
        _assert_reachable(
            page,
            menu,
            menu.get_by_role("link", name=name).or_(menu.get_by_role("button", name=name)),
        )
    return [urlsplit(href).path for href in links.evaluate_all("as => as.map(a => a.href)")]


def _subpages(page, section: str, seen: set[str]) -> list[str]:
    """Up to two pages linked from a menu page's content, in that section, lists first."""
    found = []
    links = page.locator("main a[href]").evaluate_all(
        "as => as.map(a => [a.href, a.matches('.btn'), a.matches('.btn-danger')])"
    )
    # Lists and forms (no object id in the path) before one object's page, the page's
    # own buttons first among them, its main action (red: 录入问题, 导入农户…) leading.
    ranked = sorted(
        links, key=lambda link: (any(c.isdigit() for c in link[0]), not link[2], not link[1])
    )
    for path in (urlsplit(href).path for href, _, _ in ranked):
        if path in seen or path.endswith(SKIP_SUFFIXES) or "/evidence/" in path:
            continue
        if section != "/" and not path.startswith(section):
            continue
        if path.startswith(("/admin/", "/static/", "/media/")):
            continue
        seen.add(path)
        found.append(path)
        if len(found) == SUBPAGES_PER_SECTION:
            break
    return found


@pytest.mark.parametrize("username", ["wuchuan", "inspector", "city", "leader"])
def test_every_page_of_the_role_fits_a_phone(phone, username):
    _log_in(phone, username)
    _assert_fits(phone, "/")
    sections = _menu_pages(phone)
    seen = set(sections)
    visited = []
    for section in sections:
        phone.goto(section)
        _assert_fits(phone, section)
        visited.append(section)
        for path in _subpages(phone, section, seen):
            phone.goto(path)  # a refusal (403) is a page too: it must fit as well
            _assert_fits(phone, path)
            visited.append(path)
    # A form page from the user's own menu entries.
    phone.goto(reverse("password_change"))
    _assert_fits(phone, reverse("password_change"))
    assert len(visited) >= 8, visited
    if username == "wuchuan":
        assert "/households/import/" in visited  # the county's import page, from 农户
    # The folded menu still works on an inner page (not the field app's shell: a
    # standalone phone page with its own header, reached from 入户核查).
    phone.goto(next(p for p in reversed(visited) if not p.startswith("/field/")))
    _open_menu(phone).get_by_role("link", name="仪表盘").click()
    phone.wait_for_url("**/")
