"""A county's yearly self-assessment report (自评报告, seed 002) drafted from records.

Every figure comes from the records of the county: the household registry as
of the year's last day (villages, households, people, lifted and exited, the
guarantees), the fund records (money allocated and used since the first
allocation year, the town- and village-level industry projects) and the
findings of the inspections it underwent (the rectification tally by source).
The sentences around them are seed 002's, a template the county edits before
the report is issued; what no record holds is left as a 〔待填写〕 note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from apps.accounts.access import SYSTEM
from apps.funds import selectors as fund_selectors
from apps.funds import usage
from apps.households.models import ExitStatus, Household, HouseholdCategory, Member
from apps.inspections.models import Finding
from apps.inspections.models.campaigns import CampaignKind
from apps.inspections.selectors import rectification_tally
from apps.regions.models import Region
from apps.reports import indicators
from apps.reports.reporting import (
    LIFTED_STATUSES,
    any_member,
    enrolled_in_support,
    has_labour_member,
)

TOWN_INDUSTRY = "镇级特色产业"
VILLAGE_INDUSTRY = "村级特色产业"
TO_FILL = "〔待填写〕"


def title_for(county: Region, year: int) -> str:
    """徐闻县2019年扶贫开发工作自评报告 — also the key render_bulletin finds it by."""
    return f"{county.name}{year}年扶贫开发工作自评报告"


def plain(value: Decimal | int | None) -> str:
    """44891, 43943.7, 7670.12: as the report writes figures, no separators."""
    if value is None:
        return TO_FILL
    if isinstance(value, int):
        return str(value)
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(rate: Decimal | None, places: int = 2) -> str:
    """99.12%, 100% (no trailing zeros, as the report writes rates)."""
    if rate is None:
        return TO_FILL
    return f"{plain(rate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))}%"


# Decimals of each rate as seed 002 writes it (99.12%, 99.4%, 92.2%); others two.
PLACES = {"enrolment": 1, "water": 1}


def share(numerator: int, denominator: int, places: int = 2) -> str:
    """numerator ÷ denominator as a percentage rounded once to ``places``
    (99.4% for 4492 / 4518, not 99.42% rounded again)."""
    if not denominator:
        return TO_FILL
    return percent(Decimal(numerator) * 100 / Decimal(denominator), places)


def rate_of(figure: indicators.Figure) -> str:
    return share(figure.numerator, figure.denominator, PLACES.get(figure.key, 2))


@dataclass(frozen=True)
class Registry:
    villages: int
    poor_villages: int
    households: int
    members: int
    lifted_households: int
    exited_households: int
    employed: int
    figures: dict[str, indicators.Figure]
    support: dict[str, int]
    renovation: dict[str, int]

    @property
    def other_villages(self) -> int:
        return self.villages - self.poor_villages


def registry_facts(county: Region, *, as_of: dt.date) -> Registry:
    households = Household.objects.filter(Region.subtree_q(county, "village__"))
    counts = households.aggregate(
        villages=Count("village", distinct=True),
        poor_villages=Count("village", distinct=True, filter=Q(village__is_poor_village=True)),
        lifted=Count("pk", filter=Q(exit_status__in=LIFTED_STATUSES)),
        exited=Count("pk", filter=Q(exit_status=ExitStatus.EXITED)),
    )
    employed = (
        Member.objects.filter(Region.subtree_q(county, "household__village__"))
        .exclude(migrant_work="")
        .count()
    )
    row = indicators.for_region(SYSTEM, county, as_of=as_of)
    return Registry(
        support=support_facts(households),
        renovation=renovation_facts(households, as_of=as_of),
        villages=counts["villages"],
        poor_villages=counts["poor_villages"],
        households=row.households,
        members=row.members,
        lifted_households=counts["lifted"],
        exited_households=counts["exited"],
        employed=employed,
        figures=row.values,
    )


def support_facts(households) -> dict[str, int]:
    """Households without labour capacity and their people, by category (低保,
    五保), and how many of them are enrolled — one query."""
    no_labour = households.filter(any_member(), ~has_labour_member())
    dibao = Q(category=HouseholdCategory.DIBAO)
    destitute = Q(category=HouseholdCategory.DESTITUTE)
    return no_labour.aggregate(
        households=Count("pk", distinct=True),
        people=Count("members"),
        dibao_households=Count("pk", distinct=True, filter=dibao),
        dibao_people=Count("members", filter=dibao),
        destitute_households=Count("pk", distinct=True, filter=destitute),
        destitute_people=Count("members", filter=destitute),
        enrolled=Count("pk", distinct=True, filter=enrolled_in_support()),
    )


def renovation_facts(households, *, as_of: dt.date) -> dict[str, int]:
    """危房改造: the tasks of the year before (存量) and of the year, and how
    many of each were completed by ``as_of`` — one query."""
    done = Q(renovation_completed_on__lte=as_of)
    before, this = Q(renovation_year=as_of.year - 1), Q(renovation_year=as_of.year)
    return households.aggregate(
        stock=Count("pk", filter=before),
        stock_done=Count("pk", filter=before & done),
        new=Count("pk", filter=this),
        new_done=Count("pk", filter=this & done),
    )


@dataclass(frozen=True)
class Funds:
    first_year: int | None
    allocated: Decimal | None
    spent: Decimal | None
    rate: Decimal | None
    industries: dict[str, dict]


def fund_facts(county: Region, *, year: int) -> Funds:
    years = [y for y in usage.allocation_years(actor=SYSTEM) if y <= year]
    if not years:
        return Funds(None, None, None, None, {})
    total = usage.usage_total(actor=SYSTEM, years=years, region=county)
    kinds = fund_selectors.project_totals_by_kind(actor=SYSTEM, region=county, years=years)
    return Funds(
        years[0],
        total.allocated,
        total.spent,
        total.rate,
        {row["kind_name"]: row for row in kinds},
    )


def rectification_facts(county: Region) -> tuple[dict[str, dict], dict]:
    """The tally of the findings of the patrols and audits the county underwent."""
    findings = Finding.objects.filter(Region.subtree_q(county, "region__")).filter(
        source__in=(CampaignKind.PATROL, CampaignKind.AUDIT)
    )
    per_source, total = rectification_tally(findings)
    return {row["source"]: row for row in per_source}, total


def _figure(registry: Registry, key: str) -> indicators.Figure:
    return registry.figures[key]


def progress(county: Region, registry: Registry, *, as_of: dt.date) -> str:
    r = registry
    exit_people = _figure(r, "exit_people")
    formal = _figure(r, "formal_exit")
    return (
        f"{county.name}有贫困人口的村委会{r.villages}个，其中相对贫困村{r.poor_villages}个，"
        f"有分散贫困户的非贫困村{r.other_villages}个。"
        f"截止{as_of.year}年{as_of.month}月{as_of.day}日，全县共有建档立卡贫困户"
        f"{r.households}户{r.members}人，共有贫困户{r.lifted_households}户"
        f"{exit_people.numerator}人脱贫，脱贫率达{rate_of(exit_people)}；"
        f"贫困人口退出{r.exited_households}户{formal.numerator}人，"
        f"退出率达{rate_of(formal)}。"
    )


def responsibility(county: Region, funds: Funds, *, year: int) -> str:
    text = (
        f"（一）责任落实情况。{county.name}高度重视精准脱贫攻坚工作，"
        "全县各级层层签订脱贫攻坚责任书，形成了县、镇、村三级书记抓扶贫的工作格局。"
    )
    if funds.allocated is not None:
        text += (
            f"加大扶贫资金管理。{funds.first_year}-{year}年，各级预算安排到位资金"
            f"{plain(funds.allocated)}万元，累计已使用资金{plain(funds.spent)}万元，"
            f"总体使用率为{percent(funds.rate)}。"
        )
    return text


def policies(registry: Registry, *, as_of: dt.date) -> str:
    f = registry.figures
    enrolment, medical = f["enrolment"], f["medical"]
    housing, water = f["housing"], f["water"]
    text = (
        f"（二）政策落实情况。截止至{as_of.year}年{as_of.month}月{as_of.day}日，"
        "三保障政策落实情况："
        f"1.义务教育保障。全县建档立卡贫困户家庭义务教育学生{enrolment.denominator}人，"
        f"在学校接受义务教育的{enrolment.numerator}人，义务教育入学率{rate_of(enrolment)}。"
    )
    text += support_sentence(registry.support)
    text += (
        f"3.基本医疗保障。全县建档立卡贫困户参加基本医疗保险{medical.numerator}人，"
        f"共{medical.denominator}人，落实率{rate_of(medical)}。"
    )
    text += renovation_sentence(registry.renovation, year=as_of.year)
    text += (
        f"全县建档立卡贫困户住房安全有保障{housing.numerator}户，"
        f"共{housing.denominator}户，保障率{rate_of(housing)}。"
        f"5.饮水安全保障。全县建档立卡贫困人口饮水安全有保障{water.numerator}人，"
        f"共{water.denominator}人，保障率{rate_of(water)}。"
    )
    return text


def support_sentence(s: dict[str, int]) -> str:
    """2.最低生活保障: 3492户5015人（其中，低保979户2200人、五保2513户2815人）."""
    if not s["households"]:
        return f"2.最低生活保障。户籍数据未登记无劳动能力贫困户，{TO_FILL}。"
    parts = [
        f"{word}{s[f'{key}_households']}户{s[f'{key}_people']}人"
        for key, word in (("dibao", "低保"), ("destitute", "五保"))
        if s[f"{key}_households"]
    ]
    enrolled = "全部纳保" if s["enrolled"] == s["households"] else f"纳保{s['enrolled']}户"
    return (
        f"2.最低生活保障。全县无劳动能力贫困户共{s['households']}户{s['people']}人"
        + (f"（其中，{'、'.join(parts)}）" if parts else "")
        + f"，{enrolled}，纳保率{share(s['enrolled'], s['households'])}。"
    )


def renovation_sentence(r: dict[str, int], *, year: int) -> str:
    """4.住房安全保障: the year before's 危房改造 tasks (存量) and the year's."""
    if not (r["stock"] or r["new"]):
        return f"4.住房安全保障。危房改造任务及竣工户数{TO_FILL}。"
    text = "4.住房安全保障。"
    if r["stock"]:
        text += (
            f"全县{year - 1}年危房改造存量任务{r['stock']}户，已竣工{r['stock_done']}户，"
            f"落实率{share(r['stock_done'], r['stock'])}；"
        )
    if r["new"]:
        all_done = "全部落实计划任务，" if r["new_done"] == r["new"] else ""
        text += (
            f"{year}年下达危房改造任务{r['new']}户，已竣工{r['new_done']}户，{all_done}"
            f"落实率{share(r['new_done'], r['new'])}；"
        )
    return text.removesuffix("；") + "。"


def work(county: Region, registry: Registry, funds: Funds) -> str:
    text = "（三）工作落实情况。一是积极开展产业扶贫。"
    town = funds.industries.get(TOWN_INDUSTRY)
    village = funds.industries.get(VILLAGE_INDUSTRY)
    if town or village:
        parts = []
        if town:
            parts.append(f"镇级特色产业{town['count']}个，投入资金{plain(town['total'])}万元")
        if village:
            parts.append(f"村级特色产业{village['count']}个，投入资金{plain(village['total'])}万元")
        text += f"目前，全县共发展{'；'.join(parts)}。"
    else:
        text += f"特色产业项目{TO_FILL}。"
    text += (
        f"二是积极开展就业扶贫。目前，我县建档立卡贫困人口{registry.members}人，"
        f"现已就业{registry.employed}人。"
    )
    return text


SOURCE_WORDS = {CampaignKind.PATROL: "巡查", CampaignKind.AUDIT: "审计"}


def rectification(county: Region) -> str:
    per_source, total = rectification_facts(county)
    if not total["found"]:
        return f"{county.name}接受巡查、审计反馈问题的整改情况{TO_FILL}。"

    def split(key: str) -> str:
        parts = [
            f"{word}{per_source[source][key]}个"
            for source, word in SOURCE_WORDS.items()
            if source in per_source
        ]
        return f"（{'、'.join(parts)}）"

    return (
        f"{county.name}在精准扶贫方面，反馈问题数量{total['found']}个{split('found')}，"
        f"已整改销号{total['closed']}个{split('closed')}；"
        f"正在持续开展整改的有{total['open']}个。"
    )


CLOSING = [
    "四、问题差距",
    f"虽然我县在脱贫攻坚工作上做了不少工作，也取得了一定成效，但与中央和省、市的要求还有一定差距。"
    f"经过自查，主要表现在：{TO_FILL}",
    "五、下一步工作思路",
    "下一步，我们将坚持问题导向，精准施策，着力提高脱贫质量和实效，确保如期实现脱贫攻坚目标任务。",
    "特此报告。",
]


def draft_body(county: Region, *, year: int) -> str:
    as_of = dt.date(year, 12, 31)
    registry = registry_facts(county, as_of=as_of)
    funds = fund_facts(county, year=year)
    blocks = [
        f"按照省、市要求，我县组织开展了{year}年度全县扶贫开发成效自查自评工作。"
        "现将自查自评情况报告如下：",
        "一、进展情况与成效",
        progress(county, registry, as_of=as_of),
        responsibility(county, funds, year=year),
        policies(registry, as_of=as_of),
        work(county, registry, funds),
        "二、典型经验与做法",
        TO_FILL,
        f"三、{year - 1}年考核发现问题和{year}年跟踪审计、巡视、专项巡查、"
        "第三方评估发现问题的整改落实情况",
        rectification(county),
        *CLOSING,
    ]
    return "\n\n".join(blocks) + "\n"
