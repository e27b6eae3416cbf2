"""Seed 000's eight next-step requirements (下一步工作要求) as tasks given to
departments, with the city's departments and two department users.

Where seed 000 names only "各县（市、区）" the lead is the city office (市扶贫办),
which follows up the counties, and the regions concerned are the counties —
the demo's choice. Task 三 (市医保局) is answered, proposed and confirmed; task
五 (市财政局, five counties by 11月20日) has no reply and is overdue; task 六
(400 专柜) has a progress reply of 市农业农村局.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from apps.accounts.access import SYSTEM
from apps.accounts.models import Department, User
from apps.inspections.models import Campaign, Task
from apps.inspections.task_services import do_create_task, do_reply_task, do_transition_task
from apps.regions.models import Level, Region

DEPARTMENTS = [
    "市扶贫办",
    "市医保局",
    "市财政局",
    "市农业农村局",
    "市商务局",
    "市供销社",
    "市水务局",
    "市卫健委",
    "市民政局",
    "市住建局",
    "市教育局",
    "市人社局",
    "市银保监局",
    "市金融局",
    "市委办（市档案局）",
]
ISSUED_ON = datetime.date(2020, 11, 20)  # 湛扶组〔2020〕33号 is dated 11月20日
ALL_COUNTIES = "*"

# Per task of the fixture, in order: lead, co-operating departments, counties
# concerned (names, or every county), target (value, unit).
ASSIGNMENTS = [
    ("市扶贫办", [], ALL_COUNTIES, None),
    ("市扶贫办", [], ALL_COUNTIES, None),
    ("市医保局", ["市水务局", "市卫健委", "市民政局", "市住建局", "市教育局"], [], None),
    ("市人社局", [], ALL_COUNTIES, None),
    (
        "市财政局",
        ["市银保监局", "市金融局"],
        ["雷州市", "廉江市", "吴川市", "遂溪县", "徐闻县"],
        None,
    ),
    ("市农业农村局", ["市商务局", "市供销社"], [], (Decimal("400"), "个专柜")),
    ("市委办（市档案局）", [], ALL_COUNTIES, None),
    ("市扶贫办", [], ALL_COUNTIES, None),
]


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def load_departments() -> None:
    for order, name in enumerate(DEPARTMENTS, start=1):
        Department.objects.get_or_create(name=name, defaults={"order": order})


def load_demo_tasks(*, campaign: Campaign, tasks: list[dict]) -> None:
    """The campaign's tasks, once (a second load changes nothing)."""
    if Task.objects.filter(campaign=campaign).exists():
        return
    load_departments()
    departments = {d.name: d for d in Department.objects.all()}
    counties = list(Region.objects.filter(level=Level.COUNTY))
    created = []
    for order, (task, (lead, others, where, target)) in enumerate(
        zip(tasks, ASSIGNMENTS, strict=True), start=1
    ):
        regions = counties if where == ALL_COUNTIES else [c for c in counties if c.name in where]
        created.append(
            do_create_task(
                user=SYSTEM,
                campaign=campaign,
                order=order,
                title=task["title"],
                description=task["description"],
                responsible_units=task["responsible_units"],
                lead_department=departments[lead],
                co_departments=[departments[name] for name in others],
                regions=regions,
                issued_on=ISSUED_ON,
                deadline=_date(task["deadline"]),
                target_value=target[0] if target else None,
                target_unit=target[1] if target else "",
            )
        )
    _answer(created)


def _answer(tasks: list[Task]) -> None:
    yibao = User.objects.filter(username="yibao").first()
    nongye = User.objects.filter(username="nongye").first()
    if yibao is not None:
        medical = tasks[2]
        do_reply_task(
            user=yibao,
            task=medical,
            replied_on=datetime.date(2020, 11, 20),
            text="医疗救助、基本医疗和大病保险政策落实数据已于11月20日导入扶贫信息系统，"
            "贫困人口医疗保险购买工作已完成。",
        )
        medical.refresh_from_db()
        do_transition_task(
            user=yibao,
            task=medical,
            step="propose",
            expected_version=medical.version,
            note="已按时限完成。",
        )
        medical.refresh_from_db()
        city_office = User.objects.filter(username="city").first() or SYSTEM
        do_transition_task(
            user=city_office, task=medical, step="confirm", expected_version=medical.version
        )
    if nongye is not None:
        do_reply_task(
            user=nongye,
            task=tasks[5],
            replied_on=datetime.date(2020, 11, 27),
            text="已设立消费扶贫专柜268个，正在推进专馆、专区建设。",
            value_reached=Decimal("268"),
        )
