"""A bulletin's body drafted from a campaign's records, in seed 000's words.

Each section is a function of the records: 一、基本情况 from the campaign and
its sample, 二、核查评价结果 from the published rankings, 三、存在问题 from
the findings by category and the fund records (seed 000 (六): overdue
micro-credit, disbursement by the deadline, asset documents; ``funds_problems``),
四、下一步工作要求 from the tasks. The city office
edits the draft before issuing it.
"""

from __future__ import annotations

import datetime
from itertools import groupby

from apps.core.dates import official_date
from apps.core.numbers import format_count
from apps.inspections.models import Campaign
from apps.regions.models import Level
from apps.scorecards.models import Indicator

from . import funds_section, selectors
from .sections import problem_paragraphs

CHINESE_NUMERALS = "一二三四五六七八九十"
LEVEL_WORDS = {Level.COUNTY: "县", Level.TOWN: "镇", Level.VILLAGE: "村"}
LEVEL_UNITS = {Level.COUNTY: "个县（市、区）", Level.TOWN: "个乡镇", Level.VILLAGE: "个行政村"}
LEVELS = (Level.COUNTY, Level.TOWN, Level.VILLAGE)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (headings rarely go further)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[units - 1] if units else "")


def date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """2020年11月3日-13日; the month or year repeated only when it changes."""
    if start is None:
        return official_date(end)
    if end is None or end == start:
        return official_date(start)
    if (start.year, start.month) == (end.year, end.month):
        tail = f"{end.day}日"
    elif start.year == end.year:
        tail = f"{end.month}月{end.day}日"
    else:
        tail = official_date(end)
    return f"{official_date(start)}-{tail}"


def list_names(names: list[str], *, level: str) -> str:
    """麻章区和坡头区 for two counties; towns and villages (long names) with 、."""
    if len(names) == 2 and level == Level.COUNTY:
        return "和".join(names)
    return "、".join(names)


def title_for(campaign: Campaign) -> str:
    return f"{campaign.title}情况通报"


def opening(campaign: Campaign) -> str:
    return f"现将{campaign.title}情况通报如下。"


def basic_situation(campaign: Campaign) -> str:
    facts = selectors.sample_facts(campaign)
    organiser = campaign.organiser or "市扶贫开发领导小组"
    sampled = []
    if facts.towns:
        sampled.append(f"{format_count(facts.towns)}个乡镇")
    if facts.villages:
        sampled.append(f"{format_count(facts.villages)}个行政村")
    if facts.households:
        sampled.append(f"{format_count(facts.households)}户贫困户")
    text = (
        f"{organiser}统一组织领导，共组成{format_count(facts.teams)}个核查组，"
        f"于{date_range(campaign.start_date, campaign.end_date)}组织实施{campaign.title}工作。"
        f"本次核查对象包括我市{format_count(facts.counties)}个县（市、区）党委政府"
    )
    text += f"，抽查了{'、'.join(sampled)}" if sampled else ""
    if facts.visited:
        # Counted from the visits on record, not from the plan.
        text += f"，实地入户核查{format_count(facts.visited)}户"
    text += "。"
    names = list(
        Indicator.objects.filter(scheme__campaign=campaign, scheme__level=Level.COUNTY)
        .order_by("order", "pk")
        .values_list("name", flat=True)
    )
    if names:
        text += f"核查的主要内容包括{'、'.join(names)}等方面情况。"
    return text


