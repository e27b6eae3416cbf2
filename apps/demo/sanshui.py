"""Seed 004: Sanshui's work briefing 〔2018〕第20期（总第218期） from records.

What the demo adds for it (only ``manage.py load_demo`` loads it; the tests
that read the briefing load it themselves):

- The 26 poor villages of 遂溪县 Sanshui assists: the four of the timetable
  demo (``timetables.py``) plus 22 more the demo names itself (three after the
  villages seed 004 visits: 那仙村, 豆村村, 下洋村), each paired with one of the
  timetable's four assisting units in turn.
- A registry for those villages as of 2018-10-31 (a generated national file,
  imported) whose gaps are exactly seed 004's: 124 students without the living
  subsidy, 237 dibao-eligible households not enrolled, 181 people without
  medical insurance, 680 without pension insurance. Each household has one
  kind of gap (the demo's choice), plus households without any gap, so that
  each count is made by the field it is about.
- The series 佛山市三水区扶贫工作简报, edited by 佛山市三水区扶贫工作领导小组
  办公室, whose counters stand at 2018's 19th issue and the 217th in all (the
  earlier issues are not in the demo), and the 20th issue drafted from the
  timetable and the registry, printed 2018-11-19 as the seed, and issued.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.utils import timezone
from openpyxl import Workbook

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.bulletins.models import BriefingSeries, BriefingYear, Bulletin
from apps.bulletins.services import issue_bulletin
from apps.households.imports import import_households
from apps.households.models import AssistingUnit, Household
from apps.regions.models import Level, Region
from apps.regions.services import import_region_tree
from apps.timetables.models import Timetable
from apps.timetables.services import draft_briefing_issue

from .generator import HEADERS, make_id_number
from .timetables import ISSUER, TITLE, load_demo_timetable

SUIXI = "遂溪县"
AS_OF = dt.date(2018, 10, 31)
PRINTED_ON = dt.date(2018, 11, 19)
SERIES = "三水区扶贫工作简报"
MASTHEAD = "佛山市三水区扶贫工作简报"
EDITING_OFFICE = "佛山市三水区扶贫工作领导小组办公室"
PRINTING_OFFICE = "佛山市三水区扶贫开发工作领导小组办公室"
REPORT_TO = "佛山市扶贫开发领导小组办公室，罗卫平同志"
COPY_TO = "对口帮扶责任单位，对口帮扶派驻工作组（队）。"
YEAR, LAST_ISSUE, LAST_RUNNING = 2018, 19, 217
# The seed's four gaps, and households without a gap of each kind beside them.
STUDENTS, DIBAO, NO_MEDICAL, NO_PENSION = 124, 237, 181, 680
COVERED = 40
NAMED_VILLAGES = ("那仙村", "豆村村", "下洋村")
TOWNS = ("乐民镇", "草潭镇", "北坡镇", "杨柑镇")
VILLAGES = 26
AREA = "440823"


def load_suixi_villages() -> int:
    """The 22 more villages, poor, paired with the timetable's units in turn."""
    county = Region.objects.get(level=Level.COUNTY, name=SUIXI)
    units = list(Timetable.objects.get(title=TITLE, issuer=ISSUER).assisting_units.order_by("pk"))
    existing = Region.objects.filter(
        level=Level.VILLAGE, county=county, assisting_units__in=units
    ).distinct()
    missing = VILLAGES - existing.count()
    names = [*NAMED_VILLAGES, *(f"三帮{n:02d}村" for n in range(1, 30))][: max(missing, 0)]
    towns: dict[str, list] = {town: [] for town in TOWNS}
    for n, name in enumerate(names):
        towns[TOWNS[n % len(TOWNS)]].append({"name": name, "is_poor_village": True})
    created = import_region_tree(
        tree={
            "name": county.city.name,
            "counties": [
                {"name": SUIXI, "towns": [{"name": t, "villages": v} for t, v in towns.items()]}
            ],
        }
    )
    for n, name in enumerate(names):
        village = Region.objects.get(level=Level.VILLAGE, county=county, name=name)
        units[n % len(units)].villages.add(village)
    return created


def _assisted_villages() -> list[tuple[Region, AssistingUnit]]:
    units = Timetable.objects.get(title=TITLE, issuer=ISSUER).assisting_units.order_by("pk")
    pairs = []
    for unit in units:
        for village in unit.villages.filter(county__name=SUIXI).select_related("town"):
            pairs.append((village, unit))
    return sorted(pairs, key=lambda pair: pair[0].pk)


