"""Issue 15.6: no input makes a page answer 500.

Every routed URL (from the URL resolver, the admin's changelists included) is
requested as the city office with every query parameter it knows — the names
of its form fields and of its own links' parameters, read from the page
itself, plus the common ones below — set to a wrong type, a NUL byte, an
over-long value or a quote; every URL that takes POST gets its form fields
fuzzed the same way. County staff get the NUL byte and the wrong types.
Each answer must be anything but a 5xx.
"""

from __future__ import annotations

import datetime
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from apps.accounts.models import User
from apps.bulletins.models import Bulletin
from apps.households.models import HouseholdImport
from apps.inspections.models import Campaign, Finding
from apps.regions.models import Level, Region
from tests.factories import HouseholdFactory, MemberFactory
from tests.helpers import routed_patterns

NUL = "\x00"
VALUES = ("abc", "-1", "99999999999999999999", "x" * 5000, "%", "'")
# Also sent to each parameter alone: a value of the wrong type must not hide
# behind another parameter's refusal.
TYPE_CONFUSING = ("abc", "99999999999999999999")
COMMON = (
    "page", "sort", "county", "campaign", "region", "level", "status", "category",
    "overdue", "as_of", "year", "plan", "q", "o", "p", "export", "next", "e",
)  # fmt: skip
# Answers that cost a render each (PDF, workbooks, ZIP archives of evidence).
RENDERED = ("application/pdf", "application/vnd.", "application/zip")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Not fuzzed: it ends the session (the login pages are fuzzed, logged in).
NO_FUZZ = {"logout"}


