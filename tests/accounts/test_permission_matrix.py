"""Every routed URL × every role × an object of county A and of county B.

County A is 吴川市 (county staff ``wuchuan``; the inspector's team 第一核查组
covers 吴川市 and 廉江市), county B is 雷州市 (nobody in the matrix but the
city office and leadership may see it). A URL the project routes without an
entry here fails the test; so does a county-A response that shows county B's
marker text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.inspections.models import Campaign
from tests.helpers import routed_patterns
from tests.helpers.matrix_objects import A_MARKERS, B_ID_NUMBER, B_MARKER, USERS

ROLES = ("anonymous", "city", "county_a", "inspector", "leader", "department")
LOGIN = 302  # anonymous: redirected to the login page


@dataclass
class Entry:
    """Expected status per role; ``per_object`` entries give (A, B) pairs."""

    expect: dict[str, int | tuple[int, int]]
    args: object = None  # callable(objects, side) -> args for reverse, or None
    method: str = "get"
    data: dict = field(default_factory=dict)
    query: object = None  # callable(objects, side) -> request data, or None (``data``)


def same(status: int) -> dict[str, int]:
    # The department column is its own table (DEPARTMENT, below).
    return {role: status for role in ROLES if role not in ("anonymous", "department")} | {
        "anonymous": LOGIN
    }


def side(obj_name: str, attr: str = "pk"):
    return lambda objects, s: [getattr(objects[f"{obj_name}_{s}"], attr)]


def region_of(obj_name: str):
    """?region=<the side's object> (report pages take the region as a parameter)."""
    return lambda objects, s: {"region": objects[f"{obj_name}_{s}"].pk}


# Pages of one county's records: seen by whoever may see the county.
COUNTY_RECORDS = {
    "anonymous": (LOGIN, LOGIN),
    "city": (200, 200),
    "county_a": (200, 404),
    "inspector": (200, 404),
    "leader": (200, 200),
}


# The field pages: team members (inspectors, the city office) only.
FIELD_ONLY = {"anonymous": LOGIN, "city": 200, "county_a": 403, "inspector": 200, "leader": 403}

