"""Every routed URL × every role × an object of county A and of county B.

County A is 吴川市 (county staff ``wuchuan``; the inspector's team 第一核查组
covers 吴川市 and 廉江市), county B is 雷州市 (nobody in the matrix but the
city office and leadership may see it). A URL the project routes without an
entry here fails the test; so does a county-A response that shows county B's
marker text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import User
from apps.households.models import Household, HouseholdImport, Member
from apps.inspections.models import Finding
from apps.inspections.services import add_evidence
from apps.regions.models import Region
from tests.factories import HouseholdFactory, MemberFactory

ROLES = ("anonymous", "city", "county_a", "inspector", "leader")
USERS = {"city": "city", "county_a": "wuchuan", "inspector": "inspector", "leader": "leader"}
# Planted in county B's records; must never reach a county-A user.
B_MARKER = "雷州市秘密户主王某某"
B_ID_NUMBER = "440882199001011234"
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
    return {role: status for role in ROLES if role != "anonymous"} | {"anonymous": LOGIN}


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
    "password_change": Entry(same(200)),
    "password_change_done": Entry(same(200)),
    "core:dashboard": Entry(same(200)),
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
    "households:indicators": Entry(COUNTY_RECORDS, query=region_of("county")),
    "households:redlights": Entry(COUNTY_RECORDS, query=region_of("county")),
    "households:redlight_households": Entry(
        COUNTY_RECORDS, args=lambda o, s: ["R2-03"], query=region_of("county")
    ),
    "households:redlight_county_xlsx": Entry(COUNTY_RECORDS, args=side("county")),
    "households:gaps": Entry(COUNTY_RECORDS, query=region_of("county")),
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
    "inspections:follow_up": Entry(same(200), args=lambda o, s: [SLUG]),
    "inspections:problem_list": Entry(same(200), args=lambda o, s: [SLUG]),
    "scorecards:index": Entry(same(200)),
    "scorecards:dashboard": Entry(same(200), args=lambda o, s: [SLUG]),
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
        {"anonymous": LOGIN, "city": 200, "county_a": 403, "inspector": 200, "leader": 403},
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
    "bulletins:detail": Entry(same(200), args=lambda o, s: [o["bulletin"].pk]),
    "bulletins:edit": Entry(
        {"anonymous": LOGIN, "city": 302, "county_a": 403, "inspector": 403, "leader": 403},
        args=lambda o, s: [o["bulletin"].pk],  # issued: the city office is sent back
    ),
    "bulletins:issue": Entry(
        {"anonymous": LOGIN, "city": 302, "county_a": 403, "inspector": 403, "leader": 403},
        args=lambda o, s: [o["bulletin"].pk],
        method="post",
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
    **{
        f"timetables:{name}": Entry(
            {
                "anonymous": (LOGIN, LOGIN),
                "city": (302, 302),
                "county_a": (302, 404),
                "inspector": (403, 404),
                "leader": (403, 403),
            },
            args=side("deliverable"),
            method="post",  # no data: refused with a message, after the checks
        )
        for name in ("deliverable_reopen", "evidence_upload")
    },
    "timetables:evidence_download": Entry(COUNTY_RECORDS, args=side("timetable_evidence")),
}

# The admin: per registered model, who may open its changelist (200), and
# whether an out-of-scope object is hidden (B → 404).
# Non-staff roles and anonymous users are sent to the admin login (302).
ADMIN_STAFF = {"city", "county_a"}
ADMIN_MODELS: dict[str, set[str]] = {
    "regions.region": {"city", "county_a"},
    "accounts.user": {"city"},
    "accounts.failedlogin": {"city"},
    "auth.group": set(),
    "inspections.campaign": {"city"},
    "inspections.findingcategory": {"city"},
    "inspections.finding": {"city", "county_a"},
    "scorecards.scoringscheme": {"city"},
    "scorecards.scorecard": {"city"},
    "scorecards.ranking": {"city"},
    "bulletins.bulletin": {"city"},
    "audit.change": set(),
    "households.household": {"city", "county_a"},
    "households.member": {"city", "county_a"},
    "households.assistingunit": {"city", "county_a"},
    "households.householdimport": {"city"},
    "django_tasks_database.dbtaskresult": set(),  # task rows: the superuser only
    "plans.plan": {"city", "county_a"},
    "plans.target": {"city", "county_a"},
    "timetables.timetable": {"city"},
    "timetables.deliverable": {"city"},
}


def _routed_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


@pytest.fixture
def objects(demo):
    city_office = User.objects.get(username="city")
    village_a = Region.objects.get(name="名利村", county__name="吴川市")
    village_b = Region.objects.filter(level="village", county__name="雷州市").first()
    finding_a = Finding.objects.filter(region__county__name="吴川市").first()
    finding_b = Finding.objects.filter(region__county__name="雷州市").first()
    Finding.objects.filter(pk=finding_b.pk).update(
        description=f"{B_MARKER} 身份证 {B_ID_NUMBER}", household_number=B_ID_NUMBER
    )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    evidence = {
        s: add_evidence(
            user=city_office,
            finding=f,
            upload=SimpleUploadedFile(f"{s}.pdf", pdf, "application/pdf"),
        )
        for s, f in (("a", finding_a), ("b", finding_b))
    }
    from apps.bulletins.models import Bulletin

    # A household in each county, both without a helper (red light R9-01);
    # B's ID number also fails its check character (R2-03).
    for village, marker, id_number in (
        (village_a, "吴川市户主李某某", "440883198001011231"),
        (village_b, B_MARKER, B_ID_NUMBER),
    ):
        household = HouseholdFactory(village=village, helper="", number=f"M{village.pk:08d}")
        MemberFactory(household=household, name=marker, id_number=id_number)
    return {
        **_registry_objects(village_a, village_b),
        **_plan_objects(village_a.county, village_b.county),
        **_timetable_objects(city_office, village_a, village_b),
        "village_a": village_a,
        "village_b": village_b,
        "county_a": village_a.county,
        "county_b": village_b.county,
        "finding_a": finding_a,
        "finding_b": finding_b,
        "evidence_a": evidence["a"],
        "evidence_b": evidence["b"],
        "bulletin": Bulletin.objects.get(sequence=33),
    }


def _registry_objects(village_a, village_b) -> dict:
    """A household of each county (B's head carries the marker and ID number),
    and an import uploaded by each county's staff (B's names the B household)."""
    found = {}
    for s, village, name, id_number, uploader in (
        ("a", village_a, "吴川市户主陈某", "440883198001010016", "wuchuan"),
        ("b", village_b, B_MARKER, B_ID_NUMBER, "leizhou"),
    ):
        household = Household.objects.create(number=f"MATRIX-{s}", village=village)
        found[f"household_{s}"] = household
        found[f"member_{s}"] = Member.objects.create(
            household=household, name=name, id_number=id_number, relationship="户主"
        )
        found[f"import_{s}"] = HouseholdImport.objects.create(
            file=SimpleUploadedFile(f"{s}.xlsx", b"PK\x03\x04"),
            original_name=f"{name}.xlsx",
            uploaded_by=User.objects.get(username=uploader),
            status="rejected",
            problems=[{"sheet": "表", "row": 2, "column": "姓名", "value": name, "reason": "示例"}],
            problem_count=1,
        )
    return found


def _plan_objects(county_a, county_b) -> dict:
    """A plan of each county with a reported target and its evidence (B's
    plan and target carry the marker)."""
    from apps.plans.services import report_value
    from tests.factories import PlanActionFactory, PlanFactory, TargetFactory

    city_office = User.objects.get(username="city")
    found = {}
    for s, county, name in (("a", county_a, "吴川市目标责任方案"), ("b", county_b, B_MARKER)):
        plan = PlanFactory(region=county, title=name)
        target = TargetFactory(action=PlanActionFactory(plan=plan), description=name)
        report = report_value(
            user=city_office,
            target=target,
            value=3,
            reported_on=datetime.date(2020, 12, 31),
            note=name,
            evidence_files=[
                SimpleUploadedFile(f"{s}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
            ],
        )
        found |= {
            f"plan_{s}": plan,
            f"target_{s}": target,
            f"plan_evidence_{s}": report.evidence.get(),
        }
    return found


def _timetable_objects(city_office, village_a, village_b) -> dict:
    """A timetable in each county with one deliverable (B's carries the marker),
    ticked with a PDF as evidence."""
    from apps.timetables.services import (
        PhaseSpec,
        add_deliverable,
        add_evidence,
        create_timetable,
        tick_deliverable,
    )

    found = {}
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for s, village, task in (("a", village_a, "吴川市帮扶记录簿"), ("b", village_b, B_MARKER)):
        timetable = create_timetable(
            user=city_office,
            title=f"{task}时间表",
            issuer="扶贫办",
            region=village.county,
            phases=[PhaseSpec(task, datetime.date(2020, 12, 10))],
        )
        item = add_deliverable(user=city_office, phase=timetable.phases.get(), village=village)
        item = tick_deliverable(
            user=city_office, deliverable=item, completed_on=datetime.date(2020, 12, 1)
        )
        found[f"timetable_{s}"] = timetable
        found[f"deliverable_{s}"] = item
        found[f"timetable_evidence_{s}"] = add_evidence(
            user=city_office,
            deliverable=item,
            upload=SimpleUploadedFile(f"{task}.pdf", pdf, "application/pdf"),
        )
    return found


def _client_for(role, client):
    client.logout()
    if role != "anonymous":
        client.force_login(User.objects.get(username=USERS[role]))
    return client


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_every_routed_url_has_an_entry():
    missing = _routed_names() - set(MATRIX)
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"


def test_every_admin_model_has_an_entry():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS), registered ^ set(ADMIN_MODELS)


def test_permission_matrix(client, objects):
    mismatches = []
    for name, entry in sorted(MATRIX.items()):
        for role in ROLES:
            expected = entry.expect[role]
            sides = ("a", "b") if isinstance(expected, tuple) else ("a",)
            for index, s in enumerate(sides):
                want = expected[index] if isinstance(expected, tuple) else expected
                args = entry.args(objects, s) if entry.args else None
                url = reverse(name, args=args)
                data = entry.query(objects, s) if entry.query else entry.data
                c = _client_for(role, client)
                response = getattr(c, entry.method)(url, data)
                if response.status_code != want:
                    mismatches.append(f"{name} {role} {s}: {response.status_code} ≠ {want}")
                if role in ("county_a", "inspector") and response.status_code == 200:
                    body = _body(response)
                    if B_MARKER in body or B_ID_NUMBER in body:
                        mismatches.append(f"{name} {role} {s}: shows county B's record")
    assert not mismatches, "\n".join(mismatches)


def test_planted_household_of_b_is_shown_to_those_who_may_see_it(client, objects):
    """Keeps the leak check above meaningful: B's marker does reach the pages."""
    url = reverse("households:redlight_households", args=["R9-01"])
    body = _body(_client_for("city", client).get(url, {"region": objects["county_b"].pk}))
    assert B_MARKER in body and B_ID_NUMBER in body
    leader = _body(_client_for("leader", client).get(url, {"region": objects["county_b"].pk}))
    assert B_MARKER in leader and B_ID_NUMBER not in leader  # masked for leadership


def test_admin_matrix(client, objects):
    mismatches = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        info = (model._meta.app_label, model._meta.model_name)
        for role in ROLES:
            c = _client_for(role, client)
            response = c.get(reverse("admin:{}_{}_changelist".format(*info)))
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
    c = _client_for("county_a", client)
    a = c.get(reverse("admin:inspections_finding_change", args=[objects["finding_a"].pk]))
    b = c.get(reverse("admin:inspections_finding_change", args=[objects["finding_b"].pk]))
    if a.status_code != 200:
        mismatches.append(f"admin finding A for county_a: {a.status_code}")
    if b.status_code != 404 or B_MARKER in _body(b):
        mismatches.append(f"admin finding B for county_a: {b.status_code}")
    assert not mismatches, "\n".join(mismatches)