class _Rows:
    """Member rows of the Suixi file, one kind of household at a time."""

    def __init__(self, pairs):
        self.pairs = pairs
        self.rows: list[list] = []
        self.households = 0
        self.people = 0

    def household(self, members: list[dict], **cells) -> None:
        village, unit = self.pairs[self.households % len(self.pairs)]
        self.households += 1
        household = {
            "县": SUIXI,
            "乡镇": village.town.name,
            "行政村": village.name,
            "户编号": f"SX{self.households:07d}",
            "贫困户属性": "一般贫困户",
            "脱贫属性": "未脱贫",
            "主要致贫原因": "缺资金",
            "家庭年人均纯收入": 6000,
            "住房是否安全": "是",
            "饮水是否安全": "是",
            "帮扶单位": unit.name,
            **cells,
        }
        for position, member in enumerate(members):
            self.people += 1
            self.rows.append(self._member(household, position, **member))

    def _member(self, household: dict, position: int, *, age: int, **cells) -> list:
        birth = dt.date(AS_OF.year - age - 1, 1, 1) + dt.timedelta(days=self.people % 300)
        male = self.people % 2 == 0
        child = "之子" if male else "之女"
        relationship = "户主" if position == 0 else ("配偶" if position == 1 else child)
        member = {
            "姓名": f"遂某{self.people}",
            "证件号码": make_id_number(AREA, birth, (self.people // 300) * 2 + (1 if male else 0)),
            "与户主关系": relationship,
            "性别": "男" if male else "女",
            "出生日期": birth,
            "民族": "汉族",
            "在校生状况": "非在校生",
            "健康状况": "健康",
            "劳动技能": "普通劳动力",
            "是否参加基本医疗保险": "是",
            "是否参加基本养老保险": "是",
            "是否享受低保": "否",
            "是否特困供养": "否",
            **cells,
        }
        row = {**household, **member}
        return [row.get(header) for header in HEADERS]


def suixi_rows(pairs) -> list[list]:
    """The file's rows: each count below is one of seed 004's gaps exactly."""
    rows = _Rows(pairs)
    for n in range(STUDENTS + COVERED):
        rows.household(
            [
                {"age": 40},
                {"age": 38},
                {
                    "age": 12,
                    "在校生状况": "初中",
                    "劳动技能": "无劳动力",
                    "是否参加基本养老保险": "否",
                    "是否享受生活补助": "否" if n < STUDENTS else "是",
                },
            ]
        )
    for n in range(DIBAO + COVERED):
        enrolled = n >= DIBAO
        rows.household(
            [
                {
                    "age": 72,
                    "劳动技能": "丧失劳动力",
                    "是否享受低保": "是" if enrolled else "否",
                    "低保金": 4800 if enrolled else None,
                }
            ],
            **{"家庭年人均纯收入": 2000, "主要致贫原因": "缺劳力"},
            **({"贫困户属性": "低保贫困户"} if enrolled else {}),
        )
    for _n in range(NO_MEDICAL):
        rows.household([{"age": 45, "是否参加基本医疗保险": "否"}])
    for _n in range(NO_PENSION // 2):
        rows.household([{"age": 30, "是否参加基本养老保险": "否"} for _ in range(2)])
    return rows.rows


def load_suixi_registry() -> int:
    if Household.objects.filter(number__startswith="SX", village__county__name=SUIXI).exists():
        return 0
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("建档立卡户")
    sheet.append(HEADERS)
    for row in suixi_rows(_assisted_villages()):
        sheet.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "suixi-2018.xlsx"
        workbook.save(path)
        counts = import_households(path=path, user=SYSTEM, display_name="遂溪县帮扶村2018年10月")
    return counts["households_created"]


def briefing_series() -> BriefingSeries:
    series, created = BriefingSeries.objects.get_or_create(
        name=SERIES,
        defaults={
            "masthead": MASTHEAD,
            "editing_office": EDITING_OFFICE,
            "last_running_number": LAST_RUNNING,
        },
    )
    if created:
        BriefingYear.objects.create(series=series, year=YEAR, last_issue=LAST_ISSUE)
    return series


def sanshui_briefing() -> Bulletin | None:
    return Bulletin.objects.filter(series__name=SERIES, year=YEAR, sequence=20).first()


def load_sanshui_briefing(*, issue: bool = True) -> Bulletin:
    """Everything above, then the 20th issue of 2018 drafted and issued (once)."""
    load_demo_timetable()
    load_suixi_villages()
    load_suixi_registry()
    series = briefing_series()
    existing = sanshui_briefing()
    if existing is not None:
        return existing
    city = User.objects.get(username="city")
    briefing = draft_briefing_issue(
        user=city,
        timetable=Timetable.objects.get(title=TITLE, issuer=ISSUER),
        series=series,
        as_of=AS_OF,
        printed_on=PRINTED_ON,
        report_to=REPORT_TO,
        copy_to=COPY_TO,
        printing_office=PRINTING_OFFICE,
    )
    if issue:
        briefing = issue_bulletin(user=city, bulletin=briefing, issued_at=_on(PRINTED_ON))
    return briefing


def _on(day: dt.date) -> dt.datetime:
    """Issued on the day the document is dated (9 o'clock), not on the day of loading."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