SLUG = "zhanjiang-2020"
MATRIX: dict[str, Entry] = {
    "login": Entry(
        {"anonymous": 200, "city": 200, "county_a": 200, "inspector": 200, "leader": 200}
    ),
    # GET is not allowed; anonymous users are sent to the login page first.
    "logout": Entry(dict.fromkeys(ROLES, 405) | {"anonymous": LOGIN}),
    "set_language": Entry(
        {"anonymous": 302, "city": 302, "county_a": 302, "inspector": 302, "leader": 302},
        method="post",
        data={"language": "zh-hans", "next": "/"},
    ),
    # The browser's default icon request: sent to the static icon, no login.
    "favicon": Entry(dict.fromkeys(ROLES, 302)),
    "password_change": Entry(same(200)),
    "password_change_done": Entry(same(200)),
    "dashboard": Entry(same(200)),
    "regions:browser": Entry(same(200)),
    "regions:detail": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (200, 404),
            "leader": (200, 200),
        },
        args=side("village"),
    ),
    "households:index": Entry(same(200)),
    "households:detail": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (200, 404),
            "leader": (200, 200),
        },
        args=side("household"),
    ),
    "households:edit": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (403, 404),
            "leader": (403, 403),
        },
        args=side("household"),
    ),
    "households:member_edit": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (403, 404),
            "leader": (403, 403),
        },
        args=side("member"),
    ),
    "households:upload": Entry(
        {"anonymous": LOGIN, "city": 200, "county_a": 200, "inspector": 403, "leader": 403}
    ),
    "households:template": Entry(same(200)),
    **{
        f"households:{name}": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (200, 200),
                "county_a": (200, 404),  # only the uploader and the city office
                "inspector": (404, 404),
                "leader": (404, 404),
            },
            args=side("import"),
        )
        for name in ("import_detail", "import_progress", "import_problems")
    },
    "reports:indicators": Entry(COUNTY_RECORDS, query=region_of("county")),
    "reports:redlights": Entry(COUNTY_RECORDS, query=region_of("county")),
    "reports:redlight_queue": Entry(COUNTY_RECORDS, query=region_of("county")),
    "reports:redlight_households": Entry(
        COUNTY_RECORDS, args=lambda o, s: ["R2-03"], query=region_of("county")
    ),
    "reports:redlight_county_xlsx": Entry(COUNTY_RECORDS, args=side("county")),
    "reports:gaps": Entry(COUNTY_RECORDS, query=region_of("county")),
    "inspections:index": Entry(same(200)),
    "inspections:finding_list": Entry(same(200)),
    "inspections:finding_create": Entry(
        {"anonymous": LOGIN, "city": 200, "county_a": 200, "inspector": 200, "leader": 403}
    ),
    "inspections:finding_detail": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (200, 404),
            "leader": (200, 200),
        },
        args=side("finding"),
    ),
    "inspections:finding_edit": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (200, 404),
            "leader": (403, 403),
        },
        args=side("finding"),
    ),
    "inspections:finding_transition": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (302, 302),
            "county_a": (302, 404),
            "inspector": (302, 404),
            "leader": (302, 302),
        },
        args=side("finding"),
        method="post",  # no data: an invalid form (a message), after the scope check
    ),
    "inspections:evidence_upload": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (302, 302),
            "county_a": (302, 404),
            "inspector": (302, 404),
            "leader": (403, 403),
        },
        args=side("finding"),
        method="post",
    ),
    "inspections:evidence_download": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (200, 404),
            "leader": (200, 200),
        },
        args=side("evidence"),
    ),
    "inspections:ledger": Entry(same(200)),
    "inspections:campaign_detail": Entry(same(200), args=lambda o, s: [SLUG]),
    "inspections:sample": Entry(same(200), args=lambda o, s: [SLUG]),
    # Household visits (入户核查): the phone's pages and API are for team members
    # (inspectors, the city office); another team's household answers 404.
    "field:index": Entry(FIELD_ONLY),
    "field:manifest": Entry(same(200)),
    "field:service_worker": Entry(same(200)),
    "field:shell": Entry(
        FIELD_ONLY,
        args=lambda o, s: [SLUG],
    ),
    "field:proposals": Entry(
        FIELD_ONLY,
        args=lambda o, s: [SLUG],
    ),
    "field:api_households": Entry(
        FIELD_ONLY,
        args=lambda o, s: [SLUG],
    ),
    "field:api_visit": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (404, 404),  # on no team: no assigned households
            "county_a": (403, 403),
            "inspector": (200, 404),
            "leader": (403, 403),
        },
        args=lambda o, s: [SLUG, o[f"sampled_{s}"].pk],
    ),
    "field:results_xlsx": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (403, 403),
            "inspector": (200, 403),
            "leader": (200, 200),
        },
        args=lambda o, s: [SLUG, o[f"team_{s}"].pk],
    ),
    "field:proposal_decide": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (302, 302),
            "county_a": (403, 404),
            "inspector": (302, 404),
            "leader": (403, 403),
        },
        args=side("proposal"),
        method="post",
        data={"decision": "dismiss"},
    ),
    # Choosing the current draw is the city office's; GET asks (here: already current).
    "inspections:choose_draw": Entry(
        {"anonymous": LOGIN, "city": 200, "county_a": 403, "inspector": 403, "leader": 403},
        args=lambda o, s: [SLUG, Campaign.objects.get(slug=SLUG).current_draw_id],
    ),
    "inspections:follow_up": Entry(same(200), args=lambda o, s: [SLUG]),
    "inspections:problem_list": Entry(same(200), args=lambda o, s: [SLUG]),
    "scorecards:index": Entry(same(200)),
    "scorecards:dashboard": Entry(same(200), args=lambda o, s: [SLUG]),
    # The dashboard's PDF: every role's own scope, like the page.
    "scorecards:dashboard_pdf": Entry(same(200), args=lambda o, s: [SLUG]),
    "scorecards:drill": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (200, 404),
            "leader": (200, 200),
        },
        args=lambda o, s: [SLUG, o[f"county_{s}"].pk],
    ),
    "scorecards:ranked_table": Entry(same(200), args=lambda o, s: [SLUG, "village"]),
    "scorecards:score_regions": Entry(
        FIELD_ONLY,
        args=lambda o, s: [SLUG, "village"],
    ),
    "scorecards:score_entry": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (403, 404),
            "inspector": (200, 404),
            "leader": (403, 403),
        },
        args=lambda o, s: [SLUG, "village", o[f"village_{s}"].pk],
    ),
    "bulletins:index": Entry(same(200)),
    "bulletins:create": Entry(
        {"anonymous": LOGIN, "city": 400, "county_a": 403, "inspector": 403, "leader": 403},
        method="post",
    ),
    # A county's self-assessment report: the city office any county's, county
    # staff their own (another county: 404); roles that draft no report: 403.
    "bulletins:draft_report": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (302, 302),
            "county_a": (302, 404),
            "inspector": (403, 403),
            "leader": (403, 403),
        },
        method="post",
        query=lambda o, s: {"county": o[f"county_{s}"].pk, "year": 2019},
    ),
    "bulletins:detail": Entry(same(200), args=lambda o, s: [o["bulletin"].pk]),
    "bulletins:edit": Entry(
        {"anonymous": LOGIN, "city": 302, "county_a": 403, "inspector": 403, "leader": 403},
        args=lambda o, s: [o["bulletin"].pk],  # issued: the city office is sent back
    ),
    "bulletins:issue": Entry(
        {"anonymous": LOGIN, "city": 302, "county_a": 403, "inspector": 403, "leader": 403},
        args=lambda o, s: [o["bulletin"].pk],  # issued: the city office is sent back
        method="post",
        data={"confirm": "yes"},
    ),
    "bulletins:pdf": Entry(same(200), args=lambda o, s: [o["bulletin"].pk]),
    "plans:index": Entry(same(200)),
    "plans:detail": Entry(COUNTY_RECORDS, args=side("plan")),
    "plans:target": Entry(COUNTY_RECORDS, args=side("target")),
    "plans:bulletin": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (302, 302),  # no data: sent back to the matrix with the error
            "county_a": (403, 404),
            "inspector": (403, 404),
            "leader": (403, 403),
        },
        args=side("plan"),
        method="post",
    ),
    "plans:evidence_download": Entry(COUNTY_RECORDS, args=side("plan_evidence")),
    "timetables:index": Entry(same(200)),
    "funds:index": Entry(same(200)),
    # Fund usage, project ledger, funding standard (issue 18, pages).
    "funds:usage": Entry(same(200)),
    "funds:usage_region": Entry(COUNTY_RECORDS, args=side("county")),
    "funds:standard": Entry(same(200)),
    "funds:projects": Entry(same(200)),
    "funds:projects_xlsx": Entry(same(200)),
    "funds:project": Entry(COUNTY_RECORDS, args=side("project")),
    "funds:project_evidence_download": Entry(COUNTY_RECORDS, args=side("project_evidence")),
    # Micro-credit and assets (issue 18, loans): lists scoped, a loan of B is not found.
    "funds:loans": Entry(same(200)),
    "funds:loans_overdue": Entry(same(200)),
    "funds:loans_overdue_xlsx": Entry(same(200)),
    "funds:loan": Entry(COUNTY_RECORDS, args=side("loan")),
    "funds:assets": Entry(same(200)),
    "funds:asset_documents": Entry(same(200)),
    **{
        f"funds:{name}": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (302, 302),  # no data: back to the project with a message
                "county_a": (302, 404),
                "inspector": (403, 404),
                "leader": (403, 403),
            },
            args=side("project"),
            method="post",
        )
        for name in ("project_advance", "project_evidence_upload")
    },
    # Funds imports (issue 18, imports): the keepers' page; a result page for
    # its uploader and the city office only.
    "funds:imports": Entry(
        {"anonymous": LOGIN, "city": 200, "county_a": 200, "inspector": 403, "leader": 403}
    ),
    "funds:import_template": Entry(same(200), args=lambda o, s: ["expenditures"]),
    **{
        f"funds:{name}": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (200, 200),
                "county_a": (200, 404),
                "inspector": (404, 404),
                "leader": (404, 404),
            },
            args=side("fund_import"),
        )
        for name in ("import_detail", "import_progress")
    },
    "timetables:detail": Entry(COUNTY_RECORDS, args=side("timetable")),
    "timetables:draft_notice": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (302, 302),  # no organ abbreviation: back to the page with a message
            "county_a": (403, 403),
            "inspector": (403, 403),
            "leader": (403, 403),
        },
        args=side("timetable"),
        method="post",
    ),
    "timetables:deliverable": Entry(COUNTY_RECORDS, args=side("deliverable")),
    "timetables:evidence_upload": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (302, 302),
            "county_a": (302, 404),
            "inspector": (403, 404),
            "leader": (403, 403),
        },
        args=side("deliverable"),
        method="post",  # no data: refused with a message, after the checks
    ),
    # Taking a tick back asks first: GET shows the question (the planted
    # deliverables are ticked); a POST without data is refused with a message.
    "timetables:deliverable_reopen": Entry(
        {
            "anonymous": (LOGIN, LOGIN),
            "city": (200, 200),
            "county_a": (200, 404),
            "inspector": (403, 404),
            "leader": (403, 403),
        },
        args=side("deliverable"),
    ),
    "timetables:evidence_download": Entry(COUNTY_RECORDS, args=side("timetable_evidence")),
    # Assessment ledgers (issue 20): the template is the city's catalogue; a
    # county's pages, entries, evidence and archive follow the county's scope.
    "ledgers:index": Entry(same(200)),
    "ledgers:template": Entry(same(200), args=lambda o, s: [o["ledger_template"].pk]),
    "ledgers:import_template": Entry(
        {"anonymous": LOGIN, "city": 200, "county_a": 403, "inspector": 403, "leader": 403},
        args=lambda o, s: [o["ledger_template"].pk],
    ),
    **{
        f"ledgers:{name}": Entry(
            COUNTY_RECORDS, args=lambda o, s: [o["ledger_template"].pk, o[f"county_{s}"].pk]
        )
        for name in ("county", "missing", "archive")
    },
    "ledgers:entry": Entry(
        COUNTY_RECORDS, args=lambda o, s: [o["ledger_item"].pk, o[f"village_{s}"].pk]
    ),
    "ledgers:evidence_download": Entry(COUNTY_RECORDS, args=side("ledger_evidence")),
}

