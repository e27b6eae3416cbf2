"""The demo's periodic returns (issue 21): the monthly fund progress return
for October 2020 and the household registry confirmation for 2020, in states
that leave something in every demo user's inbox.

The counties' October figures and the steps' dates are the demo's own choice
(the seeds give none): 吴川市 submitted and was returned (it corrects and
resubmits in the browser journey), 雷州市 waits for approval, 廉江市 is
approved and asks to unlock, 徐闻县 was approved after a late submission,
麻章区 and 赤坎区 approved on time, the others have not filed. The registry
confirmation for 2020 is open (due 2021年1月15日) with only 麻章区 submitted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.funds.models import MonthlyProgress
from apps.funds.services.allocations import do_record_monthly_progress
from apps.regions.models import Level, Region
from apps.returns.models import ReturnInstance, ReturnType
from apps.returns.services import do_open_period, do_take_step

OCTOBER = dt.date(2020, 10, 1)
PROGRESS = "扶贫资金月度进度"
REGISTRY = "建档立卡数据年度确认"

# County → (planned, actual cumulative spending to the end of October, 万元).
FIGURES = {
    "赤坎区": ("860.00", "842.50"),
    "霞山区": ("920.00", "874.30"),
    "坡头区": ("1350.00", "1208.60"),
    "麻章区": ("1480.00", "1466.20"),
    "遂溪县": ("3960.00", "3512.80"),
    "徐闻县": ("4120.00", "3987.40"),
    "廉江市": ("4580.00", "4231.70"),
    "雷州市": ("5230.00", "4468.90"),
    "吴川市": ("3340.00", "2911.50"),
    "湛江经济技术开发区": ("410.00", "395.00"),
}

# County → its October steps: (action, by, day, note).
STEPS = {
    "吴川市": [
        ("submit", "wuchuan", dt.date(2020, 11, 3), "10月资金支出进度"),
        ("return", "city", dt.date(2020, 11, 4), "实际累计支出与拨付台账不一致，请核对后重报"),
    ],
    "雷州市": [("submit", "leizhou", dt.date(2020, 11, 4), "10月资金支出进度")],
    "廉江市": [
        ("submit", "city", dt.date(2020, 11, 2), "10月资金支出进度"),
        ("approve", "city", dt.date(2020, 11, 5), ""),
        ("request_unlock", "city", dt.date(2020, 11, 10), "发现一笔10月支出漏报，申请解锁更正"),
    ],
    "徐闻县": [
        ("submit", "city", dt.date(2020, 11, 9), "逾期补报"),
        ("approve", "city", dt.date(2020, 11, 10), ""),
    ],
    "麻章区": [
        ("submit", "city", dt.date(2020, 11, 2), ""),
        ("approve", "city", dt.date(2020, 11, 3), ""),
    ],
    "赤坎区": [
        ("submit", "city", dt.date(2020, 11, 5), ""),
        ("approve", "city", dt.date(2020, 11, 6), ""),
    ],
}


def load_returns_demo() -> int:
    """Create the two return types, their periods and steps; a second call changes nothing."""
    if ReturnType.objects.filter(name=PROGRESS).exists():
        return 0
    city = User.objects.get(username="city")
    progress = ReturnType.objects.create(
        name=PROGRESS, level="county", periodicity="monthly", due_day=5, covers=["funds.progress"]
    )
    registry = ReturnType.objects.create(
        name=REGISTRY,
        level="county",
        periodicity="yearly",
        due_day=15,
        covers=["households.registry"],
    )
    counties = {r.name: r for r in Region.objects.filter(level=Level.COUNTY)}
    for name, (planned, actual) in FIGURES.items():
        if (
            name in counties
            and not MonthlyProgress.objects.filter(
                region=counties[name], project=None, month=OCTOBER
            ).exists()
        ):
            do_record_monthly_progress(
                actor=SYSTEM,
                month=OCTOBER,
                county=counties[name],
                planned_cumulative_wan=Decimal(planned),
                actual_cumulative_wan=Decimal(actual),
            )
    created = len(do_open_period(actor=city, return_type=progress, day=OCTOBER))
    created += len(do_open_period(actor=city, return_type=registry, day=OCTOBER))
    users = {
        u.username: u for u in User.objects.filter(username__in=["city", "wuchuan", "leizhou"])
    }
    for name, steps in STEPS.items():
        instance = ReturnInstance.objects.get(return_type=progress, region=counties[name])
        for action, by, day, note in steps:
            instance = do_take_step(
                actor=users[by], instance=instance, action=action, note=note, on=day
            )
    mazhang = ReturnInstance.objects.get(return_type=registry, region=counties["麻章区"])
    do_take_step(
        actor=city,
        instance=mazhang,
        action="submit",
        note="2020年数据已核对",
        on=dt.date(2020, 12, 28),
    )
    _leave_work_for_inspectors_and_departments(users)
    return created


def _leave_work_for_inspectors_and_departments(users) -> None:
    """A rectification 吴川市 reports done (the city office and the inspector
    covering 吴川市 verify it), and a task 市医保局 has yet to answer."""
    from apps.accounts.models import Department
    from apps.inspections.models import Finding, FindingStatus
    from apps.inspections.services import transition_finding
    from apps.inspections.task_services import do_create_task

    finding = (
        Finding.objects.filter(region__county__name="吴川市", status=FindingStatus.OPEN)
        .order_by("pk")
        .first()
    )
    if finding is not None:
        for status in (FindingStatus.IN_PROGRESS, FindingStatus.AWAITING_VERIFICATION):
            finding = transition_finding(
                user=users["wuchuan"], finding=finding, to_status=status, note="已整改"
            )
    do_create_task(
        user=users["city"],
        title="报送10月困难群众参保资助进度",
        lead_department=Department.objects.get(name="市医保局"),
        issued_on=dt.date(2020, 11, 12),
        deadline=dt.date(2020, 12, 10),
        description="按月报送各县（市、区）困难群众参加城乡居民医保资助进度（演示数据）。",
        source_reference="演示",
    )