def evaluation_results(campaign: Campaign) -> str:
    """Seed 000's 二、核查评价结果 paragraph, from the published rankings."""
    ratings, groups = selectors.rating_groups(campaign)
    if not groups or not ratings:
        return "（尚无已发布的评价结果。）"
    present = {level: {g.rating: g for g in groups.get(level, [])} for level in LEVELS}
    sentences = [f"根据{campaign.title}工作情况，我市脱贫攻坚工作取得了一定成效"]
    if len(ratings) >= 3:
        middle, low = ratings[1], ratings[-1]
        with_middle = [LEVEL_WORDS[lv] for lv in LEVELS if middle in present[lv]]
        with_low = [LEVEL_WORDS[lv] for lv in LEVELS if low in present[lv]]
        clauses = []
        if with_middle:
            clauses.append(f"部分{'、'.join(with_middle)}都是刚刚达到“{middle}”等次")
        if with_low:
            clauses.append(f"个别{'、'.join(with_low)}甚至是“{low}”等次")
        if clauses:
            sentences[0] += "，但是，" + "，".join(clauses)
    text = sentences[0] + "。"
    top = ratings[0]
    best = [
        f"{'全市' if not n else ''}{LEVEL_WORDS[lv]}级达到“{top}”等次的仅有"
        f"{list_names(present[lv][top].labels, level=lv)}"
        for n, lv in enumerate(lv for lv in LEVELS if top in present[lv])
    ]
    if best:
        text += "其中，" + "，".join(best) + "。"
    for rating in ratings[1:]:
        parts = [
            f"{present[lv][rating].first_label}等{format_count(present[lv][rating].count)}"
            f"{LEVEL_UNITS[lv]}"
            f"核查结果为“{rating}”等次"
            for lv in LEVELS
            if rating in present[lv]
        ]
        if parts:
            text += "，".join(parts) + "。"
    return text


def problems(campaign: Campaign) -> list[str]:
    """（一）category. Description, 如 regions. — one paragraph per category."""
    paragraphs = []
    findings = selectors.findings_by_category(campaign)
    for number, (category, items) in enumerate(
        groupby(findings, key=lambda f: f.category), start=1
    ):
        # Same description, several regions: one point naming them in entry order.
        by_description: dict[str, list[str]] = {}
        for finding in items:
            regions = by_description.setdefault(finding.description.strip(), [])
            regions.append(finding.region.full_name)
        points = []
        for index, (description, regions) in enumerate(by_description.items(), start=1):
            lead = f"{chinese_number(index)}是" if len(by_description) > 1 else ""
            sentence = description.rstrip("。")
            points.append(f"{lead}{sentence}，如{'、'.join(dict.fromkeys(regions))}。")
        paragraphs.append(f"（{chinese_number(number)}）{category.name}。{''.join(points)}")
    funds = funds_section.funds_problems()
    if funds:
        paragraphs.append(f"（{chinese_number(len(paragraphs) + 1)}）{funds}")
    # Apps above (the returns' reporting rates) add theirs through sections.py.
    for text in problem_paragraphs():
        paragraphs.append(f"（{chinese_number(len(paragraphs) + 1)}）{text}")
    return paragraphs or ["（未记录问题。）"]


def next_steps(campaign: Campaign) -> list[str]:
    paragraphs = []
    for number, task in enumerate(selectors.campaign_tasks(campaign), start=1):
        text = f"（{chinese_number(number)}）{task.title.rstrip('。')}。{task.description}"
        duties = []
        if task.responsible_units:
            duties.append(f"责任单位：{task.responsible_units}")
        if task.deadline:
            duties.append(f"完成时限：{official_date(task.deadline)}前")
        if duties:
            text += f"（{'；'.join(duties)}）"
        paragraphs.append(text)
    return paragraphs or ["（未记录工作要求。）"]


def task_progress(campaign: Campaign | None = None, *, today: datetime.date) -> str:
    """One paragraph on the tasks given to departments (督办) as of ``today``:
    each lead department's tasks and how many are confirmed done, then the
    departments with an overdue task named. ``campaign`` None: every task."""
    rows = selectors.department_task_progress(campaign, today=today)
    if not rows:
        return "（未记录督办事项。）"
    parts = []
    for row in rows:
        part = f"{row.department}牵头{format_count(row.total)}项，已办结{format_count(row.done)}项"
        if row.proposed:
            part += f"，申请办结待确认{format_count(row.proposed)}项"
        if row.overdue:
            part += f"，逾期未办结{format_count(row.overdue)}项"
        parts.append(part)
    text = f"截至{official_date(today)}，督办事项落实情况：{'；'.join(parts)}。"
    late = [row.department for row in rows if row.overdue]
    if late:
        text += f"逾期未办结的单位：{'、'.join(late)}，请抓紧办理并报送进展。"
    else:
        text += "各单位均未逾期。"
    return text


def draft_body(campaign: Campaign) -> str:
    blocks = [
        opening(campaign),
        "一、基本情况",
        basic_situation(campaign),
        "二、核查评价结果",
        evaluation_results(campaign),
        "三、存在问题",
        *problems(campaign),
        "四、下一步工作要求",
        *next_steps(campaign),
    ]
    return "\n\n".join(blocks) + "\n"