# --- Monitoring (issue 19): county staff keep their county's cases, inspectors
# and leadership read, only the city office confirms a removal.
KEEPER_POSTS = {
    "anonymous": (LOGIN, LOGIN),
    "city": (302, 302),  # no data: back to the case with a message
    "county_a": (302, 404),
    "inspector": (403, 404),
    "leader": (403, 403),
}
MATRIX.update(
    {
        "monitoring:index": Entry(same(200)),
        "monitoring:list_xlsx": Entry(same(200)),
        "monitoring:case": Entry(COUNTY_RECORDS, args=side("case")),
        "monitoring:ledger": Entry(COUNTY_RECORDS, args=side("household")),
        "monitoring:ledger_xlsx": Entry(COUNTY_RECORDS, args=side("household")),
        "monitoring:measure_evidence": Entry(COUNTY_RECORDS, args=side("measure_evidence")),
        "monitoring:visit_photo": Entry(COUNTY_RECORDS, args=side("visit_photo")),
        "monitoring:removal_evidence": Entry(COUNTY_RECORDS, args=side("removal_evidence")),
        "monitoring:open_case": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (200, 200),
                "county_a": (200, 404),
                "inspector": (403, 404),
                "leader": (403, 403),
            },
            args=side("household"),
        ),
        # The case's facts: its county's staff and the city office edit, others 403.
        "monitoring:case_edit": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (200, 200),
                "county_a": (200, 404),
                "inspector": (403, 404),
                "leader": (403, 403),
            },
            args=side("case"),
        ),
        "monitoring:measure_edit": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (200, 200),
                "county_a": (200, 404),
                "inspector": (403, 404),
                "leader": (403, 403),
            },
            args=side("measure"),
        ),
        "inspections:finding_open_case": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (200, 200),
                "county_a": (200, 404),
                "inspector": (403, 404),
                "leader": (403, 403),
            },
            args=side("finding"),
        ),
        # A step is checked against the lifecycle after the form: no data, a message.
        "monitoring:case_step": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (302, 302),
                "county_a": (302, 404),
                "inspector": (302, 404),
                "leader": (302, 302),
            },
            args=side("case"),
            method="post",
        ),
        **{
            f"monitoring:{name}": Entry(KEEPER_POSTS, args=side("case"), method="post")
            for name in ("measure_add", "visit_add")
        },
        **{
            f"monitoring:{name}": Entry(KEEPER_POSTS, args=side("measure"), method="post")
            for name in ("measure_done", "measure_evidence_upload")
        },
        "monitoring:measure_start": Entry(
            KEEPER_POSTS, args=lambda o, s: [o[f"measure_{s}"].pk], method="post"
        ),
    }
)

