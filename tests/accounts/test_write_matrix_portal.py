"""Portal writes across the county line: every POST form, used by county A's
staff (``wuchuan``) and the inspector on county B's row (or naming a county-B
region), is refused (403, 404 or a form error) and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from tests.helpers.write_checks import (
    SLUG,
    changed_keys,
    demo_campaign,
    finding_values,
    form_errors,
    member_values,
    refused,
    snapshot,
)


def _pdf(name: str = "证明.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def _funds_file(objects) -> SimpleUploadedFile:
    """An expenditure file paying from county B's allocation."""
    from apps.core.excel import workbook_bytes
    from apps.funds.importers import template_workbook

    allocation = objects["allocation_b"]
    workbook = template_workbook("expenditures")
    sheet = workbook.active
    sheet.cell(2, 1).value = allocation.region.county.name if allocation.region.county else ""
    sheet.cell(2, 6).value = allocation.document_number
    return SimpleUploadedFile("支出.xlsx", workbook_bytes(workbook))


@dataclass
class PortalWrite:
    """A POST by ``users`` to ``url`` with ``data``; ``target`` the row it names."""

    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    target: Callable[[dict], object]
    users: tuple[str, ...] = ("wuchuan", "inspector")


def _b(name: str) -> Callable[[dict], object]:
    return lambda objects: objects[f"{name}_b"]


def _url(name: str, obj: str | None = None, *extra) -> Callable[[dict], str]:
    def build(objects):
        args = [*extra, objects[f"{obj}_b"].pk] if obj else list(extra)
        return reverse(name, args=args)

    return build


