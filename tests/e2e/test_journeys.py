"""What people do with the portal, in a real browser (see conftest.py)."""

from __future__ import annotations

import io
import threading
from urllib.parse import urlsplit

import pdfplumber
import pytest
from django.db import connections
from openpyxl import load_workbook

from apps.households.models import Household
from apps.inspections.models import Finding, FindingStatus
from tests.helpers import plant_children
from tests.helpers.workbooks import member_row, write_rows

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _add_finding_as_wuchuan(page, log_in, tmp_path) -> Finding:
    log_in("wuchuan", "/inspections/")
    with page.expect_navigation():
        page.click("text=问题清单")  # the findings list from 核查
    with page.expect_navigation():
        page.click("text=录入问题")
    assert page.locator("#id_campaign option:checked").inner_text() == "湛江市2020年脱贫攻坚核查"
    page.select_option("#id_region", label="吴川市兰石镇名利村")
    page.select_option("#id_category", label="入户核查发现问题")
    page.select_option("#id_source", label="核查")
    page.fill("#id_description", "张某家安全饮水未落实，浏览器旅程登记")
    page.fill("#id_responsible_unit", "吴川市水务局")
    evidence = tmp_path / "现场照片说明.pdf"
    evidence.write_bytes(EVIDENCE_PDF)
    page.set_input_files("#id_evidence", str(evidence))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    return Finding.objects.get(description__startswith="张某家安全饮水未落实")


def test_county_staff_records_a_finding_with_evidence(page, log_in, tmp_path):
    finding = _add_finding_as_wuchuan(page, log_in, tmp_path)
    assert "现场照片说明.pdf" in page.content()  # the detail page lists the evidence
    page.goto("/inspections/findings/")
    assert page.locator("table").get_by_text("张某家安全饮水未落实").count() == 1
    assert page.locator("a", has_text="吴川市兰石镇名利村").count() >= 1
    other = Finding.objects.filter(region__county__name="雷州市").first()
    response = page.goto(f"/inspections/findings/{other.pk}/")
    assert response.status == 404
    page.goto(f"/inspections/findings/{finding.pk}/")


def test_inspector_closes_the_finding_and_county_sees_it(page, second_page, log_in, tmp_path):
    finding = _add_finding_as_wuchuan(page, log_in, tmp_path)
    # The inspector of 第一核查组 (吴川市, 廉江市) takes it to 已销号.
    inspector = second_page
    inspector.goto("/login/")
    inspector.fill("#id_username", "inspector")
    inspector.fill("#id_password", "demo-pass-2020")
    with inspector.expect_navigation():
        inspector.click("main form button[type=submit]")
    inspector.goto(f"/inspections/findings/{finding.pk}/")
    for step in ("开始整改", "报告已整改", "核实销号"):
        with inspector.expect_navigation():
            inspector.get_by_role("button", name=step).click()
    # 核实销号 is final: the portal asks first (issue 17).
    assert inspector.locator("h1").inner_text() == "确定核实销号？"
    with inspector.expect_navigation():
        inspector.get_by_role("button", name="确定核实销号").click()
    assert "已销号" in inspector.locator(".finding-status").inner_text()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    # The county user sees the new status.
    page.goto(f"/inspections/findings/{finding.pk}/")
    assert page.locator(".finding-status").inner_text() == "已销号"


def test_leadership_reads_the_dashboard_and_downloads(page, log_in, tmp_path):
    log_in("leader", "/")
    chart = page.locator("#county-chart canvas, #county-chart svg").first
    chart.wait_for()
    painted = page.evaluate(
        """() => {
            const c = document.querySelector('#county-chart canvas');
            if (!c) return document.querySelectorAll('#county-chart svg *').length;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
            return n;
        }"""
    )
    assert painted > 1000  # the bars and labels are drawn, not an empty canvas
    # The village table filtered to 一般.
    page.goto("/scorecards/zhanjiang-2020/village/")
    page.select_option("#id_rating", label="一般")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 12
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载Excel").click()
    xlsx = download_info.value.path().read_bytes()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_row == 2 + 12  # title, header, the twelve 一般 villages
    # Drill down from the dashboard: a county to its towns.
    page.goto("/")
    with page.expect_navigation():
        page.locator(".county-list").get_by_role("link", name="吴川市").click()
    assert "兰石镇" in page.content() and "长岐镇" in page.content()
    # The bulletin PDF.
    page.goto("/bulletins/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").first.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert "湛扶组〔2020〕33号" in document.pages[0].extract_text()
    page.goto(f"/scorecards/zhanjiang-2020/region/{_county_pk('吴川市')}/")