# --- Import decisions (t15-import): confirm, cancel, resubmit — the uploader or
# the city office; the planted jobs are rejected, so each answer is a redirect
# back with a message and nothing changes (cancel also answers a GET, with its
# question for a job awaiting a decision, else the same redirect).
MATRIX.update(
    {
        f"households:{name}": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (302, 302),
                "county_a": (302, 404),
                "inspector": (404, 404),
                "leader": (404, 404),
            },
            args=side("import"),
            method="post",
        )
        for name in ("import_confirm", "import_cancel", "import_resubmit")
    }
)

# --- Tasks given to departments (督办, issue 20): county A's task is 市医保局's
# (the department user's own), county B's is 市财政局's.
TASK_OF_A_COUNTY = {
    "anonymous": (LOGIN, LOGIN),
    "city": (200, 200),
    "county_a": (200, 404),
    "inspector": (200, 404),
    "leader": (200, 200),
}
MATRIX.update(
    {
        "tasks:board": Entry(same(200)),
        "tasks:board_xlsx": Entry(same(200)),
        "tasks:create": Entry(
            {"anonymous": LOGIN, "city": 200, "county_a": 403, "inspector": 403, "leader": 403}
        ),
        "tasks:detail": Entry(TASK_OF_A_COUNTY, args=side("task")),
        # Replies are the departments' own; no data: refused with a message.
        "tasks:reply": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (403, 403),
                "county_a": (403, 404),
                "inspector": (403, 404),
                "leader": (403, 403),
            },
            args=side("task"),
            method="post",
        ),
        # No data: an invalid step, said in a message, after the scope check.
        "tasks:step": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (302, 302),
                "county_a": (302, 404),
                "inspector": (302, 404),
                "leader": (302, 302),
            },
            args=side("task"),
            method="post",
        ),
        "tasks:evidence_download": Entry(TASK_OF_A_COUNTY, args=side("task_evidence")),
    }
)

