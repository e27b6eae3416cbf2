"""A special supervision bulletin (专项督查通报, seed 001) drafted from a
supervision campaign's records.

- 一、基本情况: the towns sampled per county (the draw's per-county counts),
  the follow-up review (回头看) of the reviewed campaign's towns with one
  verdict per town rolled up from its findings' verdicts — all rectified:
  已落实整改; some: 有行动但整改不到位; none: 未整改 — and the counties grouped
  by the rating the campaign's published county ranking records.
- 二、督查中发现的主要问题: the findings by category, each with its towns.
- 三、下一步工作: the campaign's tasks; a campaign without tasks gets seed
  001's four requirements as a template the office edits before issuing (the
  city and the year from the campaign's records; the policy documents it cites
  are seed 001's, Jiangmen's, for the office to replace with its own).
- The annex: the problem list per sampled town, frozen into the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q

from apps.accounts.access import SYSTEM
from apps.inspections.models import Campaign, Finding, FollowUpVerdict
from apps.inspections.selectors import current_draw, problem_list
from apps.regions.models import Level, Region
from apps.scorecards.models import RankingRow
from apps.scorecards.selectors import shown_rankings

from .annexes import TableSnapshot
from .drafting import chinese_number, date_range, next_steps

RECTIFIED, PARTLY, NOT_RECTIFIED = "已落实整改", "有行动但整改不到位", "未整改"
VERDICT_WORDS = (RECTIFIED, PARTLY, NOT_RECTIFIED)
PROBLEM_COLUMNS = ["序号", "市（区）", "镇（街）", "问题类别", "存在问题"]


def short_county(name: str) -> str:
    """蓬江区 → 蓬江, 台山市 → 台山: how the seed counts the sampling."""
    return name[:-1] if len(name) > 2 and name[-1] in "区市县" else name


@dataclass
class Sampling:
    towns_by_county: list[tuple[Region, int]]
    households_per_town: int

    @property
    def towns(self) -> int:
        return sum(n for _county, n in self.towns_by_county)


def sampling(campaign: Campaign) -> Sampling:
    draw = current_draw(campaign)
    if draw is None:
        return Sampling([], 0)
    counts = dict(
        draw.regions.filter(level=Level.TOWN)
        .values_list("region__county_id")
        .annotate(n=Count("pk"))
        .values_list("region__county_id", "n")
    )
    counties = campaign.counties.order_by("code", "name")
    per_town = draw.households_per_village * draw.villages_per_town
    return Sampling([(c, counts.get(c.pk, 0)) for c in counties], per_town)


def sampling_sentence(facts: Sampling) -> str:
    """从蓬江、江海各抽查1个镇（街），从新会、台山…各抽查2个镇（街）."""
    groups: dict[int, list[str]] = {}
    for county, n in facts.towns_by_county:
        if n:
            groups.setdefault(n, []).append(short_county(county.name))
    parts = [f"从{'、'.join(names)}各抽查{n}个镇（街）" for n, names in sorted(groups.items())]
    return "，".join(parts)


@dataclass
class TownVerdict:
    town: Region
    verdict: str
    rectified: int = 0
    findings: int = 0


def follow_up(campaign: Campaign) -> list[TownVerdict]:
    """Each town of the reviewed campaign's findings with its rolled-up verdict
    (one grouped query), in the order the findings were recorded."""
    if campaign.follow_up_of_id is None:
        return []
    verdicts = FollowUpVerdict.objects.filter(campaign=campaign)
    rows = (
        Finding.objects.filter(campaign_id=campaign.follow_up_of_id)
        .exclude(region__town__isnull=True)
        .values("region__town_id")
        .annotate(
            first=Min("pk"),
            findings=Count("pk"),
            rectified=Count(
                "pk",
                filter=Q(pk__in=verdicts.filter(verdict="rectified").values("finding_id")),
            ),
        )
    )
    towns = Region.objects.in_bulk([row["region__town_id"] for row in rows])
    result = []
    for row in rows.order_by("first"):
        if row["rectified"] == row["findings"]:
            word = RECTIFIED
        elif row["rectified"]:
            word = PARTLY
        else:
            word = NOT_RECTIFIED
        town = towns[row["region__town_id"]]
        result.append(TownVerdict(town, word, row["rectified"], row["findings"]))
    return result


def follow_up_sentence(verdicts: list[TownVerdict]) -> str:
    by_word = {word: [v.town.name for v in verdicts if v.verdict == word] for word in VERDICT_WORDS}
    clauses = []
    if by_word[RECTIFIED]:
        clauses.append(f"{'、'.join(by_word[RECTIFIED])}对上次督查发现的问题都已落实了整改")
    if by_word[PARTLY]:
        clauses.append(
            f"{'、'.join(by_word[PARTLY])}对上次督查发现的问题虽有行动，但有的地方整改不到位"
        )
    if by_word[NOT_RECTIFIED]:
        clauses.append(f"{'、'.join(by_word[NOT_RECTIFIED])}对上次督查发现的问题未整改")
    return f"一是从回头看抽查{len(verdicts)}个镇（街）来看，{'；'.join(clauses)}。"


@dataclass
class CountyGroups:
    groups: list[tuple[str, list[str]]] = field(default_factory=list)


def county_groups(campaign: Campaign) -> CountyGroups:
    """The published county ranking's rows grouped by rating, best first."""
    ranking = shown_rankings(campaign).get(Level.COUNTY)
    if ranking is None or not ranking.is_published:
        return CountyGroups()
    result: dict[str, list[str]] = {}
    for rating, label in (
        RankingRow.objects.filter(ranking=ranking)
        .exclude(rating="")
        .order_by("position", "pk")
        .values_list("rating", "label")
    ):
        result.setdefault(rating, []).append(label)
    return CountyGroups(list(result.items()))


