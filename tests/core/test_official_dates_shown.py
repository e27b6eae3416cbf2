"""No page, export or PDF shows a date as 2020-11-20: every routed page (and
every admin changelist) as the city office, the .xlsx downloads and the issued
bulletin. Date inputs keep their 2020-11-20 value (HTML needs it); the page says
the chosen day as 2020年11月20日, and a typed 2020年11月20日 is understood."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import openpyxl
import pdfplumber
import pytest
from django.contrib import admin
from django.urls import reverse

from apps.accounts.models import User
from apps.inspections.models import Campaign, Team
from apps.regions.models import Level
from tests.helpers import routed_patterns
from tests.helpers.matrix_objects import build_objects

# ASCII word boundaries: in Unicode mode 按2020-11-20计算 has none (CJK are word characters).
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b", re.ASCII)
SLUG = "zhanjiang-2020"
# Attributes a reader sees (on hover, or read out); values and links are not text.
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# Not pages: posts, downloads and redirects (their downloads are checked below).
NOT_PAGES = {
    "logout", "set_language", "favicon", "households:template", "households:import_progress",
    "households:import_problems", "households:import_confirm", "households:import_cancel",
    "households:import_resubmit", "reports:redlight_county_xlsx", "inspections:evidence_upload",
    "inspections:evidence_download", "inspections:finding_transition", "bulletins:create",
    "bulletins:edit", "bulletins:issue", "bulletins:pdf", "bulletins:draft_report",
    "plans:bulletin",
    "plans:evidence_download", "timetables:draft_notice", "timetables:deliverable_reopen",
    "timetables:evidence_upload", "timetables:evidence_download",
    "funds:project_advance", "funds:project_evidence_upload", "funds:project_evidence_download",
    "funds:projects_xlsx", "funds:import_template", "funds:import_progress",
    "ledgers:archive", "ledgers:evidence_download",
    "funds:loans_overdue_xlsx",
    "monitoring:list_xlsx", "monitoring:ledger_xlsx", "monitoring:case_step",
    "monitoring:measure_add",
    "monitoring:visit_add", "monitoring:measure_start", "monitoring:measure_done",
    "monitoring:measure_evidence_upload", "monitoring:measure_evidence", "monitoring:visit_photo",
    "monitoring:removal_evidence",
    "tasks:board_xlsx", "tasks:reply", "tasks:step", "tasks:evidence_download",
    "scorecards:dashboard_pdf",
    # Downloads, JSON and the phone app's shell and API (its dates are drawn on the phone).
    "returns:completeness_xlsx", "returns:inbox_count", "returns:step", "returns:progress",
    "returns:detail",
    "field:manifest", "field:service_worker", "field:shell", "field:proposals",
    "field:proposal_decide", "field:results_xlsx", "field:api_households", "field:api_visit",
}  # fmt: skip


def _county(o: dict) -> dict:
    return {"region": o["county_a"].pk}


def _draw(o: dict) -> int:
    return Campaign.objects.get(slug=SLUG).current_draw_id


# Page name → (path arguments, query) naming 吴川市's records.
PAGES = {
    "regions:detail": lambda o: ([o["village_a"].pk], {}),
    "households:detail": lambda o: ([o["household_a"].pk], {}),
    "households:edit": lambda o: ([o["household_a"].pk], {}),
    "households:member_edit": lambda o: ([o["member_a"].pk], {}),
    "households:import_detail": lambda o: ([o["import_a"].pk], {}),
    "reports:indicators": lambda o: ([], _county(o)),
    "reports:redlights": lambda o: ([], _county(o)),
    "reports:redlight_queue": lambda o: ([], _county(o)),
    "reports:redlight_households": lambda o: (["R9-01"], _county(o)),
    "reports:gaps": lambda o: ([], _county(o)),
    "inspections:finding_detail": lambda o: ([o["finding_a"].pk], {}),
    "inspections:finding_edit": lambda o: ([o["finding_a"].pk], {}),
    "inspections:campaign_detail": lambda o: ([SLUG], {}),
    "inspections:sample": lambda o: ([SLUG], {}),
    "inspections:choose_draw": lambda o: ([SLUG, _draw(o)], {}),
    "inspections:follow_up": lambda o: ([SLUG], {}),
    "inspections:problem_list": lambda o: ([SLUG], {}),
    "scorecards:dashboard": lambda o: ([SLUG], {}),
    "scorecards:drill": lambda o: ([SLUG, o["county_a"].pk], {}),
    "scorecards:ranked_table": lambda o: ([SLUG, Level.VILLAGE], {}),
    "scorecards:score_regions": lambda o: ([SLUG, Level.VILLAGE], {}),
    "scorecards:score_entry": lambda o: ([SLUG, Level.VILLAGE, o["village_a"].pk], {}),
    "bulletins:detail": lambda o: ([o["bulletin"].pk], {}),
    "plans:detail": lambda o: ([o["plan_a"].pk], {}),
    "plans:target": lambda o: ([o["target_a"].pk], {}),
    "timetables:detail": lambda o: ([o["timetable_a"].pk], {}),
    "timetables:deliverable": lambda o: ([o["deliverable_a"].pk], {}),
    "funds:usage_region": lambda o: ([o["county_a"].pk], {}),
    "funds:project": lambda o: ([o["project_a"].pk], {}),
    "funds:import_detail": lambda o: ([o["fund_import_a"].pk], {}),
    "ledgers:template": lambda o: ([o["ledger_template"].pk], {}),
    "ledgers:import_template": lambda o: ([o["ledger_template"].pk], {}),
    "ledgers:county": lambda o: ([o["ledger_template"].pk, o["county_a"].pk], {}),
    "ledgers:missing": lambda o: ([o["ledger_template"].pk, o["county_a"].pk], {}),
    "ledgers:entry": lambda o: ([o["ledger_item"].pk, o["village_a"].pk], {}),
    "funds:loan": lambda o: ([o["loan_a"].pk], {}),
    "monitoring:case": lambda o: ([o["case_a"].pk], {}),
    "monitoring:case_edit": lambda o: ([o["case_a"].pk], {}),
    "monitoring:measure_edit": lambda o: ([o["measure_a"].pk], {}),
    "monitoring:ledger": lambda o: ([o["case_a"].household_id], {}),
    "monitoring:open_case": lambda o: ([o["household_a"].pk], {}),
    "inspections:finding_open_case": lambda o: ([o["finding_a"].pk], {}),
    "tasks:detail": lambda o: ([o["task_a"].pk], {}),
}


class _ShownText(HTMLParser):
    """The text a reader sees: text nodes outside scripts and styles, and
    the attributes shown on hover; never input values or hrefs."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value or "" for name, value in attrs if name in SHOWN_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def shown_text(html: str) -> str:
    parser = _ShownText()
    parser.feed(html)
    return " ".join(parser.parts)