# --- Periodic returns (报表, issue 21): county A's and B's October 2020 return.
# Steps and the progress entry without data: refused with a message (302) after
# the scope check; who may take a step is the services' (tests/returns).
RETURN_POSTS = {
    "anonymous": (LOGIN, LOGIN),
    "city": (302, 302),
    "county_a": (302, 404),
    "inspector": (302, 404),
    "leader": (302, 302),
}
MATRIX.update(
    {
        "returns:index": Entry(same(200)),
        "returns:detail": Entry(COUNTY_RECORDS, args=side("return")),
        "returns:step": Entry(RETURN_POSTS, args=side("return"), method="post"),
        "returns:progress": Entry(RETURN_POSTS, args=side("return"), method="post"),
        "returns:completeness": Entry(same(200)),
        "returns:completeness_xlsx": Entry(same(200)),
        "returns:inbox_count": Entry(same(200)),
    }
)

# The department column (a department user, 市医保局's yibao): their own tasks
# and nothing of any county's records — registry, findings, plans, funds pages
# answer with nothing in them (an empty scope) or 404 for an object.
# Kept apart so that other branches' new rows merge without touching each row.
NO_OBJECT = (404, 404)
DEPARTMENT: dict[str, int | tuple[int, int]] = {
    "login": 200,
    "logout": 405,
    "set_language": 302,
    "favicon": 302,
    "password_change": 200,
    "password_change_done": 200,
    "dashboard": 200,
    "tasks:board": 200,
    "tasks:board_xlsx": 200,
    "tasks:create": 403,
    "tasks:detail": (200, 404),
    "tasks:reply": (302, 404),
    "tasks:step": (302, 404),
    "tasks:evidence_download": (200, 404),
    # Everything else: no county's records, no campaign (campaigns are scoped by county).
    "bulletins:create": 403,
    "bulletins:draft_report": (403, 403),
    "bulletins:detail": 404,
    "bulletins:edit": 403,
    "bulletins:index": 200,
    "bulletins:issue": 403,
    "bulletins:pdf": 404,
    "funds:asset_documents": 200,
    "funds:assets": 200,
    "funds:import_detail": NO_OBJECT,
    "funds:import_progress": NO_OBJECT,
    "funds:import_template": 200,
    "funds:imports": 403,
    "funds:loan": NO_OBJECT,
    "funds:loans": 200,
    "funds:loans_overdue": 200,
    "funds:loans_overdue_xlsx": 200,
    "inspections:finding_open_case": NO_OBJECT,
    "ledgers:archive": NO_OBJECT,
    "ledgers:county": NO_OBJECT,
    "ledgers:entry": NO_OBJECT,
    "ledgers:evidence_download": NO_OBJECT,
    "ledgers:import_template": 403,
    "ledgers:index": 200,
    "ledgers:missing": NO_OBJECT,
    "ledgers:template": 200,
    "monitoring:case": NO_OBJECT,
    "monitoring:case_edit": NO_OBJECT,
    "monitoring:case_step": NO_OBJECT,
    "monitoring:index": 200,
    "monitoring:ledger": NO_OBJECT,
    "monitoring:ledger_xlsx": NO_OBJECT,
    "monitoring:list_xlsx": 200,
    "monitoring:measure_add": NO_OBJECT,
    "monitoring:measure_done": NO_OBJECT,
    "monitoring:measure_edit": NO_OBJECT,
    "monitoring:measure_evidence": NO_OBJECT,
    "monitoring:measure_evidence_upload": NO_OBJECT,
    "monitoring:measure_start": NO_OBJECT,
    "monitoring:open_case": NO_OBJECT,
    "monitoring:removal_evidence": NO_OBJECT,
    "monitoring:visit_add": NO_OBJECT,
    "monitoring:visit_photo": NO_OBJECT,
    "reports:redlight_queue": NO_OBJECT,
    "funds:index": 200,
    "funds:project": NO_OBJECT,
    "funds:project_advance": NO_OBJECT,
    "funds:project_evidence_download": NO_OBJECT,
    "funds:project_evidence_upload": NO_OBJECT,
    "funds:projects": 200,
    "funds:projects_xlsx": 200,
    "funds:standard": 302,
    "funds:usage": 200,
    "funds:usage_region": NO_OBJECT,
    "households:detail": NO_OBJECT,
    "households:edit": NO_OBJECT,
    "households:import_cancel": NO_OBJECT,
    "households:import_confirm": NO_OBJECT,
    "households:import_detail": NO_OBJECT,
    "households:import_problems": NO_OBJECT,
    "households:import_progress": NO_OBJECT,
    "households:import_resubmit": NO_OBJECT,
    "households:index": 200,
    "households:member_edit": NO_OBJECT,
    "households:template": 200,
    "households:upload": 403,
    "inspections:campaign_detail": 404,
    "inspections:choose_draw": 404,
    "inspections:evidence_download": NO_OBJECT,
    "inspections:evidence_upload": NO_OBJECT,
    "inspections:finding_create": 403,
    "inspections:finding_detail": NO_OBJECT,
    "inspections:finding_edit": NO_OBJECT,
    "inspections:finding_list": 200,
    "inspections:finding_transition": NO_OBJECT,
    "inspections:follow_up": 404,
    "inspections:index": 200,
    "inspections:ledger": 200,
    "inspections:problem_list": 404,
    "inspections:sample": 404,
    "field:index": 403,
    "field:manifest": 200,
    "field:service_worker": 200,
    "field:shell": 403,
    "field:proposals": 403,
    "field:api_households": 403,
    "field:api_visit": (403, 403),
    "field:results_xlsx": NO_OBJECT,  # the campaign is outside its scope
    "field:proposal_decide": NO_OBJECT,
    "plans:bulletin": NO_OBJECT,
    "plans:detail": NO_OBJECT,
    "plans:evidence_download": NO_OBJECT,
    "plans:index": 200,
    "plans:target": NO_OBJECT,
    "regions:browser": 200,
    "regions:detail": NO_OBJECT,
    "reports:gaps": NO_OBJECT,
    "reports:indicators": NO_OBJECT,
    "reports:redlight_county_xlsx": NO_OBJECT,
    "reports:redlight_households": NO_OBJECT,
    "reports:redlights": NO_OBJECT,
    "scorecards:dashboard": 200,
    "scorecards:dashboard_pdf": 200,
    "scorecards:drill": NO_OBJECT,
    "scorecards:index": 200,
    "scorecards:ranked_table": 200,
    "scorecards:score_entry": NO_OBJECT,
    "scorecards:score_regions": 403,
    "timetables:deliverable": NO_OBJECT,
    "timetables:deliverable_reopen": NO_OBJECT,
    "timetables:detail": NO_OBJECT,
    "timetables:draft_notice": (403, 403),
    "timetables:evidence_download": NO_OBJECT,
    "timetables:evidence_upload": NO_OBJECT,
    "timetables:index": 200,
}