def groups_sentence(groups: CountyGroups) -> str:
    if not groups.groups:
        return ""
    parts = [f"总体表现{rating}的有{'、'.join(names)}" for rating, names in groups.groups]
    return f"综合督查情况，{'；'.join(parts)}。"


def problems(campaign: Campaign) -> list[str]:
    """（一）category。descriptions，如 towns。 — categories in their order."""
    findings = (
        Finding.objects.filter(campaign=campaign)
        .select_related("category", "region", "region__town")
        .order_by("category__order", "category__name", "pk")
    )
    by_category: dict[str, dict[str, list[str]]] = {}
    for finding in findings:
        place = finding.region.town.name if finding.region.town else finding.region.name
        points = by_category.setdefault(finding.category.name, {})
        points.setdefault(finding.description.strip().rstrip("。"), []).append(place)
    paragraphs = []
    for number, (category, points) in enumerate(by_category.items(), start=1):
        text = "；".join(
            f"{description}，如{'、'.join(dict.fromkeys(places))}"
            for description, places in points.items()
        )
        paragraphs.append(f"（{chinese_number(number)}）{category}。{text}。")
    return paragraphs or ["（未记录问题。）"]


def problem_table(campaign: Campaign, *, title: str) -> TableSnapshot:
    rows = problem_list(campaign, user=SYSTEM).select_related(
        "region__county", "region__town", "category"
    )
    return TableSnapshot(
        title=title,
        columns=PROBLEM_COLUMNS,
        rows=[
            [
                str(n),
                f.region.county.name if f.region.county else "",
                f.region.town.name if f.region.town else f.region.name,
                f.category.name,
                f.description,
            ]
            for n, f in enumerate(rows, start=1)
        ],
    )