@pytest.fixture
def records(demo) -> dict:
    """One record of each kind a URL can name, in 吴川市 (county staff ``wuchuan``)."""
    from apps.inspections.services import add_evidence
    from apps.plans.services import report_value
    from apps.timetables.services import PhaseSpec, add_deliverable, create_timetable
    from apps.timetables.services import add_evidence as add_deliverable_evidence
    from tests.factories import PlanActionFactory, PlanFactory, TargetFactory

    city = User.objects.get(username="city")
    village = Region.objects.get(name="名利村", county__name="吴川市")
    finding = Finding.objects.filter(region__county=village.county).first()
    household = HouseholdFactory(village=village)
    target = TargetFactory(action=PlanActionFactory(plan=PlanFactory(region=village.county)))
    report = report_value(
        user=city,
        target=target,
        value=3,
        reported_on=datetime.date(2020, 12, 31),
        evidence_files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    timetable = create_timetable(
        user=city,
        title="吴川市时间表",
        issuer="扶贫办",
        region=village.county,
        phases=[PhaseSpec("建立台账", datetime.date(2020, 12, 10))],
    )
    deliverable = add_deliverable(user=city, phase=timetable.phases.get(), village=village)
    return (
        _funds_records(village)
        | _ledger_records(city, village.county)
        | _monitoring_records(village)
        | _task_records(city, village.county)
        | {
            "village": village,
            "county": village.county,
            "household": household,
            "member": MemberFactory(household=household),
            "import": HouseholdImport.objects.create(
                file=SimpleUploadedFile("a.xlsx", b"PK\x03\x04"),
                original_name="a.xlsx",
                uploaded_by=User.objects.get(username="wuchuan"),
                status="rejected",
            ),
            "finding": finding,
            "evidence": add_evidence(
                user=city, finding=finding, upload=SimpleUploadedFile("a.pdf", PDF)
            ),
            "campaign": Campaign.objects.get(slug="zhanjiang-2020"),
            "bulletin": Bulletin.objects.order_by("-pk").first(),
            "plan": target.action.plan,
            "target": target,
            "plan_evidence": report.evidence.get(),
            "timetable": timetable,
            "deliverable": deliverable,
            "timetable_evidence": add_deliverable_evidence(
                user=city, deliverable=deliverable, upload=SimpleUploadedFile("a.pdf", PDF)
            ),
        }
    )


def _ledger_records(city, county) -> dict:
    """The demo ledger's first county item filled for 吴川市, with a PDF."""
    from apps.ledgers.models import LedgerItem
    from apps.ledgers.services import do_fill_entry

    item = LedgerItem.objects.get(template__year=2020, code="1.1")
    entry = do_fill_entry(
        user=city,
        item=item,
        region=county,
        status="partial",
        evidence_files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    return {
        "ledger_template": item.template,
        "ledger_item": item,
        "ledger_evidence": entry.evidence.get(),
    }


def _task_records(city, county) -> dict:
    """A task of 市医保局 concerning 吴川市, with a reply and its PDF."""
    from apps.accounts.models import Department
    from apps.inspections.task_services import do_create_task, do_reply_task

    task = do_create_task(
        user=city,
        title="吴川市督办",
        lead_department=Department.objects.get(name="市医保局"),
        regions=[county],
        issued_on=datetime.date(2020, 11, 20),
        deadline=datetime.date(2020, 11, 30),
    )
    reply = do_reply_task(
        user=User.objects.get(username="yibao"),
        task=task,
        replied_on=datetime.date(2020, 11, 21),
        text="已办理",
        evidence_files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    return {"task": task, "task_evidence": reply.evidence.get()}


def _monitoring_records(village) -> dict:
    from tests.helpers.matrix_objects import monitoring_objects

    found = monitoring_objects(village, village)
    return {name: found[f"{name}_a"] for name in (
        "case", "measure", "measure_evidence", "visit_photo", "removal_evidence"
    )}  # fmt: skip


def _funds_records(village) -> dict:
    from apps.accounts.access import SYSTEM
    from apps.funds.services import do_add_project_evidence
    from tests.factories import MicroLoanFactory, ProjectFactory

    project = ProjectFactory(region=village)
    evidence = do_add_project_evidence(
        actor=SYSTEM, project=project, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    from apps.funds.models import FundImport

    fund_import = FundImport.objects.create(
        kind="expenditures",
        file=SimpleUploadedFile("f.xlsx", b"PK\x03\x04"),
        original_name="f.xlsx",
        uploaded_by=User.objects.get(username="wuchuan"),
        status="rejected",
    )
    loan = MicroLoanFactory(borrower=HouseholdFactory(village=village))
    return {
        "project": project,
        "project_evidence": evidence,
        "fund_import": fund_import,
        "loan": loan,
    }


# Which record a URL's ``pk`` names, by the URL's name (its app, then its view).
PK_OF = {
    "regions:detail": "village",
    "households:detail": "household",
    "households:edit": "household",
    "households:member_edit": "member",
    "households:import_detail": "import",
    "households:import_progress": "import",
    "households:import_problems": "import",
    "households:import_confirm": "import",
    "households:import_cancel": "import",
    "households:import_resubmit": "import",
    "reports:redlight_county_xlsx": "county",
    "inspections:evidence_download": "evidence",
    "scorecards:drill": "county",
    "plans:evidence_download": "plan_evidence",
    "plans:target": "target",
    "timetables:evidence_download": "timetable_evidence",
    "funds:usage_region": "county",
    "funds:project": "project",
    "funds:project_advance": "project",
    "funds:project_evidence_upload": "project",
    "funds:project_evidence_download": "project_evidence",
    "funds:import_detail": "fund_import",
    "funds:import_progress": "fund_import",
    "ledgers:evidence_download": "ledger_evidence",
    "funds:loan": "loan",
    "monitoring:case": "case",
    "monitoring:case_step": "case",
    "monitoring:case_edit": "case",
    "monitoring:measure_edit": "measure",
    "monitoring:measure_add": "case",
    "monitoring:visit_add": "case",
    "monitoring:measure_start": "measure",
    "monitoring:measure_done": "measure",
    "monitoring:measure_evidence_upload": "measure",
    "monitoring:measure_evidence": "measure_evidence",
    "monitoring:visit_photo": "visit_photo",
    "monitoring:removal_evidence": "removal_evidence",
    "monitoring:ledger": "household",
    "monitoring:ledger_xlsx": "household",
    "monitoring:open_case": "household",
    "inspections:finding_open_case": "finding",
    "tasks:detail": "task",
    "tasks:reply": "task",
    "tasks:step": "task",
    "tasks:evidence_download": "task_evidence",
}
APP_PK = {
    "inspections": "finding",
    "bulletins": "bulletin",
    "plans": "plan",
    "timetables": "timetable",
    "ledgers": "ledger_template",
    # Not these apps' own records: any pk exercises the views' refusals (404), never a 500.
    "field": "household",
    "returns": "household",
}


def _record_for_pk(name: str) -> str:
    if name in PK_OF:
        return PK_OF[name]
    app, view = name.split(":")
    if app == "timetables" and ("deliverable" in view or view == "evidence_upload"):
        return "deliverable"
    return APP_PK[app]


def _kwargs(name: str, pattern: URLPattern, records: dict) -> dict:
    kwargs = {}
    for key in pattern.pattern.converters:
        if key == "pk":
            kwargs[key] = records[_record_for_pk(name)].pk
        elif key == "slug":
            kwargs[key] = records["campaign"].slug
        elif key == "level":
            kwargs[key] = Level.COUNTY
        elif key in ("region_pk", "county_pk"):
            kwargs[key] = records["county"].pk
        elif key == "item_pk":
            kwargs[key] = records["ledger_item"].pk
        elif key == "code":
            kwargs[key] = "R2-03"
        elif key == "team":  # a field team's results
            kwargs[key] = records["county"].pk
        elif key == "kind":  # a funds import's kind
            kwargs[key] = "expenditures"
        else:
            raise AssertionError(f"{name}: no value for the path argument {key!r}; add one")
    return kwargs


def _names_on(html: str) -> set[str]:
    """Form field names and the parameters of the page's own ``?…`` links."""
    names = set(re.findall(r'name="([^"]+)"', html))
    for href in re.findall(r'href="(\?[^"]*)"', html):
        names |= {key for key, _value in parse_qsl(urlsplit(unescape(href)).query)}
    return names - {"csrfmiddlewaretoken"}


def _requests(
    url: str, names: set[str], own: set[str], values: tuple[str, ...] = VALUES
) -> list[tuple[str, dict]]:
    """One request with every name NUL; per value, one with every name at that
    value; and each of the page's own names alone at each type-confusing value."""
    found = [(url, dict.fromkeys(names, NUL))]
    found += [(url, dict.fromkeys(names, value)) for value in values]
    found += [(url, {name: value}) for name in sorted(own) for value in TYPE_CONFUSING]
    return found


def _check(client, method: str, url: str, data: dict, failures: list[str]) -> None:
    response = getattr(client, method)(url, data)
    if response.status_code >= 500:
        value = next(iter(data.values()), "")
        names = ",".join(sorted(data)) if len(data) < 4 else f"{len(data)} names"
        failures.append(f"{method.upper()} {url} {names}={value[:20]!r} → {response.status_code}")


def _fuzz(
    client, user: User, url: str, layout: set[str], failures: list[str], *, alone: bool = True
) -> set[str]:
    """Fuzz ``url``'s query (GET) and, when it takes POST, its form fields;
    ``layout``: the names every page's frame has (fuzzed, but not one by one);
    ``alone``: also each of the page's own names by itself."""
    client.raise_request_exception = False  # a crash is a 500 answer, listed with the rest
    client.force_login(user)
    page = client.get(url)
    html = page.content.decode() if "html" in page.get("Content-Type", "") else ""
    own = _names_on(html) - layout - set(COMMON) if page.status_code == 200 else set()
    names = set(COMMON) | layout | own
    # A PDF or workbook has no form to read names from and costs a render per request:
    # the wrong-type values only (the NUL request is always sent).
    rendered = page.get("Content-Type", "").startswith(RENDERED)
    # County staff (``alone`` off) run the same parsing code in another scope:
    # the wrong types reach their scoped lookups; the city office gets the rest.
    full = alone and not (rendered and page.status_code == 200)
    values = VALUES if full else TYPE_CONFUSING
    for target, data in _requests(url, names, own if alone else set(), values):
        _check(client, "get", target, data, failures)
    if page.status_code == 405 or 'method="post"' in html.lower():
        for value in (NUL, *(VALUES[:4] if alone else TYPE_CONFUSING)):
            client.force_login(user)  # a fuzzed POST may have ended the session
            _check(client, "post", url, dict.fromkeys(names, value), failures)
    return names


def _layout_names(client, user: User) -> set[str]:
    client.force_login(user)
    return _names_on(client.get(reverse("dashboard")).content.decode())


def _admin_changelists() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


# The city office sees every page and gets every request; county staff (other
# scope, same code) all-at-once requests of the wrong types only, to keep the
# suite within CI's 20 minutes.
USERS = [("city", True), ("wuchuan", False)]


@pytest.mark.parametrize(("username", "alone"), USERS)
def test_no_routed_url_answers_500_to_fuzzed_input(client, records, username, alone):
    user = User.objects.get(username=username)
    failures: list[str] = []
    layout = _layout_names(client, user)
    for name, pattern in routed_patterns():
        if not pattern.name:
            continue
        if name not in NO_FUZZ:
            url = reverse(name, kwargs=_kwargs(name, pattern, records))
            _fuzz(client, user, url, layout, failures, alone=alone)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("username", "alone"), USERS)
def test_no_admin_changelist_answers_500_to_fuzzed_filters(client, demo, username, alone):
    user = User.objects.get(username=username)
    failures: list[str] = []
    layout = _layout_names(client, user)
    for url in _admin_changelists():
        _fuzz(client, user, url, layout, failures, alone=alone)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "query",
    [{"campaign": NUL}, {"category__exact": NUL}, {"status__exact": NUL}, {"level__exact": NUL}],
)
def test_a_nul_byte_in_a_filter_is_a_400_in_chinese(login, query):
    response = login("city").get(reverse("inspections:finding_list"), query)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_a_nul_byte_in_an_admin_filter_is_a_400(login):
    response = login("city").get(
        reverse("admin:inspections_finding_changelist"), {"status__exact": NUL}
    )
    assert response.status_code == 400


def test_an_unknown_status_for_a_finding_is_refused_with_a_message(login, records):
    finding = records["finding"]
    url = reverse("inspections:finding_transition", args=[finding.pk])
    response = login("city").post(url, {"to_status": "abc"}, follow=True)
    assert response.status_code == 200
    assert "abc" in response.content.decode() and "有效" in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == "open"


def test_a_county_that_is_not_a_number_shows_the_whole_ledger(login):
    response = login("city").get(reverse("inspections:ledger"), {"county": "abc"})
    assert response.status_code == 200
    assert "整改台账" in response.content.decode()  # the whole ledger, no county chosen


def test_a_county_that_is_not_a_number_is_ignored_in_the_admin_region_list(login):
    response = login("city").get(reverse("admin:regions_region_changelist"), {"county": "abc"})
    assert response.status_code in (200, 302)