# The admin: per registered model, who may open its changelist (200), and
# whether an out-of-scope object is hidden (B → 404).
# Non-staff roles and anonymous users are sent to the admin login (302).
# Department users: no county's returns (an empty list, objects not found).
DEPARTMENT.update(
    {
        "returns:index": 200,
        "returns:detail": NO_OBJECT,
        "returns:step": NO_OBJECT,
        "returns:progress": NO_OBJECT,
        "returns:completeness": 200,
        "returns:completeness_xlsx": 200,
        "returns:inbox_count": 200,
    }
)

ADMIN_STAFF = {"city", "county_a"}
ADMIN_MODELS: dict[str, set[str]] = {
    "regions.region": {"city", "county_a"},
    "accounts.user": {"city"},
    "accounts.failedlogin": {"city"},
    "accounts.department": {"city"},
    "auth.group": set(),
    "inspections.campaign": {"city"},
    "inspections.findingcategory": {"city"},
    "inspections.finding": {"city", "county_a"},
    "scorecards.scoringscheme": {"city"},
    "scorecards.scorecard": {"city"},
    "scorecards.ranking": {"city"},
    "bulletins.bulletin": {"city"},
    "bulletins.briefingseries": {"city"},
    "audit.change": set(),
    "households.household": {"city", "county_a"},
    "households.member": {"city", "county_a"},
    "households.assistingunit": {"city", "county_a"},
    "households.householdimport": {"city"},
    "households.choicesynonym": {"city"},
    "django_tasks_database.dbtaskresult": set(),  # task rows: the superuser only
    "plans.plan": {"city", "county_a"},
    "plans.target": {"city", "county_a"},
    "timetables.timetable": {"city"},
    "timetables.deliverable": {"city"},
    "ledgers.ledgertemplate": {"city"},
    "funds.fundsource": {"city"},
    "monitoring.monitoringcase": {"city", "county_a"},
    "returns.returntype": {"city"},
    "funds.projectkind": {"city"},
    **{
        f"funds.{name}": {"city", "county_a"}
        for name in (
            "fundallocation",
            "expenditure",
            "project",
            "monthlyprogress",
            "asset",
            "assetincome",
            "assetdocument",
            "microloan",
            "loanrepayment",
            "guaranteefund",
        )
    },
}


