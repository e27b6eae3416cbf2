import datetime as dt
from decimal import Decimal

import pytest

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.funds.services.allocations import do_record_monthly_progress
from apps.regions.models import Region
from apps.returns.models import ReturnInstance, ReturnType
from apps.returns.services import do_open_period, do_take_step

OCTOBER = dt.date(2020, 10, 1)


@pytest.fixture
def user(demo):
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def wuchuan(demo) -> Region:
    return Region.objects.get(level="county", name="吴川市")


@pytest.fixture
def leizhou(demo) -> Region:
    return Region.objects.get(level="county", name="雷州市")


@pytest.fixture
def progress_type(demo) -> ReturnType:
    return ReturnType.objects.create(
        name="扶贫资金月度进度",
        level="county",
        periodicity="monthly",
        due_day=5,
        covers=["funds.progress"],
    )


@pytest.fixture
def registry_type(demo) -> ReturnType:
    return ReturnType.objects.create(
        name="建档立卡数据年度确认",
        level="county",
        periodicity="yearly",
        due_day=15,
        covers=["households.registry", "monitoring.ledger", "plans.reported", "ledgers.entries"],
    )


@pytest.fixture
def october(progress_type, user):
    do_open_period(actor=user("city"), return_type=progress_type, day=OCTOBER)
    return lambda region: ReturnInstance.objects.get(
        return_type=progress_type, region=region, period_start=OCTOBER
    )


@pytest.fixture
def progress(wuchuan):
    def record(actual: str = "1200.00", planned: str = "1500.00", county=None, actor=SYSTEM):
        return do_record_monthly_progress(
            actor=actor,
            month=OCTOBER,
            county=county or wuchuan,
            planned_cumulative_wan=Decimal(planned),
            actual_cumulative_wan=Decimal(actual),
        )

    return record


@pytest.fixture
def step(user):
    def take(instance, action: str, username: str, note: str = "", on=None):
        return do_take_step(
            actor=user(username), instance=instance, action=action, note=note, on=on
        )

    return take
