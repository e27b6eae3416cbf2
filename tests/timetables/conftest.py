import datetime as dt

import pytest

from apps.accounts.models import User
from apps.households.models import AssistingUnit
from apps.regions.models import Level, Region
from apps.timetables.models import Deliverable, Timetable
from apps.timetables.services import (
    PhaseSpec,
    create_timetable,
    generate_checklist,
    tick_deliverable,
)

AS_OF = dt.date(2020, 12, 25)
PHASES = [
    PhaseSpec("收入统计", dt.date(2020, 12, 10), dt.date(2020, 11, 20)),
    PhaseSpec("帮扶记录簿填写", dt.date(2020, 12, 20)),
    PhaseSpec("考核资料归档", dt.date(2020, 12, 30)),
    PhaseSpec("省系统数据录入", dt.date(2021, 1, 10)),
]


def village(name: str, county: str) -> Region:
    return Region.objects.get(level=Level.VILLAGE, name=name, county__name=county)


def tick(timetable: Timetable, order: int, village_name: str, day: dt.date, user=None):
    item = Deliverable.objects.get(
        phase__timetable=timetable, phase__order=order, village__name=village_name
    )
    return tick_deliverable(
        user=user or User.objects.get(username="city"), deliverable=item, completed_on=day
    )


@pytest.fixture
def wuchuan_timetable(demo) -> Timetable:
    """吴川市: three paired villages; on AS_OF phase 1 is completed, phase 2
    overdue (新屋村 not done), phase 3 partly done, phase 4 not started. A unit
    also paired with a 雷州市 village, which stays out of the checklist."""
    city = User.objects.get(username="city")
    first = AssistingUnit.objects.create(name="测试帮扶单位甲")
    second = AssistingUnit.objects.create(name="测试帮扶单位乙")
    first.villages.add(village("名利村", "吴川市"), village("兰石村", "吴川市"))
    first.villages.add(village("林排村", "雷州市"))
    second.villages.add(village("新屋村", "吴川市"))
    timetable = create_timetable(
        user=city,
        title="吴川市测试迎考时间表",
        issuer="测试扶贫办",
        region=Region.objects.get(level=Level.COUNTY, name="吴川市"),
        assisting_units=[first, second],
        phases=PHASES,
    )
    generate_checklist(user=city, timetable=timetable)
    for name in ("名利村", "兰石村", "新屋村"):
        tick(timetable, 1, name, dt.date(2020, 12, 8))
    tick(timetable, 2, "名利村", dt.date(2020, 12, 18))
    tick(timetable, 2, "兰石村", dt.date(2020, 12, 19))
    tick(timetable, 3, "名利村", dt.date(2020, 12, 24))
    return timetable
