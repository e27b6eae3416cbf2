"""Generated national-format household files: demo data, tests and benchmarks.

Deterministic for a given plan and seed. ``xuwen_2019`` reproduces the totals
of seed 002 (徐闻县 2019 self-assessment): 9 576 households, 30 811 members,
30 539 lifted (9 496 households), 30 482 exited (9 484 households), 4 518 of
compulsory-school age of whom 4 492 in school — so the indicator page must show
99.12 %, 98.93 % and 99.42 %.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from apps.households.columns import COLUMNS
from apps.households.idnumbers import check_character

from .xlsx import write_sheet

HEADERS = [c.header for c in COLUMNS]


@dataclass
class Plan:
    """How many households of each kind, spread over ``villages``
    (``(county, town, village)`` names)."""

    villages: list[tuple[str, str, str]]
    area_code: str
    as_of: dt.date
    # (count, size, exit status word[, support]) — members per household and
    # status; with DIBAO or DESTITUTE, households without labour capacity
    # enrolled in dibao or destitute support (elderly, no compulsory-age child).
    groups: list[tuple]
    compulsory_age: int = 0  # children aged 6–15 on as_of …
    out_of_school: int = 0  # … of whom this many are not in school
    number_prefix: str = "H"
    seed: int = 2019
    anomalies: float = 0.0  # share of households given a data-quality fault
    # Share of households of elderly people without labour capacity (aged 66–80,
    # chronically ill; a grandchild where the household has a child) — the ones
    # dibao and pension targets are about. Of these, ``enrolled`` receive dibao.
    elderly: float = 0.0
    enrolled: float = 0.6
    extra: dict = field(default_factory=dict)
    working_spouses: int = 0  # households whose spouse works too
    # (task year, households): 危房改造 tasks, completed within their year,
    # given to households with labour capacity in turn.
    renovations: tuple[tuple[int, int], ...] = ()


DIBAO, DESTITUTE = "低保贫困户", "特困供养贫困户"


def xuwen_2019(villages: list[tuple[str, str, str]], *, as_of: dt.date) -> Plan:
    return Plan(
        villages=villages,
        area_code="440825",
        as_of=as_of,
        # Seed 002's households too: 9 496 lifted (30 539 people), of which
        # 9 484 exited (30 482 people); 80 households (272 people) not lifted.
        # Among the exited, the 3 492 households (5 015 people) without labour
        # capacity, all enrolled: 低保 979 (2 200 people), 五保 2 513 (2 815).
        groups=[
            (32, 4, "未脱贫"),
            (48, 3, "未脱贫"),  # 272 members not lifted
            (9, 5, "已脱贫"),
            (3, 4, "已脱贫"),  # 57 lifted, not yet formally exited
            (2000, 5, "已退出"),
            (3491, 4, "已退出"),
            (501, 3, "已退出"),
            (737, 2, "已退出", DIBAO),
            (242, 3, "已退出", DIBAO),  # 979 households, 2 200 people
            (2211, 1, "已退出", DESTITUTE),
            (302, 2, "已退出", DESTITUTE),  # 2 513 households, 2 815 people
        ],
        compulsory_age=4518,
        out_of_school=26,
        number_prefix="440825",
        # 6 094 people in work: the head of each of the 6 084 households with
        # labour capacity, and ten spouses.
        working_spouses=10,
        # 危房改造: 615 tasks of 2018 and 156 of 2019, all completed.
        renovations=((2018, 615), (2019, 156)),
    )


def city_sized(villages: list[tuple[str, str, str]], *, members: int, as_of: dt.date) -> Plan:
    households = members // 3
    remainder = members - households * 3
    return Plan(
        villages=villages,
        area_code="440800",
        as_of=as_of,
        groups=[(remainder, 4, "已退出"), (households - remainder, 3, "已退出")],
        compulsory_age=members // 8,
        out_of_school=members // 800,
        number_prefix="4408",
        anomalies=0.02,
        elderly=0.08,
    )


def make_id_number(area: str, birth: dt.date, order: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + check_character(first17)


def rows(plan: Plan) -> Iterator[list]:
    """Member rows in ``HEADERS`` order."""
    rng = random.Random(plan.seed)
    supports = [group[3] if len(group) > 3 else "" for group in plan.groups]
    kinds = [
        support
        for (count, *_rest), support in zip(plan.groups, supports, strict=True)
        for _ in range(count)
    ]
    # Children live in households with labour capacity (a list equal to the
    # range when no group is one of support, so other plans draw as before).
    with_labour = [index for index, support in enumerate(kinds) if not support]
    child_slots = (
        set(rng.sample(with_labour, plan.compulsory_age)) if (plan.compulsory_age) else set()
    )
    out_of_school = set(rng.sample(sorted(child_slots), plan.out_of_school))
    renovations = [year for year, count in plan.renovations for _ in range(count)]
    renovated = dict(zip(with_labour[::7], renovations, strict=False))
    spouses = set(with_labour[1::7][: plan.working_spouses])
    sequence = 0
    index = 0
    for (count, size, status, *_rest), support in zip(plan.groups, supports, strict=True):
        for _ in range(count):
            village = plan.villages[index % len(plan.villages)]
            number = f"{plan.number_prefix}{index + 1:08d}"
            faulty = plan.anomalies and rng.random() < plan.anomalies
            household = _household_cells(rng, number, status, faulty)
            # Drawn only when the plan asks, so other plans' files stay as they were.
            elderly = bool(support) or (bool(plan.elderly) and rng.random() < plan.elderly)
            dibao = support == DIBAO or (elderly and not support and rng.random() < plan.enrolled)
            if elderly:
                # Nobody works: no wage income, short of labour.
                household.update({"工资性收入": 0, "主要致贫原因": "缺劳力"})
            if dibao:
                household["贫困户属性"] = DIBAO
            if support == DESTITUTE:
                household["贫困户属性"] = DESTITUTE
            if index in renovated:
                year = renovated[index]
                completed = dt.date(year, 11, 30)
                household.update({"危房改造任务年度": year, "危房改造竣工日期": completed})
            for position in range(size):
                sequence += 1
                child = position == size - 1 and index in child_slots
                member = _member_cells(
                    rng, plan, position, sequence, child=child, in_school=index not in out_of_school
                )
                if elderly:
                    _make_elderly(member, plan, position, sequence, child=child, dibao=dibao)
                    if support == DESTITUTE and position == 0:
                        member.update({"是否特困供养": "是", "特困供养金": 6000})
                elif position == 1 and index in spouses:
                    member.update({"务工状况": "省内务工", "务工时间（月）": 10})
                yield _row(village, household, member)
            index += 1


def _household_cells(rng: random.Random, number: str, status: str, faulty: bool) -> dict:
    income = round(rng.uniform(9000, 20000), 2)
    cells = {
        "户编号": number,
        "贫困户属性": "一般贫困户",
        "脱贫属性": status,
        "脱贫年度": 2019 if status != "未脱贫" else None,
        "监测对象类型": "",
        "主要致贫原因": rng.choice(["缺技术", "缺资金", "缺劳力", "因学"]),
        "其他致贫原因": "",
        "家庭年人均纯收入": income,
        "工资性收入": round(income * 2, 2),
        "生产经营性收入": 0,
        "生产经营性支出": 0,
        "家庭年支出": round(income * 1.5, 2),
        "住房面积": 80,
        "住房是否安全": "是",
        "饮水是否安全": "是",
        "饮水是否困难": "否",
        "帮扶责任人": f"帮扶人{int(number[-4:]) % 97:02d}",
        "帮扶单位": f"帮扶单位{int(number[-4:]) % 13:02d}",
        "有无年度帮扶计划": "是",
    }
    if cells["主要致贫原因"] == "因学":
        cells["主要致贫原因"] = "缺技术"
    if faulty:
        # One plausible data-entry fault per faulty household.
        fault = rng.randrange(4)
        if fault == 0:
            cells["住房是否安全"] = "否"
        elif fault == 1:
            cells["主要致贫原因"] = "因病"
        elif fault == 2:
            cells["生产经营性收入"] = 3000
        else:
            cells["住房面积"] = 0
    return cells


def _member_cells(rng, plan: Plan, position: int, sequence: int, *, child: bool, in_school: bool):
    if position == 0:
        relationship, male, age = "户主", True, 35 + sequence % 25
    elif position == 1:
        relationship, male, age = "配偶", False, 33 + sequence % 25
    elif child:
        male = sequence % 2 == 0
        relationship, age = ("之子" if male else "之女"), 7 + sequence % 8
    else:
        male = sequence % 2 == 0
        relationship, age = ("之子" if male else "之女"), 17 + sequence % 3
    # (block, day, order) is unique per sequence number, so ID numbers never repeat.
    block, within = divmod(sequence, 180_000)
    day, order = divmod(within, 500)
    birth = dt.date(plan.as_of.year - age - 1, 1, 1) + dt.timedelta(days=day % 360)
    area = plan.area_code[:4] + f"{int(plan.area_code[4:]) + block:02d}"
    if child:
        school = "小学" if age <= 11 else "初中"
        if not in_school:
            school = "辍学"
    elif age < 20:
        school = "高中"
    else:
        school = "非在校生"
    adult_worker = school == "非在校生"
    return {
        "姓名": f"{'张王李陈林黄'[sequence % 6]}某{sequence}",
        "证件号码": make_id_number(area, birth, order * 2 + (1 if male else 0)),
        "与户主关系": relationship,
        "性别": "男" if male else "女",
        "出生日期": birth,
        "民族": "汉族",
        "文化程度": "初中" if adult_worker else "",
        "在校生状况": school,
        "健康状况": "健康",
        "劳动技能": "普通劳动力" if adult_worker else "无劳动力",
        "务工状况": "省内务工" if adult_worker and position == 0 else "",
        "务工时间（月）": 10 if adult_worker and position == 0 else 0,
        "是否参加基本医疗保险": "是",
        "是否参加大病保险": "是",
        "是否参加基本养老保险": "是" if adult_worker else "否",
        "是否享受低保": "否",
        "低保金": None,
        "是否特困供养": "否",
        "特困供养金": None,
        "残疾证号": "",
        "是否享受残疾人补贴": "否",
    }


def _make_elderly(
    member: dict, plan: Plan, position: int, sequence: int, *, child: bool, dibao: bool
) -> None:
    """Turn a member of an elderly household: the couple aged 66–80, chronically
    ill and unable to work, drawing a pension; the others their grandchildren."""
    if position <= 1:
        age = 66 + sequence % 15
        birth = dt.date(plan.as_of.year - age - 1, 1, 1) + dt.timedelta(
            days=member["出生日期"].timetuple().tm_yday - 1
        )
        id_number = member["证件号码"]
        first17 = id_number[:6] + f"{birth:%Y%m%d}" + id_number[14:17]
        member.update(
            {
                "证件号码": first17 + check_character(first17),
                "出生日期": birth,
                "文化程度": "小学",
                "在校生状况": "非在校生",
                "健康状况": "长期慢性病",
                "劳动技能": "丧失劳动力",
                "务工状况": "",
                "务工时间（月）": 0,
                "是否参加基本养老保险": "是",
            }
        )
    else:
        member["与户主关系"] = "之孙子" if member["性别"] == "男" else "之孙女"
        member["劳动技能"] = "无劳动力"  # pupils and students
        member["是否参加基本养老保险"] = "否"
    if dibao and position == 0:
        member["是否享受低保"] = "是"
        member["低保金"] = 4800


def _row(village: tuple[str, str, str], household: dict, member: dict) -> list:
    cells = {"县": village[0], "乡镇": village[1], "行政村": village[2], **household, **member}
    return [cells.get(header) for header in HEADERS]


def write_file(plan: Plan, path: Path) -> int:
    """Write the plan as an .xlsx (``xlsx.write_sheet``); returns member rows."""
    return write_sheet(Path(path), "建档立卡户", itertools.chain([HEADERS], rows(plan))) - 1