PORTAL_WRITES: dict[str, PortalWrite] = {
    "finding_create naming a B village": PortalWrite(
        _url("inspections:finding_create"),
        lambda o: finding_values(o, "b"),
        _b("village"),
    ),
    "finding_edit of B": PortalWrite(
        _url("inspections:finding_edit", "finding"),
        lambda o: finding_values(o, "b") | {"opened_version": o["finding_b"].version},
        _b("finding"),
    ),
    "finding_transition of B": PortalWrite(
        _url("inspections:finding_transition", "finding"),
        lambda o: {"to_status": "in_progress", "note": "跨县"},
        _b("finding"),
    ),
    "finding evidence upload to B": PortalWrite(
        _url("inspections:evidence_upload", "finding"),
        lambda o: {"evidence": _pdf()},
        _b("finding"),
    ),
    "follow-up verdict on B": PortalWrite(
        _url("inspections:follow_up", None, SLUG),
        lambda o: {"finding": o["finding_b"].pk, "verdict": "rectified", "note": "跨县"},
        _b("finding"),
    ),
    "sample draw": PortalWrite(
        _url("inspections:sample", None, SLUG),
        lambda o: {
            "towns_per_county": 1,
            "villages_per_town": 1,
            "households_per_village": 0,
            "seed": "跨县",
        },
        lambda o: demo_campaign(),
    ),
    "scores for a B village": PortalWrite(
        lambda o: reverse("scorecards:score_entry", args=[SLUG, "village", o["village_b"].pk]),
        lambda o: (
            {"opened_version": 1}
            | {
                f"indicator_{i.pk}": "0"
                for i in demo_campaign().schemes.get(level="village").indicators.all()
            }
        ),
        _b("village"),
    ),
    "household edit of B": PortalWrite(
        _url("households:edit", "household"),
        lambda o: {"helper": "跨县帮扶人", "opened_version": o["household_b"].version},
        _b("household"),
    ),
    "member edit of B": PortalWrite(
        _url("households:member_edit", "member"),
        lambda o: member_values(o, "b") | {"opened_version": o["member_b"].version},
        _b("member"),
    ),
    "reported value on B's target": PortalWrite(
        _url("plans:target", "target"),
        lambda o: {"value": "9", "reported_on": "2020-12-30", "note": "跨县", "evidence": _pdf()},
        _b("target"),
    ),
    "bulletin from B's plan": PortalWrite(
        _url("plans:bulletin", "plan"),
        lambda o: {"organ_abbreviation": "湛扶", "year": 2020, "sequence": 99},
        _b("plan"),
    ),
    "tick of B's deliverable": PortalWrite(
        _url("timetables:deliverable", "deliverable"),
        lambda o: {"completed_on": "2020-12-02", "note": "跨县", "evidence": _pdf()},
        _b("deliverable"),
    ),
    "reopen of B's deliverable": PortalWrite(
        _url("timetables:deliverable_reopen", "deliverable"),
        lambda o: {"note": "跨县", "opened_version": o["deliverable_b"].version},
        _b("deliverable"),
    ),
    "evidence upload to B's deliverable": PortalWrite(
        _url("timetables:evidence_upload", "deliverable"),
        lambda o: {"evidence": _pdf()},
        _b("deliverable"),
    ),
    "progress notice from B's timetable": PortalWrite(
        _url("timetables:draft_notice", "timetable"),
        lambda o: {"organ_abbreviation": "湛扶", "year": 2020, "sequence": 98},
        _b("timetable"),
    ),
    "advance of B's project": PortalWrite(
        _url("funds:project_advance", "project"),
        lambda o: {
            "on": "2019-06-01",
            "opened_version": o["project_b"].version,
            "confirm": "yes",
        },
        _b("project"),
    ),
    "evidence upload to B's project": PortalWrite(
        _url("funds:project_evidence_upload", "project"),
        lambda o: {"evidence": _pdf(), "caption": "跨县"},
        _b("project"),
    ),
    # County staff's upload naming B is queued and then refused row by row
    # (tests/funds/test_imports.py); the inspector may not upload at all.
    "funds import naming B's allocation": PortalWrite(
        _url("funds:imports"),
        lambda o: {"kind": "expenditures", "file": _funds_file(o)},
        _b("allocation"),
        users=("inspector",),
    ),
    "ledger entry of a B village": PortalWrite(
        lambda o: reverse("ledgers:entry", args=[o["ledger_item"].pk, o["village_b"].pk]),
        lambda o: {"status": "complete", "note": "跨县", "evidence": _pdf()},
        _b("ledger_entry"),
    ),
    "ledger template import": PortalWrite(
        lambda o: reverse("ledgers:import_template", args=[o["ledger_template"].pk]),
        lambda o: {"file": _pdf("台账.xlsx")},
        lambda o: o["ledger_template"],
    ),
    "measure added to B's case": PortalWrite(
        _url("monitoring:measure_add", "case"),
        lambda o: {
            "kind": "health",
            "content": "跨县",
            "department": "跨县",
            "planned_on": "2020-11-30",
            "status": "planned",
            "evidence": _pdf(),
        },
        _b("case"),
    ),  # fmt: skip
    "visit logged on B's case": PortalWrite(
        _url("monitoring:visit_add", "case"),
        lambda o: {"visited_on": "2020-11-01", "visitor": "跨县", "findings": "跨县"},
        _b("case"),
    ),
    "removal proposed on B's case": PortalWrite(
        _url("monitoring:case_step", "case"),
        lambda o: {
            "action": "propose",
            "reason": "跨县",
            "income": "9000",
            "opened_version": o["case_b"].version,
        },
        _b("case"),
    ),  # fmt: skip
    "removal confirmed on B's pending case": PortalWrite(
        _url("monitoring:case_step", "pending_case"),
        lambda o: {
            "action": "confirm",
            "confirm": "yes",
            "opened_version": o["pending_case_b"].version,
        },
        _b("pending_case"),
    ),  # fmt: skip
    "B's case edited": PortalWrite(
        _url("monitoring:case_edit", "case"),
        lambda o: {
            "kind": "sudden",
            "identified_on": "2020-10-01",
            "identified_how": "cadre_check",
            "risk_types": ["accident"],
            "income_at_identification": "1",
            "helper": "跨县",
            "opened_version": o["case_b"].version,
        },
        _b("case"),
    ),  # fmt: skip
    "B's measure edited": PortalWrite(
        _url("monitoring:measure_edit", "measure"),
        lambda o: {
            "kind": "other",
            "content": "跨县",
            "department": "跨县",
            "planned_on": "2020-12-31",
            "opened_version": o["measure_b"].version,
        },
        _b("measure"),
    ),  # fmt: skip
    "measure of B marked done": PortalWrite(
        _url("monitoring:measure_done", "measure"),
        lambda o: {"done_on": "2020-11-02", "opened_version": o["measure_b"].version},
        _b("measure"),
    ),
    "case opened for B's household": PortalWrite(
        _url("monitoring:open_case", "household"),
        lambda o: {
            "kind": "marginal",
            "identified_on": "2020-11-01",
            "identified_how": "cadre_check",
            "risk_types": ["illness"],
            "income_at_identification": "3000",
        },
        _b("household"),
    ),  # fmt: skip
    "bulletin drafting": PortalWrite(
        _url("bulletins:create"),
        lambda o: {"campaign": demo_campaign().pk, "region": o["county_b"].pk},
        lambda o: o["bulletin"],
    ),
    "choosing the current sample draw": PortalWrite(
        lambda o: reverse(
            "inspections:choose_draw", args=[SLUG, demo_campaign().draws.order_by("pk")[0].pk]
        ),
        lambda o: {"confirm": "yes"},
        lambda o: demo_campaign(),
    ),
    "issuing a bulletin": PortalWrite(
        lambda o: reverse("bulletins:issue", args=[o["bulletin"].pk]),
        lambda o: {"confirm": "yes"},
        lambda o: o["bulletin"],
    ),
    # Tasks (督办): B's task is 市财政局's; yibao (市医保局) is a department user.
    "reply to B's task": PortalWrite(
        _url("tasks:reply", "task"),
        lambda o: {"replied_on": "2020-11-26", "text": "跨部门答复", "evidence": _pdf()},
        _b("task"),
        users=("wuchuan", "inspector", "yibao", "city"),
    ),
    "proposing B's task done": PortalWrite(
        _url("tasks:step", "task"),
        lambda o: {"step": "propose", "note": "跨部门", "opened_version": o["task_b"].version},
        _b("task"),
        users=("wuchuan", "inspector", "yibao", "leader"),
    ),
    "returning B's task": PortalWrite(
        _url("tasks:step", "task"),
        lambda o: {"step": "return", "note": "跨部门", "opened_version": o["task_b"].version},
        _b("task"),
        users=("wuchuan", "inspector", "yibao", "leader"),
    ),
    "issuing a task": PortalWrite(
        _url("tasks:create"),
        lambda o: {
            "title": "跨县督办",
            "source": "next_step",
            "lead_department": o["task_b"].lead_department_id,
            "issued_on": "2020-11-20",
        },
        lambda o: o["task_b"],
        users=("wuchuan", "inspector", "yibao", "leader"),
    ),
    # Household visits: B's household belongs to 第二核查组, not the inspector's team.
    "visit posted for B's household": PortalWrite(
        lambda o: reverse("field:api_visit", args=[SLUG, o["sampled_b"].pk]),
        lambda o: {
            "key": "6f1c2a4e-8a53-4c55-9d1e-3f0f3b1a2c77",
            "answers": '{"family_present": true, "satisfaction": "满意"}',
        },
        _b("sampled"),
        users=("wuchuan", "inspector", "yibao", "leader", "city"),
    ),
    "proposed finding of B's visit confirmed": PortalWrite(
        _url("field:proposal_decide", "proposal"),
        lambda o: {"decision": "confirm"},
        _b("proposal"),
        users=("wuchuan", "inspector", "yibao", "leader"),
    ),
    "bulletin edit": PortalWrite(
        lambda o: reverse("bulletins:edit", args=[o["bulletin"].pk]),
        lambda o: {"title": "跨县改题"},
        lambda o: o["bulletin"],
    ),
}


def test_portal_refuses_county_b_writes(client, objects):
    mismatches = []
    for what, spec in sorted(PORTAL_WRITES.items()):
        for username in spec.users:
            client.force_login(User.objects.get(username=username))
            target = spec.target(objects)
            before = snapshot(target)
            response = client.post(spec.url(objects), spec.data(objects))
            changed = changed_keys(before, snapshot(target))
            if not refused(response):
                mismatches.append(f"{what} by {username}: not refused ({response.status_code})")
            if changed:
                mismatches.append(f"{what} by {username}: changed {changed}")
    assert not mismatches, "\n".join(mismatches)


def test_portal_finding_naming_county_a_goes_through(client, objects):
    """The control for the first row above: the same form naming A's village is saved."""
    client.force_login(User.objects.get(username="wuchuan"))
    response = client.post(reverse("inspections:finding_create"), finding_values(objects, "a"))
    assert response.status_code == 302, form_errors(response)
    assert objects["village_a"].findings.filter(description="跨县写入检查").exists()
