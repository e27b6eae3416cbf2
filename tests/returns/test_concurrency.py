"""Approve and edit at the same time on PostgreSQL: the step and the edit queue
on the return's lock slot (SELECT … FOR UPDATE), so an edit either lands before
the submission and is in the approved snapshot, or comes after and is refused —
never an edited record inside an approved return."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.funds.services.allocations import do_record_monthly_progress
from apps.locks.guard import RecordsLocked
from apps.regions.models import Region
from apps.returns.models import ReturnInstance, ReturnType, State
from apps.returns.services import do_open_period, do_take_step
from apps.returns.snapshots import combined, figures_of

from .conftest import OCTOBER

pytestmark = pytest.mark.django_db(transaction=True)


def _edit(county, actual: str) -> None:
    do_record_monthly_progress(
        actor=SYSTEM,
        month=OCTOBER,
        county=county,
        planned_cumulative_wan=Decimal("2000"),
        actual_cumulative_wan=Decimal(actual),
    )


def _submit_and_approve(instance) -> None:
    instance = do_take_step(
        actor=User.objects.get(username="wuchuan"), instance=instance, action="submit"
    )
    do_take_step(actor=User.objects.get(username="city"), instance=instance, action="approve")


def _thread(target, errors: list) -> threading.Thread:
    def run():
        try:
            target()
        except Exception as error:  # noqa: BLE001 — collected and asserted on
            errors.append(error)
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.fixture
def opened(on_postgres, demo):
    county = Region.objects.get(level="county", name="吴川市")
    kind = ReturnType.objects.create(
        name="并发月报", level="county", periodicity="monthly", covers=["funds.progress"]
    )
    do_open_period(actor=User.objects.get(username="city"), return_type=kind, day=OCTOBER)
    _edit(county, "1000")
    return county, ReturnInstance.objects.get(return_type=kind, region=county)


def _approved_matches_records(instance) -> bool:
    instance.refresh_from_db()
    assert instance.state == State.APPROVED
    snapshot = instance.snapshots.get()
    return combined(figures_of(instance))[2] == snapshot.digest


def test_an_edit_holding_the_slot_lands_before_the_approval(opened):
    county, instance = opened
    started = threading.Event()
    errors: list = []

    def edit():
        with transaction.atomic():
            _edit(county, "1500")  # passes the check and holds the slot's row lock
            started.set()
            time.sleep(0.5)

    def approve():
        started.wait(5)
        _submit_and_approve(instance)  # waits for the edit's commit

    threads = [_thread(edit, errors), _thread(approve, errors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert not errors, errors
    assert _approved_matches_records(instance)
    assert instance.snapshots.get().totals["funds.progress"]["actual_cumulative_wan"] == "1500.00"


def test_an_edit_after_the_submission_is_refused(opened):
    county, instance = opened
    started = threading.Event()
    errors: list = []

    def approve():
        with transaction.atomic():
            _submit_and_approve(instance)  # holds the slot until committed
            started.set()
            time.sleep(0.5)

    def edit():
        started.wait(5)
        _edit(county, "1800")  # waits for the approval's commit, then is refused

    threads = [_thread(approve, errors), _thread(edit, errors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(errors) == 1 and isinstance(errors[0], RecordsLocked), errors
    assert _approved_matches_records(instance)


def test_many_races_never_leave_an_edit_inside_an_approval(opened):
    county, instance = opened
    errors: list = []
    barrier = threading.Barrier(3)

    def edit(value: str):
        def run():
            barrier.wait(5)
            _edit(county, value)

        return run

    def approve():
        barrier.wait(5)
        _submit_and_approve(instance)

    threads = [
        _thread(edit("1601"), errors),
        _thread(approve, errors),
        _thread(edit("1602"), errors),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert all(isinstance(e, RecordsLocked) for e in errors), errors
    assert _approved_matches_records(instance)
