"""Seed 004's timetable: Sanshui district's four phases for the village teams
it sends to Suixi county, preparing the 2018 assessment (迎考).

The phases, deadlines and issuer are the seed's. The seed names 26 assisted
poor villages but not which unit helps which; the demo region tree holds four
poor villages of 遂溪县, so the demo pairs one Sanshui unit with each (the
units are among those the seed names; the pairing is the demo's own), and its
ticks are chosen so that on ``REFERENCE_DATE`` phase 1 is completed, phase 2
overdue (two villages not done), phase 3 partly done and phase 4 not started.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from apps.accounts.models import User
from apps.audit.context import acting_as
from apps.households.models import AssistingUnit
from apps.regions.models import Level
from apps.regions.resolver import RegionResolver

from .models import Deliverable, Timetable
from .services import PhaseSpec, create_timetable, generate_checklist, tick_deliverable

TITLE = "迎接2018年扶贫开发成效考核工作时间表"
ISSUER = "佛山市三水区扶贫开发工作领导小组办公室"
ORGAN = "三扶办"  # the demo's own: seed 004 is a 简报 numbered 〔2018〕第20期
REFERENCE_DATE = dt.date(2018, 12, 25)
PAIRS = [
    ("佛山市三水区乐平镇", "遂溪县乐民镇余村村"),
    ("佛山市三水区委统战部", "遂溪县草潭镇下六圩村"),
    ("佛山市三水区国资办", "遂溪县北坡镇架岭村"),
    ("佛山市三水区工商联", "遂溪县杨柑镇松树村"),
]
PHASES = [
    PhaseSpec(
        "2016-2018年预脱贫户家庭人均可支配收入统计", dt.date(2018, 12, 10), dt.date(2018, 11, 8)
    ),
    PhaseSpec("全部贫困户帮扶记录簿的填写", dt.date(2018, 12, 20)),
    PhaseSpec("考核资料收集与归档整理", dt.date(2018, 12, 30)),
    PhaseSpec("省系统帮扶数据的填报和录入", dt.date(2019, 1, 10)),
]
# (phase order, village name, completed on)
TICKS = [
    (1, "余村村", dt.date(2018, 12, 3)),
    (1, "下六圩村", dt.date(2018, 12, 6)),
    (1, "架岭村", dt.date(2018, 12, 8)),
    (1, "松树村", dt.date(2018, 12, 10)),
    (2, "余村村", dt.date(2018, 12, 17)),
    (2, "下六圩村", dt.date(2018, 12, 19)),
    (3, "余村村", dt.date(2018, 12, 24)),
]


@transaction.atomic
def load_demo_timetable() -> int:
    """Load the timetable once; a second call changes nothing."""
    if Timetable.objects.filter(title=TITLE, issuer=ISSUER).exists():
        return 0
    resolver = RegionResolver()
    city_office = User.objects.get(username="city")
    units = []
    for unit_name, village_name in PAIRS:
        unit, _created = AssistingUnit.objects.get_or_create(name=unit_name)
        unit.villages.add(resolver.resolve(village_name, level=Level.VILLAGE))
        units.append(unit)
    with acting_as(city_office):
        timetable = create_timetable(
            user=city_office,
            title=TITLE,
            issuer=ISSUER,
            region=resolver.resolve("遂溪县", level=Level.COUNTY),
            assisting_units=units,
            phases=PHASES,
            issued_on=dt.date(2018, 11, 8),
            organ_abbreviation=ORGAN,
        )
        generate_checklist(user=city_office, timetable=timetable)
        for order, village, day in TICKS:
            item = Deliverable.objects.get(
                phase__timetable=timetable, phase__order=order, village__name=village
            )
            tick_deliverable(user=city_office, deliverable=item, completed_on=day)
    return 1
