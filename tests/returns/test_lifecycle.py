"""The must-show path: a county submits October 2020's fund progress, the city
returns it with a reason, the county corrects and resubmits, the city approves;
an unlock request is granted and the change after it shows against the snapshot."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.locks.guard import RecordsLocked
from apps.returns.models import State, Step
from apps.returns.snapshots import combined, difference, figures_of


def test_submit_return_resubmit_approve(october, wuchuan, progress, step):
    progress("1100.00")
    instance = october(wuchuan)
    assert instance.state == State.NOT_FILED
    instance = step(instance, "submit", "wuchuan", "十月进度", on=dt.date(2020, 11, 3))
    assert instance.state == State.SUBMITTED
    assert instance.first_submitted_on == dt.date(2020, 11, 3)
    with pytest.raises(RecordsLocked, match="吴川市2020年10月扶贫资金月度进度"):
        progress("1200.00")
    with pytest.raises(ValidationError):
        step(instance, "return", "city", "")  # a return needs its reason
    instance = step(instance, "return", "city", "实际支出与拨付台账不一致")
    assert instance.state == State.RETURNED and instance.return_reason
    progress("1200.00")  # returned: the county corrects
    instance = step(instance, "submit", "wuchuan", "已更正")
    instance = step(instance, "approve", "city")
    assert instance.state == State.APPROVED
    snapshot = instance.snapshots.get()
    assert snapshot.totals["funds.progress"]["actual_cumulative_wan"] == "1200.00"
    assert len(snapshot.digest) == 64
    assert [s.action for s in instance.steps.all()] == [
        Step.Action.SUBMIT,
        Step.Action.RETURN,
        Step.Action.SUBMIT,
        Step.Action.APPROVE,
    ]


def test_unlock_request_granted_and_the_change_shows(october, wuchuan, progress, step):
    progress("1100.00")
    instance = step(october(wuchuan), "submit", "wuchuan")
    instance = step(instance, "approve", "city")
    with pytest.raises(ValidationError):
        step(instance, "request_unlock", "wuchuan", "")
    instance = step(instance, "request_unlock", "wuchuan", "发现一笔支出漏报")
    with pytest.raises(RecordsLocked):
        progress("1300.00")  # requested, not yet granted
    instance = step(instance, "grant_unlock", "city")
    assert instance.state == State.RETURNED and instance.unlock_requested_at is None
    progress("1300.00")
    totals, records, digest = combined(figures_of(instance))
    snapshot = instance.snapshots.get()
    assert digest != snapshot.digest
    diff = difference(snapshot, totals, records)
    assert ("funds.progress", "actual_cumulative_wan", "1100.00", "1300.00") in diff.totals
    assert len(diff.changed) == 1


def test_only_the_level_above_approves(october, wuchuan, leizhou, step):
    instance = step(october(wuchuan), "submit", "wuchuan")
    with pytest.raises(PermissionDenied):
        step(instance, "approve", "wuchuan")
    with pytest.raises(PermissionDenied):
        step(october(leizhou), "submit", "wuchuan")
    for name in ("leader", "inspector", "yibao"):
        with pytest.raises(PermissionDenied):
            step(instance, "approve", name)


def test_cancel_approval_unlocks(october, wuchuan, progress, step):
    progress("1000.00")
    instance = step(step(october(wuchuan), "submit", "wuchuan"), "approve", "city")
    with pytest.raises(ValidationError):
        step(instance, "approve", "city")  # already approved
    instance = step(instance, "unapprove", "city", "数据需复核")
    assert instance.state == State.RETURNED
    assert progress("1001.00").actual_cumulative_wan == Decimal("1001.00")


def test_another_county_and_month_stay_open(october, wuchuan, leizhou, progress, step):
    step(october(wuchuan), "submit", "wuchuan")
    progress("10.00", county=leizhou)  # 雷州市 did not submit
    from apps.accounts.access import SYSTEM
    from apps.funds.services.allocations import do_record_monthly_progress

    do_record_monthly_progress(
        actor=SYSTEM,
        month=dt.date(2020, 11, 1),
        county=wuchuan,
        planned_cumulative_wan=Decimal("1"),
        actual_cumulative_wan=Decimal("1"),
    )
