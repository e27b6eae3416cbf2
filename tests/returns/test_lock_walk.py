"""Every write entry point to the records a return covers, against a region
whose returns are submitted: services, pages, admin change/add/delete forms,
imports and commands — each refused with the return named and who may unlock,
and the covered records' fingerprint unchanged afterwards. Run on SQLite and
on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.funds.models import MonthlyProgress
from apps.funds.services.allocations import do_record_monthly_progress
from apps.households import services as household_services
from apps.households.imports import ImportRejected, import_households
from apps.households.models import Household, Member
from apps.ledgers.services import do_fill_entry
from apps.locks.guard import RecordsLocked
from apps.monitoring import services as monitoring_services
from apps.plans.services import report_value
from apps.regions.models import Region
from apps.returns.models import ReturnInstance
from apps.returns.snapshots import combined, figures_of
from tests.helpers.matrix_objects import _ledger_objects, _plan_objects, monitoring_objects
from tests.helpers.workbooks import two_households, write_rows

from .conftest import OCTOBER

REFUSAL = "已上报"  # the state the refusal names (with the return and 市扶贫办)


@pytest.fixture
def locked(demo, wuchuan, leizhou, progress, october, registry_type, step, user):
    """吴川市 with records of every covered kind, then its October 2020 fund
    progress return and its 2020 registry confirmation submitted."""
    from apps.returns.services import do_open_period

    village_a = Region.objects.get(name="名利村", county__name="吴川市")
    village_b = Region.objects.filter(level="village", county__name="雷州市").first()
    records = {"village_a": village_a, "village_b": village_b}
    records |= monitoring_objects(village_a, village_b)
    records |= _plan_objects(wuchuan, leizhou)
    records |= _ledger_objects(user("city"), village_a, village_b)
    household = Household.objects.create(number="WALK-1", village=village_a)
    records["household"] = household
    records["member"] = Member.objects.create(
        household=household, name="走访户主", id_number="WALK1", relationship="户主"
    )
    records["progress"] = progress("1100.00")
    do_open_period(actor=user("city"), return_type=registry_type, day=dt.date(2020, 1, 1))
    instances = [
        october(wuchuan),
        ReturnInstance.objects.get(return_type=registry_type, region=wuchuan),
    ]
    for instance in instances:
        step(instance, "submit", "wuchuan", "上报")
    records["instances"] = instances
    return records


def fingerprint(instances) -> list[str]:
    return [combined(figures_of(i))[2] for i in instances]


def _admin(client, username, user):
    client.force_login(user(username))
    return client


# --- services and direct model writes (commands, shell, field capture) -------


def _progress_update(r):
    do_record_monthly_progress(
        actor=SYSTEM,
        month=OCTOBER,
        county=r["progress"].region,
        planned_cumulative_wan=Decimal("1"),
        actual_cumulative_wan=Decimal("1"),
    )


def _progress_save(r):
    row = MonthlyProgress.objects.get(pk=r["progress"].pk)
    row.actual_cumulative_wan = Decimal("5")
    row.save()


def _progress_delete(r):
    MonthlyProgress.objects.get(pk=r["progress"].pk).delete()


def _progress_bulk_delete(r):  # the admin's "delete selected" action
    MonthlyProgress.objects.filter(pk=r["progress"].pk).delete()


def _progress_new_in_town(r):
    MonthlyProgress.objects.create(
        region=r["village_a"].town,
        month=OCTOBER,
        planned_cumulative_wan=Decimal("1"),
        actual_cumulative_wan=Decimal("1"),
    )


def _household_update(r):
    household_services.update_record(
        record=r["household"], user=city_user(), data={"helper": "新"}, expected_version=None
    )


def _member_update(r):
    household_services.update_record(
        record=r["member"], user=city_user(), data={"name": "改名"}, expected_version=None
    )


def _household_move_out(r):
    household_services.move_household(
        household=r["household"], village=r["village_b"], user=city_user()
    )


def _household_move_in(r):
    other = Household.objects.create(number="WALK-B", village=r["village_b"])
    household_services.move_household(household=other, village=r["village_a"], user=city_user())


def _household_create(r):
    Household.objects.create(number="WALK-NEW", village=r["village_a"])


def _member_delete(r):
    Member.objects.get(pk=r["member"].pk).delete()


def _case_update(r):
    monitoring_services.do_update_case(
        actor=SYSTEM, case=r["case_a"], expected_version=None, changes={"note": "改"}
    )


def _measure_add(r):
    monitoring_services.do_add_measure(
        actor=SYSTEM,
        case=r["case_a"],
        kind="health",
        content="新措施",
        department="医保局",
        planned_on=dt.date(2020, 11, 20),
    )


def _visit_log(r):
    monitoring_services.do_log_visit(
        actor=SYSTEM,
        case=r["case_a"],
        visited_on=dt.date(2020, 10, 20),
        visitor="帮扶责任人",
        findings="再次走访",
    )


def _monitoring_command(r):
    call_command("monitoring_case", str(r["pending_case_a"].pk), "confirm")


def _plan_report(r):
    report_value(user=city_user(), target=r["target_a"], value=4, reported_on=dt.date(2020, 12, 30))


def _ledger_fill(r):
    do_fill_entry(
        user=city_user(),
        item=r["ledger_item"],
        region=r["village_a"],
        status="complete",
        note="补齐",
    )


def city_user():
    from apps.accounts.models import User

    return User.objects.get(username="city")


SERVICE_PATHS = {
    "funds progress service": _progress_update,
    "funds progress save (command / shell)": _progress_save,
    "funds progress delete": _progress_delete,
    "funds progress queryset delete (admin action)": _progress_bulk_delete,
    "funds progress of a town in the county": _progress_new_in_town,
    "household edit service": _household_update,
    "member edit service": _member_update,
    "household moved out": _household_move_out,
    "household moved in": _household_move_in,
    "household created": _household_create,
    "member deleted": _member_delete,
    "monitoring case edit": _case_update,
    "monitoring measure added": _measure_add,
    "monitoring visit logged": _visit_log,
    "monitoring lifecycle command": _monitoring_command,
    "plan reported value": _plan_report,
    "ledger entry filled": _ledger_fill,
}


@pytest.mark.parametrize("path", sorted(SERVICE_PATHS))
def test_service_and_command_paths_are_refused(path, locked):
    before = fingerprint(locked["instances"])
    with pytest.raises((RecordsLocked, CommandError)) as refused, transaction.atomic():
        SERVICE_PATHS[path](locked)  # a savepoint: a refused delete breaks no outer block
    text = str(refused.value)
    assert REFUSAL in text and "市扶贫办" in text, text
    assert fingerprint(locked["instances"]) == before


@pytest.mark.parametrize("how", ["function", "command"])
def test_household_import_is_refused(how, locked, tmp_path, capsys):
    before = fingerprint(locked["instances"])
    path = write_rows(tmp_path / f"walk-{how}.xlsx", two_households())
    if how == "function":
        with pytest.raises(ImportRejected) as rejected:
            import_households(path=path, user=SYSTEM)
        text = str(rejected.value)
    else:
        with pytest.raises(CommandError, match="数据库未作任何改动"):
            call_command("import_households", str(path))
        text = capsys.readouterr().err
    assert "建档立卡数据年度确认" in text and "市扶贫办" in text, text
    assert fingerprint(locked["instances"]) == before
    assert not Household.objects.filter(number="H0001").exists()


# --- pages and the admin -------------------------------------------------------


def test_household_page_edit_is_refused(locked, client, user):
    c = _admin(client, "wuchuan", user)
    household = locked["household"]
    before = fingerprint(locked["instances"])
    response = c.get(reverse("households:edit", args=[household.pk]))
    form = response.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"helper": "页面修改", "opened_version": household.version}
    response = c.post(reverse("households:edit", args=[household.pk]), data)
    assert response.status_code == 200
    assert "市扶贫办" in response.content.decode()
    assert fingerprint(locked["instances"]) == before


ADMIN_CHANGES = {
    "funds_monthlyprogress": "progress",
    "households_household": "household",
    "households_member": "member",
    "monitoring_monitoringcase": "case_a",
}


@pytest.mark.parametrize("model", sorted(ADMIN_CHANGES))
def test_admin_change_and_delete_are_refused(model, locked, client, user):
    c = _admin(client, "wuchuan", user)
    obj = locked[ADMIN_CHANGES[model]]
    before = fingerprint(locked["instances"])
    page = c.get(reverse(f"admin:{model}_change", args=[obj.pk]))
    assert page.status_code == 200
    assert "市扶贫办" in page.content.decode()  # opens read-only, saying why
    assert c.post(reverse(f"admin:{model}_change", args=[obj.pk]), {}).status_code == 403
    assert (
        c.post(reverse(f"admin:{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    )
    assert fingerprint(locked["instances"]) == before


def test_admin_delete_selected_action_is_refused(locked, client, user):
    c = _admin(client, "wuchuan", user)
    before = fingerprint(locked["instances"])
    response = c.post(
        reverse("admin:funds_monthlyprogress_changelist"),
        {"action": "delete_selected", "_selected_action": [locked["progress"].pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert fingerprint(locked["instances"]) == before


def test_admin_add_into_a_locked_period_is_refused(locked, client, user):
    c = _admin(client, "wuchuan", user)
    before = fingerprint(locked["instances"])
    response = c.post(
        reverse("admin:funds_monthlyprogress_add"),
        {
            "region": locked["village_a"].town_id,
            "month": "2020-10-01",
            "planned_cumulative_wan": "1",
            "actual_cumulative_wan": "1",
        },
    )
    assert response.status_code == 200
    assert "市扶贫办" in response.content.decode()
    assert fingerprint(locked["instances"]) == before


def test_the_return_page_progress_form_is_refused(locked, client, user):
    c = _admin(client, "wuchuan", user)
    instance = locked["instances"][0]
    before = fingerprint(locked["instances"])
    response = c.post(
        reverse("returns:progress", args=[instance.pk]),
        {"planned_cumulative_wan": "1", "actual_cumulative_wan": "1"},
        follow=True,
    )
    assert "市扶贫办" in response.content.decode()
    assert fingerprint(locked["instances"]) == before


def test_other_counties_stay_writable(locked, leizhou):
    do_record_monthly_progress(
        actor=SYSTEM,
        month=OCTOBER,
        county=leizhou,
        planned_cumulative_wan=Decimal("1"),
        actual_cumulative_wan=Decimal("1"),
    )
    monitoring_services.do_update_case(
        actor=SYSTEM, case=locked["case_b"], expected_version=None, changes={"note": "雷州可改"}
    )