def iso_dates_on(client, url: str, query: dict | None = None) -> list[str]:
    response = client.get(url, query or {})
    assert response.status_code == 200, (url, response.status_code)
    return ISO_DATE.findall(shown_text(response.content.decode()))


@pytest.fixture
def objects(demo):
    return build_objects()


@pytest.fixture
def city(client, objects):
    client.force_login(User.objects.get(username="city"))
    return client


def test_every_page_is_walked():
    with_args = {name for name, pattern in routed_patterns() if pattern.pattern.converters}
    assert with_args - set(PAGES) - NOT_PAGES == set(), "a page this test does not walk"


def test_no_page_shows_an_iso_date(city, objects):
    found = {}
    for name, pattern in routed_patterns():
        if name in NOT_PAGES or pattern.pattern.converters:
            continue
        found[name] = iso_dates_on(city, reverse(name))
    for name, arguments in PAGES.items():
        args, query = arguments(objects)
        found[name] = iso_dates_on(city, reverse(name, args=args), query)
    assert {name: dates for name, dates in found.items() if dates} == {}


def test_no_admin_list_shows_an_iso_date(city):
    found = {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = city.get(url)
        if response.status_code == 200:  # the superuser's own lists answer 403 to the office
            found[model._meta.label] = ISO_DATE.findall(shown_text(response.content.decode()))
    assert {label: dates for label, dates in found.items() if dates} == {}


@pytest.mark.parametrize(
    ("name", "typed"),
    [("reports:indicators", "2019年12月31日"), ("reports:redlights", "2019-12-31")],
)
def test_the_chosen_day_is_said_officially_and_typed_either_way(city, objects, name, typed):
    response = city.get(reverse(name), {"region": objects["county_a"].pk, "as_of": typed})
    html = response.content.decode()
    label = html.split('for="report-as-of"')[1].split("</label>")[0]
    assert "统计日期：" in label and "2019年12月31日" in label
    assert 'value="2019-12-31"' in html  # the date input itself keeps the ISO value
    assert response.context["params"].as_of.isoformat() == "2019-12-31"


def test_plan_and_timetable_pickers_say_the_day(city, objects):
    plan = city.get(reverse("plans:detail", args=[objects["plan_a"].pk]), {"as_of": "2020年1月5日"})
    assert '<span class="as-of-shown">2020年1月5日</span>' in plan.content.decode()
    timetable = city.get(
        reverse("timetables:detail", args=[objects["timetable_a"].pk]), {"as_of": "2020-12-05"}
    )
    html = timetable.content.decode()
    assert '<span class="as-of-shown">2020年12月5日</span>' in html and 'value="2020-12-05"' in html


def _xlsx_texts(response) -> list[str]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def test_no_export_writes_an_iso_date(city, objects):
    county = objects["county_a"]
    team = Team.objects.filter(campaign__slug=SLUG).first()
    xlsx = {"export": "xlsx"}
    downloads = {
        "findings": (reverse("inspections:finding_list"), xlsx),
        "ledger": (reverse("inspections:ledger"), xlsx),
        "problem list": (reverse("inspections:problem_list", args=[SLUG]), xlsx),
        "worksheet": (reverse("inspections:sample", args=[SLUG]), {**xlsx, "team": team.pk}),
        "ranking": (reverse("scorecards:ranked_table", args=[SLUG, Level.COUNTY]), xlsx),
        "indicators": (reverse("reports:indicators"), {**xlsx, "region": county.pk}),
        "gaps": (reverse("reports:gaps"), {**xlsx, "region": county.pk}),
        "red lights": (reverse("reports:redlight_county_xlsx", args=[county.pk]), {}),
        "plan": (reverse("plans:detail", args=[objects["plan_a"].pk]), xlsx),
        "timetable": (reverse("timetables:detail", args=[objects["timetable_a"].pk]), xlsx),
        "project ledger": (reverse("funds:projects_xlsx"), {}),
        "funds import template": (reverse("funds:import_template", args=["expenditures"]), {}),
        "ledger ranking": (reverse("ledgers:template", args=[objects["ledger_template"].pk]), xlsx),
        "ledger grid": (
            reverse("ledgers:county", args=[objects["ledger_template"].pk, county.pk]),
            xlsx,
        ),
        "overdue loans": (reverse("funds:loans_overdue_xlsx"), {}),
        "monitoring list": (reverse("monitoring:list_xlsx"), {}),
        "assistance ledger": (
            reverse("monitoring:ledger_xlsx", args=[objects["case_a"].household_id]),
            {},
        ),
        "task board": (reverse("tasks:board_xlsx"), {}),
    }
    found = {}
    for label, (url, query) in downloads.items():
        texts = _xlsx_texts(city.get(url, query))
        found[label] = [t for t in texts if ISO_DATE.search(t)]
    assert {label: cells for label, cells in found.items() if cells} == {}
    # The dates they carry are written officially.
    assert any("2020年12月10日" in t for t in _xlsx_texts(city.get(*downloads["timetable"])))


def test_the_issued_bulletin_has_no_iso_date(city, objects):
    response = city.get(reverse("bulletins:pdf", args=[objects["bulletin"].pk]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "2020年11月20日" in text and not ISO_DATE.findall(text)
