"""The maintained red lights: equal to a fresh scan after any series of edits
and imports; the page reads them with constant queries; the work list is
scoped and names the change that cleared a light."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.demo.generator import HEADERS, Plan, rows
from apps.households.imports import import_households
from apps.households.imports.results import ImportRejected
from apps.households.models import Household, Member
from apps.households.services import move_household, update_record
from apps.regions.models import Level, Region
from apps.reports.models import HouseholdRedLight
from apps.reports.redlights import Context, maintain
from apps.reports.reporting import today
from tests.factories import HouseholdFactory, MemberFactory


def fresh_scan(households) -> set[tuple[int, str]]:
    ctx = Context.on(today())
    return {
        (pk, rule.code)
        for rule in maintain.rules()
        for pk in households.filter(rule.household_q(ctx)).values_list("pk", flat=True)
    }


def maintained(households) -> set[tuple[int, str]]:
    return set(
        HouseholdRedLight.objects.filter(
            cleared_at__isnull=True, household__in=households
        ).values_list("household_id", "rule")
    )


def _write(path, prefix: str, seed: int, village=("吴川市", "兰石镇", "名利村")) -> None:
    from openpyxl import Workbook

    plan = Plan(
        villages=[village],
        area_code="440883",
        as_of=today(),
        groups=[(6, 3, "已退出"), (4, 2, "未脱贫")],
        number_prefix=prefix,
        seed=seed,
        anomalies=0.5,
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows(plan):
        sheet.append(row)
    workbook.save(path)


def _edit_household(rng, h):
    field, values = rng.choice(
        [
            ("helper", ["", "张三"]),
            ("housing_safe", [False, True, None]),
            ("per_capita_income", [Decimal(3000), Decimal(9000), None]),
            ("category", ["general", "dibao", "destitute"]),
            ("main_cause", ["", "因病", "缺技术"]),
            ("exit_status", ["not_lifted", "exited"]),
        ]
    )
    update_record(record=h, user=SYSTEM, data={field: rng.choice(values)}, expected_version=None)


def _edit_member(rng, m):
    others = list(
        Member.objects.exclude(household_id=m.household_id).values_list("id_number", flat=True)[:50]
    )
    field, values = rng.choice(
        [
            ("ethnicity", ["", "汉族"]),
            ("health", ["", "healthy", "disabled", "chronic"]),
            ("migrant_months", [13, 0, 6]),
            ("sex", ["male", "female"]),
            ("receives_dibao", [True, False]),
            ("birth_date", [dt.date(2012, 1, 1), dt.date(1970, 1, 1), None]),
            ("id_number", others or [m.id_number]),  # a duplicate across households (R11)
        ]
    )
    if (
        field == "id_number"
        and Member.objects.filter(household_id=m.household_id, id_number=values[0]).exists()
    ):
        return
    update_record(record=m, user=SYSTEM, data={field: rng.choice(values)}, expected_version=None)


def _random_step(rng, tmp_path, step: int) -> None:
    households = list(Household.objects.order_by("pk"))
    members = list(Member.objects.order_by("pk"))
    kind = rng.choice(["household", "member", "member", "add", "delete", "import", "move"])
    if kind == "household" and households:
        _edit_household(rng, rng.choice(households))
    elif kind == "member" and members:
        _edit_member(rng, rng.choice(members))
    elif kind == "add" and households:
        MemberFactory(household=rng.choice(households), relationship="之女", sex="female")
    elif kind == "delete" and members:
        rng.choice(members).delete()
    elif kind == "move" and households:
        villages = list(Region.objects.filter(level=Level.VILLAGE).order_by("pk")[:40])
        move_household(household=rng.choice(households), village=rng.choice(villages), user=SYSTEM)
    elif kind == "import":
        path = tmp_path / f"step{step}.xlsx"
        _write(path, rng.choice(["QA", "QB"]), rng.randrange(1000))
        # A household moved since is refused whole: nothing written, still equal.
        with contextlib.suppress(ImportRejected):
            import_households(path=path, user=SYSTEM)


def _assert_series_equals_a_fresh_scan(
    seed: int, tmp_path, capture_on_commit, before_step=lambda rng: None, *, steps: int = 30
) -> None:
    """After each of ``steps`` random writes (callbacks run as on commit),
    the maintained lights equal a fresh scan."""
    rng = random.Random(seed)
    with capture_on_commit(execute=True):
        maintain.rebuild()
    for step in range(steps):
        before_step(rng)
        with capture_on_commit(execute=True):
            _random_step(rng, tmp_path, step)
        everything = Household.objects.all()
        assert maintained(everything) == fresh_scan(everything), f"seed {seed}, step {step}"


@pytest.mark.django_db
def test_maintained_lights_equal_a_fresh_scan_after_random_edits_and_imports(
    demo, tmp_path, django_capture_on_commit_callbacks
):
    _assert_series_equals_a_fresh_scan(1, tmp_path, django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_a_cleared_light_names_the_change_and_keeps_its_history(
    demo, login, django_capture_on_commit_callbacks
):
    village = Region.objects.filter(county__name="吴川市", level=Level.VILLAGE).first()
    city = login("city")
    with django_capture_on_commit_callbacks(execute=True):
        household = HouseholdFactory(village=village, helper="")
        MemberFactory(household=household)
    light = HouseholdRedLight.objects.get(household=household, rule="R9-01")
    assert light.is_open and light.county_id == village.county_id
    with django_capture_on_commit_callbacks(execute=True):
        update_record(record=household, user=SYSTEM, data={"helper": "李四"}, expected_version=None)
    light.refresh_from_db()
    assert light.cleared_at is not None
    assert light.cleared_by.object_pk == str(household.pk)
    assert light.cleared_by.changes["helper"] == ["", "李四"]
    page = city.get(
        reverse("reports:redlight_queue"), {"region": village.county_id, "state": "cleared"}
    ).content.decode()
    assert household.number in page and "R9-01" in page and "未落实帮扶责任人" in page
    # The same fault again opens a new light; the cleared one stays in the history.
    with django_capture_on_commit_callbacks(execute=True):
        update_record(record=household, user=SYSTEM, data={"helper": ""}, expected_version=None)
    assert HouseholdRedLight.objects.filter(household=household, rule="R9-01").count() == 2


@pytest.mark.django_db
def test_work_list_is_scoped_and_paged(demo, login, django_capture_on_commit_callbacks):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    leizhou = Region.objects.get(level=Level.COUNTY, name="雷州市")
    here = Region.objects.filter(county=wuchuan, level=Level.VILLAGE).first()
    there = Region.objects.filter(county=leizhou, level=Level.VILLAGE).first()
    with django_capture_on_commit_callbacks(execute=True):
        mine = HouseholdFactory(village=here, helper="", number="WQ-MINE")
        theirs = HouseholdFactory(village=there, helper="", number="WQ-THEIRS")
        for h in (mine, theirs):
            MemberFactory(household=h)
    client = login("wuchuan")
    page = client.get(reverse("reports:redlight_queue")).content.decode()
    assert "WQ-MINE" in page and "WQ-THEIRS" not in page
    village_page = client.get(reverse("reports:redlight_queue"), {"region": here.pk})
    assert "WQ-MINE" in village_page.content.decode()
    assert client.get(reverse("reports:redlight_queue"), {"region": leizhou.pk}).status_code == 404


@pytest.mark.django_db
def test_pages_read_the_table_with_constant_queries(
    demo, login, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    village = Region.objects.filter(county__name="吴川市", level=Level.VILLAGE).first()
    client = login("city")
    counts = []
    for size in (2, 40):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(size):
                MemberFactory(household=HouseholdFactory(village=village, helper=""))
        for url, query in (
            (reverse("reports:redlights"), {}),
            (reverse("reports:redlights"), {"region": village.county_id}),
            (reverse("reports:redlight_queue"), {}),
            (reverse("reports:redlight_queue"), {"state": "cleared"}),
        ):
            with django_assert_max_num_queries(12) as captured:
                assert client.get(url, query).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:4] == counts[4:]


@pytest.mark.django_db
def test_counties_behind_the_deadline_are_named(demo, login, settings):
    """On 2020年11月20日 with 10 days left: a county clearing 1 a day with 30
    open will not make it; one with nothing open is on track."""
    settings.REDLIGHTS_DEADLINE = "2020-11-30"
    from django.utils import timezone

    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    village = Region.objects.filter(county=wuchuan, level=Level.VILLAGE).first()
    households = [
        MemberFactory(household=HouseholdFactory(village=village)).household for _ in range(44)
    ]
    HouseholdRedLight.objects.all().delete()
    start = timezone.make_aware(dt.datetime(2020, 11, 1, 9))
    for i, h in enumerate(households):
        cleared = timezone.make_aware(dt.datetime(2020, 11, 7 + i % 14, 10)) if i < 14 else None
        HouseholdRedLight.objects.create(
            household=h,
            rule="R9-01",
            county=wuchuan,
            village=village,
            since=start,
            cleared_at=cleared,
        )
    page = login("city").get(
        reverse("reports:redlights"), {"as_of": "2020-11-20", "since": "2020-11-07"}
    )
    row = next(r for r in page.context["progress"] if r.region == wuchuan)
    assert (row.outstanding, row.cleared, row.days_left) == (30, 14, 10)
    assert row.days_needed == 30 and not row.on_track
    others = [r for r in page.context["progress"] if r.region != wuchuan]
    assert others and all(r.on_track for r in others if not r.outstanding)
    assert "来不及" in page.content.decode()
    # Looked at after the deadline: no projection, what is still open is said plainly.
    late = login("city").get(
        reverse("reports:redlights"), {"as_of": "2020-12-03", "since": "2020-11-07"}
    )
    row = next(r for r in late.context["progress"] if r.region == wuchuan)
    assert row.past_deadline and not row.on_track
    assert f"已过截止日期，仍有{row.outstanding}盏未销号" in late.content.decode()


@pytest.mark.django_db
def test_rebuild_command_restores_a_damaged_table(demo, capsys):
    HouseholdFactory(helper="")
    HouseholdRedLight.objects.all().delete()
    call_command("redlights", "--rebuild")
    assert "红灯表已更新" in capsys.readouterr().out
    everything = Household.objects.all()
    assert maintained(everything) == fresh_scan(everything)
    call_command("redlights", "--refresh-dated")
    assert maintained(everything) == fresh_scan(everything)


def test_age_rules_are_recognised_as_dated():
    dated = {rule.code for rule in maintain.dated_rules()}
    assert {"R1-02", "R3-03", "R6-01"} <= dated
    assert "R9-01" not in dated and "R11-01" not in dated


# The ways a refresh of many households goes: (DENSE, BY_VILLAGE_ABOVE, BY_VILLAGE_SHARE).
IMPORT_PATHS = {
    "by id": (0, 10**9, 10**9),
    "by village": (0, 0, 0.05),
    "by id range": (10**9, 10**9, 10**9),
}


@pytest.mark.django_db
def test_the_import_paths_equal_a_fresh_scan_after_random_edits_and_imports(
    demo, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    """Every write refreshed the way an import's tens of thousands of
    households are — by chunks of ids, by their villages after the lights of
    moved households followed them, or by the range of their ids; one drawn
    per step — still equal to the scan."""
    monkeypatch.setattr(maintain, "FEW", 0)
    monkeypatch.setattr(maintain, "CHUNK", 7)
    taken = []

    def choose_path(rng):
        path = rng.choice(sorted(IMPORT_PATHS))
        taken.append(path)
        for name, value in zip(
            ("DENSE", "BY_VILLAGE_ABOVE", "BY_VILLAGE_SHARE"), IMPORT_PATHS[path], strict=True
        ):
            monkeypatch.setattr(maintain, name, value)

    # 20 steps: every statement runs per rule and per chunk of 7 here, so a step
    # costs several of the other series'.
    _assert_series_equals_a_fresh_scan(
        4, tmp_path, django_capture_on_commit_callbacks, choose_path, steps=20
    )
    assert set(taken) == set(IMPORT_PATHS)


@pytest.mark.django_db
def test_a_re_import_of_an_unchanged_file_leaves_the_lights_alone(
    demo, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    """The import refreshes the households it created or changed, not every
    household of the file: the same file again refreshes nothing, and its
    lights (and since when they are on) stay as they were, equal to a scan."""
    refreshed: list[set[int]] = []
    original = maintain.refresh

    def spy(household_ids, **kwargs):
        refreshed.append(set(household_ids))
        return original(household_ids, **kwargs)

    monkeypatch.setattr(maintain, "refresh", spy)
    path = tmp_path / "file.xlsx"
    _write(path, "QR", 7)
    with django_capture_on_commit_callbacks(execute=True):
        import_households(path=path, user=SYSTEM)
    households = Household.objects.filter(number__startswith="QR")
    assert refreshed and set().union(*refreshed) >= set(households.values_list("pk", flat=True))
    before = set(
        HouseholdRedLight.objects.filter(household__in=households).values_list(
            "household_id", "rule", "since", "cleared_at"
        )
    )
    assert before, "the file's anomalies light some households"
    refreshed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        import_households(path=path, user=SYSTEM)
    assert not any(refreshed)
    after = set(
        HouseholdRedLight.objects.filter(household__in=households).values_list(
            "household_id", "rule", "since", "cleared_at"
        )
    )
    assert after == before
    assert maintained(households) == fresh_scan(households)