# Seed 001's 下一步工作, the template of a supervision bulletin's requirements.
NEXT_STEPS_TEMPLATE = (
    "（一）提高认识，压实责任，健全机构。各级各部门要认真贯彻落实党的十九大精神，"
    "按照中央、省有关精准扶贫精准脱贫的工作决策部署，落实《{city}新时期脱贫攻坚责任制实施细则》"
    "（江扶字〔2017〕10号），压实各级责任。各市（区）、各镇（街）党委政府要担当起精准扶贫"
    "精准脱贫的主体责任，健全扶贫工作机构，完善工作制度和镇（街）帮扶工作机制，严格按照省"
    "提出的“六有”标准，落实专人抓扶贫；各地要严格市（区）直单位派驻镇（街）专职扶贫工作"
    "人员驻点考勤机制，做好统筹、协调和组织镇级扶贫开发工作，确保各项帮扶措施落地见效，"
    "如期完成年度脱贫目标任务，真正做到脱真贫、真脱贫。",
    "（二）不断完善扶贫档案资料等基础性工作。各地要严格按照贫困人口建档立卡工作要求，"
    "认真核对贫困户建档立卡资料，发现问题及时整改，补充完善相关信息，防止信息前后不对称"
    "问题；要按照建档立卡贫困户动态管理工作要求，认真做好动态管理对象的资料归档；切实扶贫"
    "资金项目档案管理，严格按照《{city}2016-2018年城乡精准扶贫精准脱贫资金管理办法》要求，"
    "做好资金项目的筛选、计划编报、审批、实施及资料归档工作。",
    "（三）整合资源，抓住关键。按照市委市政府《关于新时期城乡精准扶贫精准脱贫的实施方案"
    "(2016-2018年)》（江发〔2016〕6号）提出的“11+3+3”帮扶措施，结合当地资源禀赋，以镇（街）"
    "为单位，重点发展能促进贫困户增收的扶贫项目。各镇（街）可通过整合不同渠道的扶贫资金，"
    "重点发展一批具有“造血型”、能给贫困户带来稳健收益的扶贫项目。例如，扶贫车间、资产资金"
    "入股收益、乡村旅游扶贫收益、光伏发电等收益项目，确保贫困户有稳定的收入来源，实现如期"
    "脱贫目标。",
    "（四）问题导向，落实整改。各市（区）要以此次督查为契机，对发现的问题不回避，督促有关"
    "镇（街）迅速落实整改。要加快落实《{city}城乡居民精准扶贫精准脱贫医疗保障实施方案》，"
    "督促定点医疗机构上线使用医疗救助和医疗保险同步结算平台，让我市精准扶贫重点帮扶对象"
    "“一站式”享受精准扶贫医疗保障待遇。同时，各地要做到举一反三，在全市（区）全面开展问题"
    "排查，重点指向扶贫档案及项目资料等基础数据，对照省{year}年扶贫成效考核方案有关考点要求，"
    "整理完善相关档案资料，争取以最好的状态迎接省对我市{year}年扶贫开展成效考核工作。",
)


def requirements(campaign: Campaign) -> list[str]:
    """三、下一步工作: the campaign's tasks when it has any, else the template
    with the campaign's city and year."""
    if campaign.tasks.exists():
        return next_steps(campaign)
    county = campaign.counties.select_related("city").order_by("code", "name").first()
    city = county.city.name if county is not None and county.city_id else "我市"
    return [part.format(city=city, year=campaign.year) for part in NEXT_STEPS_TEMPLATE]


def draft_body(campaign: Campaign) -> str:
    facts = sampling(campaign)
    verdicts = follow_up(campaign)
    organiser = campaign.organiser or "我市"
    basic = (
        f"{date_range(campaign.start_date, campaign.end_date)}，督查组聚焦扶贫责任落实、"
        "贫困户帮扶措施落实、“三保障”政策落实、资金使用安全与进度等方面开展督查。"
        f"共抽查了{facts.towns + len(verdicts)}个镇（街），其中："
        f"{sampling_sentence(facts)}开展实地督查"
    )
    if verdicts:
        basic += (
            "；同时，每个市（区）各再抽查1个上次督查过的镇（街）进行回头看，检查整改措施落实情况"
        )
    basic += "。"
    if facts.households_per_town:
        basic += f"督查组每个镇（街）走访不少于{facts.households_per_town}户贫困户。"
    results = []
    if verdicts:
        results.append(follow_up_sentence(verdicts))
    results.append(
        f"{'二' if verdicts else '一'}是从抽查的{facts.towns}个镇（街）来看，"
        "较上次督查，基础性工作有较大提高。"
    )
    blocks = [
        f"{organiser}组成督查组，对各市（区）脱贫攻坚工作落实情况开展督查，现将有关情况通报如下。",
        "一、基本情况",
        basic,
        "".join(results),
    ]
    groups = groups_sentence(county_groups(campaign))
    if groups:
        blocks.append(groups)
    blocks += [
        "二、督查中发现的主要问题",
        *problems(campaign),
        "（抽查镇（街）中发现的具体问题见附件。）",
        "三、下一步工作",
        *requirements(campaign),
    ]
    return "\n\n".join(blocks) + "\n"