@pytest.fixture
def clients(objects) -> dict[str, Client]:
    """One browser per role, logged in once (not before each of the matrix's
    thousands of requests: a session written and deleted each time)."""
    found = {}
    for role in ROLES:
        found[role] = Client()
        if role != "anonymous":
            found[role].force_login(User.objects.get(username=USERS[role]))
    return found


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_every_routed_url_has_an_entry():
    missing = {name for name, _pattern in routed_patterns()} - set(MATRIX)
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"


def test_every_admin_model_has_an_entry():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS), registered ^ set(ADMIN_MODELS)


def test_permission_matrix(clients, objects):
    mismatches = []
    for name, entry in sorted(MATRIX.items()):
        for role in ROLES:
            expected = DEPARTMENT.get(name) if role == "department" else entry.expect[role]
            if expected is None:
                mismatches.append(f"{name}: no department column")
                continue
            sides = ("a", "b") if isinstance(expected, tuple) else ("a",)
            for index, s in enumerate(sides):
                want = expected[index] if isinstance(expected, tuple) else expected
                args = entry.args(objects, s) if entry.args else None
                url = reverse(name, args=args)
                data = entry.query(objects, s) if entry.query else entry.data
                response = getattr(clients[role], entry.method)(url, data)
                if response.status_code != want:
                    mismatches.append(f"{name} {role} {s}: {response.status_code} ≠ {want}")
                if role in ("county_a", "inspector", "department") and response.status_code == 200:
                    body = _body(response)
                    if B_MARKER in body or B_ID_NUMBER in body:
                        mismatches.append(f"{name} {role} {s}: shows county B's record")
                    if role == "department" and any(m in body for m in A_MARKERS):
                        mismatches.append(f"{name} {role} {s}: shows a county's household")
    assert not mismatches, "\n".join(mismatches)