def _county_pk(name: str) -> int:
    from apps.regions.models import Region

    return Region.objects.get(level="county", name=name).pk


def _unlabelled_fields(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea')]
            .filter(e => e.type !== 'hidden')
            .filter(e => {
                const label = e.id && document.querySelector(`label[for="${e.id}"]`);
                const visible = label && label.offsetParent !== null && label.innerText.trim();
                return !visible && !e.getAttribute('aria-label');
            })
            .map(e => e.name || e.id)"""
    )


def _tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_login_and_finding_form_work_with_the_keyboard_alone(page):
    page.goto("/login/?next=/inspections/findings/new/")
    assert _unlabelled_fields(page) == []
    _tab_to(page, "#id_username")
    page.keyboard.type("wuchuan")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-pass-2020")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/inspections/findings/new/")
    assert _unlabelled_fields(page) == []
    _tab_to(page, "#id_campaign")  # the only campaign is already chosen
    page.keyboard.press("Tab")
    index = page.evaluate(
        "() => [...document.querySelector('#id_region').options]"
        ".findIndex(o => o.text === '吴川市兰石镇名利村')"
    )
    for _ in range(index):  # arrow keys walk the list from "---------"
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # household number: none
    page.keyboard.press("ArrowDown")  # the first category
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # source
    page.keyboard.press("Tab")  # severity keeps its default
    page.keyboard.press("Tab")
    page.keyboard.type("键盘录入的问题描述")
    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    finding = Finding.objects.get(description="键盘录入的问题描述")
    assert finding.region.full_name == "吴川市兰石镇名利村"
    assert finding.created_by.username == "wuchuan"


@pytest.fixture
def sqlite_readers_take_no_locks():
    """On SQLite the test database is in memory with a shared cache, where a
    reader's table lock makes another connection's write fail at once ("database
    table is locked", no busy timeout). The worker thread has its own connection
    beside the live server's, so readers are told not to lock: the page's polls
    may then read while the import writes, as they do on PostgreSQL."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    def readers_do_not_lock(sender, connection, **kwargs) -> None:
        if connection.vendor == "sqlite":
            connection.cursor().execute("PRAGMA read_uncommitted = 1")

    readers_do_not_lock(None, connection)  # the live server's, opened already
    connection_created.connect(readers_do_not_lock)
    yield
    connection_created.disconnect(readers_do_not_lock)


def _one_task_worker() -> threading.Thread:
    """A db_worker that runs the next queued task and stops (the import runs in
    the background exactly as under `make run`). Started once the upload has been
    queued, so that only one connection writes at a time on SQLite."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="e2e-worker",
        excluded_queue_names=[],
    )

    def run() -> None:
        try:
            worker.run()
        finally:
            connections.close_all()  # this thread's connection, before the test database goes

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_city_office_imports_households_after_fixing_a_bad_row(
    page, log_in, tmp_path, sqlite_readers_take_no_locks
):
    rows = [
        member_row("E2E001", order=31, 姓名="旅程户主"),
        member_row("E2E002", order=33, 姓名="旅程错行", 证件号码="4408831980"),
    ]
    log_in("city", "/households/")
    with page.expect_navigation():
        page.click("text=导入户籍数据")
    page.set_input_files("#id_file", str(write_rows(tmp_path / "户籍表.xlsx", rows)))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    worker = _one_task_worker()
    # The page polls the job and reloads itself when the worker has finished.
    page.wait_for_selector(".import-result", timeout=30_000)
    problems = page.inner_text(".problem-table")
    assert "3\t证件号码" in problems and "证件号码应为18位" in problems
    assert "未导入" in page.inner_text(".import-result")
    worker.join(timeout=10)
    assert not Household.objects.filter(number__startswith="E2E").exists()

    rows[1] = member_row("E2E002", order=33, 姓名="旅程改正")
    page.goto("/households/import/")
    page.set_input_files("#id_file", str(write_rows(tmp_path / "户籍表（改）.xlsx", rows)))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    worker = _one_task_worker()
    page.wait_for_selector(".import-result", timeout=30_000)
    assert page.inner_text(".progress-bar").strip() == "100%"
    assert "新增2户、2人" in page.inner_text(".import-result")
    worker.join(timeout=10)
    assert Household.objects.filter(number__startswith="E2E").count() == 2


def _background(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el.querySelector('td')).backgroundColor")


def _reddish(rgb: str) -> bool:
    red, green, blue = (int(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return red > green + 20 and red > blue + 20


def test_city_office_follows_the_timetable_and_drafts_a_progress_notice(page, log_in):
    """Journey 6: seed 004's timetable on 2018-12-25 — one phase done, one
    overdue (in red), one partly done, one not started — its .xlsx, and a
    progress notice (通报) drafted from it."""
    log_in("city", "/timetables/")
    with page.expect_navigation():
        page.get_by_role("link", name="迎接2018年扶贫开发成效考核工作时间表").click()
    page.fill("input[name=as_of]", "2018-12-25")
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    phases = page.locator("tr.phase-row")
    states = [phases.nth(i).locator(".phase-state").inner_text() for i in range(4)]
    assert states == ["已完成", "逾期未完成", "部分完成", "未开始"]
    assert _reddish(_background(phases.nth(1)))
    assert not _reddish(_background(phases.nth(0)))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载Excel").click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes())).worksheets[0]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {"已完成", "逾期未完成", "部分完成", "未开始"} <= cells
    with page.expect_navigation():
        page.get_by_role("button", name="起草进度通报").click()
    body = page.content()
    assert "逾期未完成" in body and "架岭村" in body  # the draft names the overdue village
    assert "附件为起草时冻结的表格" in body


def test_leadership_reads_the_responsibility_matrix(page, log_in):
    """Journey 7: the 目标责任分解表 of seed 003's plan, target against actual,
    read by leadership and downloaded; county staff elsewhere cannot open it.
    The zone's records hold 4 492 of 4 518 compulsory-age children in school."""
    from apps.plans.models import Plan
    from apps.regions.models import Level, Region

    zone = Region.objects.get(level=Level.COUNTY, name="湛江经济技术开发区")
    plant_children(zone, in_school=4492, out_of_school=26, prefix="E2E")
    plan = Plan.objects.get(document_number="湛开办〔2018〕84号")
    log_in("wuchuan", "/")
    refused = page.goto(f"/plans/{plan.pk}/")
    assert refused.status == 404 and "不在您的管辖范围内" in page.content()
    page.context.clear_cookies()
    log_in("leader", "/plans/")
    with page.expect_navigation():
        page.get_by_role(
            "link", name="湛江经济技术开发区落实新时期精准扶贫精准脱贫工作目标责任方案"
        ).click()
    matrix = page.url
    page.fill("#matrix-as-of", "2019-12-31")  # the children are nine that day
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    enrolment = page.locator("tr", has_text="贫困户子女义务教育毛入学率")
    assert "≥93%" in enrolment.inner_text()
    assert "99.42%" in enrolment.inner_text() and "4,492/4,518" in enrolment.inner_text()
    assert enrolment.locator(".verdict").inner_text().strip() == "已达标"
    assert page.locator(".verdict", has_text="暂无法计量").count() > 0
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载Excel").click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes())).worksheets[0]
    rows = [[str(c.value) for c in row if c.value is not None] for row in sheet.iter_rows()]
    assert any("99.42%" in row and "已达标" in row for row in rows if "区教育局" in row)
    assert urlsplit(matrix).path == f"/plans/{plan.pk}/"