def test_planted_household_of_b_is_shown_to_those_who_may_see_it(clients, objects):
    """Keeps the leak check above meaningful: B's marker does reach the pages."""
    url = reverse("reports:redlight_households", args=["R9-01"])
    body = _body(clients["city"].get(url, {"region": objects["county_b"].pk}))
    assert B_MARKER in body and B_ID_NUMBER in body
    leader = _body(clients["leader"].get(url, {"region": objects["county_b"].pk}))
    assert B_MARKER in leader and B_ID_NUMBER not in leader  # masked for leadership


def test_admin_matrix(clients, objects):
    mismatches = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        info = (model._meta.app_label, model._meta.model_name)
        for role in ROLES:
            response = clients[role].get(reverse("admin:{}_{}_changelist".format(*info)))
            if role in ADMIN_MODELS[label]:
                want = 200
            elif role in ADMIN_STAFF:
                want = 403
            else:
                want = 302
            if response.status_code != want:
                mismatches.append(
                    f"admin {label} changelist {role}: {response.status_code} ≠ {want}"
                )
            if role == "county_a" and response.status_code == 200 and B_MARKER in _body(response):
                mismatches.append(f"admin {label} changelist shows county B's record")
    # Objects: county A staff edit A's finding, county B's is not found for them.
    c = clients["county_a"]
    a = c.get(reverse("admin:inspections_finding_change", args=[objects["finding_a"].pk]))
    b = c.get(reverse("admin:inspections_finding_change", args=[objects["finding_b"].pk]))
    if a.status_code != 200:
        mismatches.append(f"admin finding A for county_a: {a.status_code}")
    if b.status_code != 404 or B_MARKER in _body(b):
        mismatches.append(f"admin finding B for county_a: {b.status_code}")
    assert not mismatches, "\n".join(mismatches)
