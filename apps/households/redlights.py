"""Red lights (亮红灯): the national system's suspicious-data checks as rules.

Each rule has a stable code (``R<group>-<nn>``), a Chinese message, its
catalogue group (shared/redlight-catalogue.md; group 12 holds the checks the
seeds add) and ONE set-based condition: a Q over Household, or a Q over
Member whose households are flagged (``EXISTS`` a member matching). The list of
a rule's households, the counts per rule × region and the command all use the
same conditions; nothing is checked row by row in Python.

Thresholds that change by year (the poverty line) come from
settings.POVERTY_LINES through ``Context``; ages are taken on ``Context.as_of``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.core.cache import cache
from django.db import connections, router
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Left, Substr
from django.db.models.lookups import Exact

from apps.accounts.access import region_scope
from apps.regions.models import Region

from .idnumbers import CHECK_CHARACTERS, WEIGHTS
from .models import (
    HAS_LABOUR,
    IN_SCHOOL,
    Health,
    Household,
    HouseholdCategory,
    LabourCapacity,
    Member,
    SchoolStatus,
    Sex,
)
from .reporting import (
    LIFTED_STATUSES,
    aged,
    any_member,
    child_regions,
    group_key,
    group_level,
    poverty_line,
    within,
)

GROUPS: dict[int, str] = {
    1: "脱贫户未解决两不愁三保障",
    2: "证件号码异常",
    3: "重要指标为空",
    4: "致贫原因问题",
    5: "低保、五保问题",
    6: "劳动能力问题",
    7: "收入问题",
    8: "务工状况问题",
    9: "帮扶责任人问题",
    10: "指标值异常或指标间逻辑错误",
    11: "人员重复问题",
    12: "通报补充的问题",
}

WORKING_AGE = (16, 65)  # the catalogue's working age (groups 3, 5 and 6)
INCOME_CEILING = Decimal(100_000)  # per-capita net income above this is implausible
SICK = (Health.CHRONIC, Health.SERIOUS)
HEAD, SPOUSE = "户主", "配偶"
# 务工状况 words meaning "not working away"; anything else names where one works.
NOT_WORKING = ("", "无", "否", "未务工", "不务工", "无务工")
# 与户主关系 words that imply the member's sex.
# fmt: off
MALE_RELATIONSHIPS = (
    "之子", "之父", "之公公", "之岳父", "之祖父", "之外祖父", "之孙子", "之外孙子",
    "之女婿", "之兄", "之弟", "之兄弟",
)
FEMALE_RELATIONSHIPS = (
    "之女", "之母", "之婆婆", "之岳母", "之祖母", "之外祖母", "之孙女", "之外孙女",
    "之儿媳", "之姐", "之妹", "之姐妹",
)
# fmt: on


@dataclass(frozen=True)
class Context:
    """What a scan depends on besides the records: the day ages are taken on
    and the poverty line of that year (settings.POVERTY_LINES)."""

    as_of: dt.date
    line_year: int
    poverty_line: Decimal

    @classmethod
    def on(cls, as_of: dt.date) -> Context:
        line_year, line = poverty_line(as_of.year)
        return cls(as_of, line_year, line)


Condition = Callable[[Context], Q]


@dataclass(frozen=True)
class Rule:
    code: str
    group: int
    message: str
    household: Condition | None = None  # Q over Household …
    member: Condition | None = None  # … or Q over Member (flags the member's household)

    @property
    def per_member(self) -> bool:
        return self.member is not None

    @property
    def alias(self) -> str:
        return self.code.lower().replace("-", "_")

    @property
    def group_title(self) -> str:
        return GROUPS[self.group]

    def household_q(self, ctx: Context) -> Q:
        """The rule as one condition on Household."""
        if self.member is not None:
            return Q(any_member(self.member(ctx)))
        return self.household(ctx)

    def shown_members_q(self, ctx: Context) -> Q:
        """Which members a flagged household's row names: the offending ones, else the head."""
        return self.member(ctx) if self.member is not None else Q(relationship=HEAD)


@dataclass(frozen=True)
class NotImplementedCheck:
    group: int
    check: str
    reason: str


# --- building blocks ----------------------------------------------------------------------

_lifted = Q(exit_status__in=LIFTED_STATUSES)
_member_lifted = Q(household__exit_status__in=LIFTED_STATUSES)
_works_away = ~Q(migrant_work__in=NOT_WORKING)


def _empty_or_not_positive(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": 0})


def _not_true(field: str) -> Q:
    """False or not filled in (a missing yes is no yes)."""
    return ~Q(**{field: True})


def _cause(word: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}main_cause__contains": word})


def check_character_mismatch() -> Q:
    """18 characters that fail GB 11643: not 17 digits + digit/X, or a wrong
    check character. Computed in SQL on both databases: digits by SUBSTR and
    CAST, the weighted sum mod 11 by integer division, the expected character
    picked from '10X98765432'. The CASE keeps the casts away from IDs with
    letters (PostgreSQL would refuse to cast them)."""
    digits = [
        Cast(Substr("id_number", position, 1), IntegerField()) * weight
        for position, weight in enumerate(WEIGHTS, start=1)
    ]
    total = reduce(operator.add, digits)
    remainder = total - (total / 11) * 11
    expected = Case(
        When(
            id_number__regex=r"^[0-9]{17}[0-9X]$",
            then=Substr(Value(CHECK_CHARACTERS), remainder + 1, 1),
        ),
        default=Value(""),
    )
    return Q(id_number__regex=r"^.{18}$") & ~Q(Exact(Substr("id_number", 18, 1), expected))


def _same_person_elsewhere(where: Q) -> Exists:
    """Another household holds a member with this ID number (and ``where``).

    A correlated EXISTS probing the id_number index once per member. Not
    ``id_number IN (… GROUP BY id_number HAVING COUNT(*) > 1)``: inside the
    pivot's FILTER clauses PostgreSQL estimates that set too large to hash
    and rescans it per row (quadratic at a million members)."""
    others = (
        Member.objects.filter(id_number=OuterRef("id_number"))
        .exclude(household_id=OuterRef("household_id"))
        .filter(where)
    )
    return Exists(others)


def _household_size():
    return (
        Member.objects.filter(household_id=OuterRef("pk"))
        .order_by()
        .values("household_id")
        .annotate(size=Count("pk"))
        .values("size")
    )


def _spends_more_than_earns() -> Q:
    household_income = ExpressionWrapper(
        F("per_capita_income") * Subquery(_household_size()),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )
    # The first test is cheap and implied by the second (a household has ≥ 1
    # member); it spares most households the size subquery.
    return Q(annual_expenditure__gt=F("per_capita_income")) & Q(
        annual_expenditure__gt=household_income
    )


# --- the rules -------------------------------------------------------------------------------

RULES: list[Rule] = []


def _rule(code: str, group: int, message: str, **condition: Condition) -> None:
    RULES.append(Rule(code, group, message, **condition))


# 1 脱贫户未解决两不愁三保障
_rule(
    "R1-01",
    1,
    "脱贫户家庭年人均纯收入低于当年贫困线",
    household=lambda c: _lifted & Q(per_capita_income__lt=c.poverty_line),
)
_rule(
    "R1-02",
    1,
    "脱贫户有义务教育阶段适龄健康儿童未在校",
    member=lambda c: (
        _member_lifted
        & aged(c.as_of, 6, 15)
        & Q(health=Health.HEALTHY)
        & ~Q(school_status__in=IN_SCHOOL)
    ),
)
_rule("R1-03", 1, "脱贫户住房不安全", household=lambda c: _lifted & Q(housing_safe=False))
_rule("R1-04", 1, "脱贫户饮水不安全", household=lambda c: _lifted & Q(water_safe=False))
_rule(
    "R1-05",
    1,
    "因病致贫的脱贫户有患病成员未参加大病保险",
    member=lambda c: (
        _member_lifted
        & _cause("因病", "household__")
        & Q(health__in=SICK)
        & _not_true("has_serious_illness_insurance")
    ),
)
_rule(
    "R1-06",
    1,
    "脱贫户住房面积为0或为空",
    household=lambda c: _lifted & _empty_or_not_positive("housing_area"),
)

# 2 证件号码异常
_rule(
    "R2-01",
    2,
    "证件号码长度不是15、18、20或22位",
    member=lambda c: ~Q(id_number__regex=r"^(.{15}|.{18}|.{20}|.{22})$"),
)
_rule(
    "R2-02",
    2,
    "15位证件号码未升级为18位",
    member=lambda c: Q(id_number__regex=r"^[0-9]{15}$"),
)
_rule(
    "R2-03",
    2,
    "18位证件号码未通过GB 11643校验",
    member=lambda c: check_character_mismatch(),
)
_rule(
    "R2-04",
    2,
    "残疾证号校验不通过（应为本人证件号码加残疾类别1–7和等级1–4）",
    member=lambda c: (
        ~Q(disability_certificate="")
        & ~(
            Q(disability_certificate__regex=r"^.{18}[1-7][1-4]$")
            & Q(Exact(Left("disability_certificate", 18), F("id_number")))
        )
    ),
)

# 3 重要指标为空 (the fields the registry has)
_rule("R3-01", 3, "民族为空", member=lambda c: Q(ethnicity=""))
_rule(
    "R3-02",
    3,
    "非在校生文化程度为空",
    member=lambda c: (
        Q(education="")
        & Q(school_status__in=(SchoolStatus.NOT_STUDENT, SchoolStatus.DROPPED_OUT, ""))
        & aged(c.as_of, 6)
    ),
)
_rule(
    "R3-03",
    3,
    "6至23周岁人员在校生状况为空",
    member=lambda c: Q(school_status="") & aged(c.as_of, 6, 23),
)
_rule("R3-04", 3, "健康状况为空", member=lambda c: Q(health=""))
_rule(
    "R3-05",
    3,
    "16至65周岁人员劳动技能为空",
    member=lambda c: Q(labour_capacity="") & aged(c.as_of, *WORKING_AGE),
)
_rule("R3-06", 3, "家庭无户主", household=lambda c: ~Q(any_member(Q(relationship=HEAD))))
_rule(
    "R3-07",
    3,
    "残疾成员无残疾证号",
    member=lambda c: Q(health=Health.DISABLED, disability_certificate=""),
)
_rule("R3-08", 3, "主要致贫原因为空", household=lambda c: Q(main_cause=""))
_rule("R3-09", 3, "住房面积为空", household=lambda c: Q(housing_area__isnull=True))
_rule("R3-10", 3, "饮水是否困难为空", household=lambda c: Q(water_difficult__isnull=True))
_rule("R3-11", 3, "饮水是否安全为空", household=lambda c: Q(water_safe__isnull=True))

# 4 致贫原因问题
_rule(
    "R4-01",
    4,
    "致贫原因为因病，但家庭成员均健康",
    household=lambda c: _cause("因病") & any_member() & ~any_member(~Q(health=Health.HEALTHY)),
)
_rule(
    "R4-02",
    4,
    "致贫原因为因学，但家庭无在校生",
    household=lambda c: _cause("因学") & ~any_member(Q(school_status__in=IN_SCHOOL)),
)
_rule(
    "R4-03",
    4,
    "致贫原因为因残，但家庭无残疾成员",
    household=lambda c: (
        _cause("因残") & ~any_member(Q(health=Health.DISABLED) | ~Q(disability_certificate=""))
    ),
)
_rule(
    "R4-04",
    4,
    "其他致贫原因与主要致贫原因重复",
    household=lambda c: ~Q(main_cause="") & Q(other_causes__contains=F("main_cause")),
)

# 5 低保、五保问题
_rule(
    "R5-01",
    5,
    "低保户无成员享受低保",
    household=lambda c: Q(category=HouseholdCategory.DIBAO) & ~any_member(Q(receives_dibao=True)),
)
_rule(
    "R5-02",
    5,
    "一般贫困户有成员享受低保",
    member=lambda c: Q(household__category=HouseholdCategory.GENERAL, receives_dibao=True),
)
_rule(
    "R5-03",
    5,
    "特困供养（五保）户有16至65周岁有劳动能力成员",
    member=lambda c: (
        Q(household__category=HouseholdCategory.DESTITUTE)
        & Q(labour_capacity__in=HAS_LABOUR)
        & aged(c.as_of, *WORKING_AGE)
    ),
)
_rule(
    "R5-04",
    5,
    "同时享受低保和特困供养",
    member=lambda c: Q(receives_dibao=True, receives_destitute_support=True),
)
_rule(
    "R5-05",
    5,
    "一般贫困户领取低保金或特困供养金",
    member=lambda c: (
        Q(household__category=HouseholdCategory.GENERAL)
        & (Q(dibao_amount__gt=0) | Q(destitute_amount__gt=0))
    ),
)
_rule(
    "R5-06",
    5,
    "低保户低保金为0或为空",
    household=lambda c: Q(category=HouseholdCategory.DIBAO) & ~any_member(Q(dibao_amount__gt=0)),
)
_rule(
    "R5-07",
    5,
    "特困供养户供养金为0或为空",
    household=lambda c: (
        Q(category=HouseholdCategory.DESTITUTE) & ~any_member(Q(destitute_amount__gt=0))
    ),
)

# 6 劳动能力问题
_rule(
    "R6-01",
    6,
    "劳动年龄内健康人员劳动技能为丧失劳动力",
    member=lambda c: (
        Q(health=Health.HEALTHY, labour_capacity=LabourCapacity.LOST) & aged(c.as_of, *WORKING_AGE)
    ),
)
_rule(
    "R6-02",
    6,
    "劳动年龄内健康非在校生劳动技能为无劳动力",
    member=lambda c: (
        Q(health=Health.HEALTHY, labour_capacity=LabourCapacity.NONE)
        & ~Q(school_status__in=IN_SCHOOL)
        & aged(c.as_of, *WORKING_AGE)
    ),
)

# 7 收入问题
_rule(
    "R7-01",
    7,
    "有生产经营性收入但无生产经营性支出",
    household=lambda c: Q(business_income__gt=0) & _empty_or_not_positive("business_expenditure"),
)
_rule(
    "R7-02",
    7,
    "家庭年人均纯收入小于等于0、为空或超过10万元",
    household=lambda c: (
        _empty_or_not_positive("per_capita_income") | Q(per_capita_income__gt=INCOME_CEILING)
    ),
)

# 8 务工状况问题
_rule("R8-01", 8, "务工时间不在0至12个月之间", member=lambda c: Q(migrant_months__gt=12))
_rule(
    "R8-02",
    8,
    "有务工状况但务工时间为0",
    member=lambda c: _works_away & _empty_or_not_positive("migrant_months"),
)
_rule(
    "R8-03",
    8,
    "无务工状况但务工时间为1至12个月",
    member=lambda c: ~_works_away & Q(migrant_months__gte=1, migrant_months__lte=12),
)
_rule(
    "R8-04",
    8,
    "无劳动能力成员登记为外出务工",
    member=lambda c: (
        Q(labour_capacity__in=(LabourCapacity.LOST, LabourCapacity.NONE)) & _works_away
    ),
)
_rule(
    "R8-05",
    8,
    "有工资性收入但家庭无务工人员",
    household=lambda c: Q(wage_income__gt=0) & ~any_member(_works_away),
)
_rule(
    "R8-06",
    8,
    "有务工人员但无工资性收入",
    member=lambda c: _works_away & _empty_or_not_positive("household__wage_income"),
)

# 9 帮扶责任人问题
_rule("R9-01", 9, "未落实帮扶责任人", household=lambda c: Q(helper=""))

# 10 指标值异常或指标间逻辑错误
_rule("R10-01", 10, "家庭无成员（空挂户）", household=lambda c: ~any_member())
_rule(
    "R10-02",
    10,
    "与户主关系与性别矛盾",
    member=lambda c: (
        Q(relationship__in=MALE_RELATIONSHIPS, sex=Sex.FEMALE)
        | Q(relationship__in=FEMALE_RELATIONSHIPS, sex=Sex.MALE)
    ),
)
_rule(
    "R10-03",
    10,
    "户主与配偶性别相同",
    member=lambda c: (
        Q(relationship=SPOUSE)
        & ~Q(sex="")
        & Exists(
            Member.objects.filter(
                household_id=OuterRef("household_id"), relationship=HEAD, sex=OuterRef("sex")
            )
        )
    ),
)
_rule(
    "R10-04",
    10,
    "14周岁及以下人员在校生状况为高中及以上",
    member=lambda c: (
        aged(c.as_of, None, 14)
        & Q(
            school_status__in=(
                SchoolStatus.SENIOR,
                SchoolStatus.VOCATIONAL,
                SchoolStatus.HIGHER_VOCATIONAL,
                SchoolStatus.COLLEGE,
            )
        )
    ),
)
_rule(
    "R10-05",
    10,
    "20周岁及以上人员在校生状况为小学及以下",
    member=lambda c: (
        aged(c.as_of, 20) & Q(school_status__in=(SchoolStatus.PRESCHOOL, SchoolStatus.PRIMARY))
    ),
)

# 11 人员重复问题
_rule(
    "R11-01",
    11,
    "同一人员在本县（市、区）内重复登记",
    member=lambda c: _same_person_elsewhere(
        Q(household__village__county_id=OuterRef("household__village__county_id"))
    ),
)
_rule(
    "R11-02",
    11,
    "同一人员在本市跨县（市、区）重复登记",
    member=lambda c: _same_person_elsewhere(
        Q(household__village__city_id=OuterRef("household__village__city_id"))
        & ~Q(household__village__county_id=OuterRef("household__village__county_id"))
    ),
)
_rule(
    "R11-03",
    11,
    "同一人员在其他地市重复登记",
    member=lambda c: _same_person_elsewhere(
        ~Q(household__village__city_id=OuterRef("household__village__city_id"))
    ),
)

# 12 通报补充的问题 (seeds 000 and 001)
_rule(
    "R12-01",
    12,
    "收入与支出不对等（家庭年支出超过家庭纯收入）",
    household=lambda c: _spends_more_than_earns(),
)
_rule("R12-02", 12, "无年度帮扶计划", household=lambda c: _not_true("has_assistance_plan"))
_rule(
    "R12-03",
    12,
    "已办残疾证但未享受残疾人补贴",
    member=lambda c: ~Q(disability_certificate="") & _not_true("receives_disability_subsidy"),
)
_rule(
    "R12-04",
    12,
    "系统中已停发低保但仍有低保金",
    member=lambda c: Q(receives_dibao=False, dibao_amount__gt=0),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
assert len(BY_CODE) == len(RULES), "rule codes must be unique"

NOT_IMPLEMENTED: list[NotImplementedCheck] = [
    NotImplementedCheck(
        3,
        "生产用电、是否加入合作社、与主干路距离、入户路类型、生活用电、主要燃料类型、有无卫生厕所为空",
        "The registry has no such fields (the national template columns are not imported).",
    ),
    NotImplementedCheck(
        9,
        "帮扶责任人同时是建档立卡贫困人口",
        "The helper is recorded by name only; Chinese names repeat, so a name match would "
        "flag innocent households. Needs the helper's ID number.",
    ),
    NotImplementedCheck(
        10,
        "人均耕地面积超过50亩、人均林地面积超过70亩、与主干路距离超过50公里",
        "No land or distance fields in the registry.",
    ),
    NotImplementedCheck(
        10,
        "在校生状况连续三年相同",
        "The registry keeps the current status only, no yearly snapshots to compare.",
    ),
    NotImplementedCheck(
        11,
        "省内跨市重复（本库以外的地市）",
        "Only cities held in this database are compared (R11-03); the province's other "
        "cities' records are not here.",
    ),
    NotImplementedCheck(
        12,
        "当年帮扶项目、帮扶日志缺失",
        "Only the yes/no 有无年度帮扶计划 is recorded (R12-02); no project or log records.",
    ),
]


# --- reads ---------------------------------------------------------------------------------


def rule_for(code: str) -> Rule | None:
    return BY_CODE.get(code)


def flagged_households(rule: Rule, ctx: Context, households: QuerySet[Household]):
    """The households the rule flags (one query), with the village's names and
    the members a row shows prefetched (one more query per page)."""
    shown = Member.objects.filter(rule.shown_members_q(ctx)).order_by("pk")
    return (
        households.filter(rule.household_q(ctx))
        .select_related("village__county", "village__town")
        .prefetch_related(Prefetch("members", queryset=shown, to_attr="shown_members"))
        .order_by("number")
    )


def _household_counts(ctx: Context, rules: list[Rule]) -> dict:
    return {r.alias: Count("pk", filter=r.household(ctx)) for r in rules if not r.per_member}


def _member_counts(ctx: Context, rules: list[Rule]) -> dict:
    # A household with two offending members is one flagged household.
    return {
        r.alias: Count("household_id", distinct=True, filter=r.member(ctx))
        for r in rules
        if r.per_member
    }


@dataclass
class PivotRow:
    rule: Rule
    cells: list[int]
    columns: list[Region]

    @property
    def total(self) -> int:
        # The regions partition the rows, so their counts add up (no second scan).
        return sum(self.cells)

    @property
    def by_column(self) -> list[tuple[Region, int]]:
        return list(zip(self.columns, self.cells, strict=True))


@dataclass
class Pivot:
    region: Region
    level: str
    columns: list[Region]
    rows: list[PivotRow]
    ctx: Context

    @property
    def column_totals(self) -> list[int]:
        return [sum(row.cells[i] for row in self.rows) for i in range(len(self.columns))]


# A city's scan takes half a minute (1.6 million members): the counts are kept
# until a household or member is added, changed or removed — at most an hour,
# so that a change to the region tree (a village moved) shows within the hour.
PIVOT_CACHE_SECONDS = 3600


def registry_fingerprint() -> tuple:
    """Changes whenever a household or member is added, changed (every write
    sets updated_at, imports included) or removed: one query, on the database
    the counts are read from (a lagging replica must not pair old counts with
    the primary's newer fingerprint for an hour)."""
    connection = connections[router.db_for_read(Household)]
    quote = connection.ops.quote_name
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM {quote(t)}), (SELECT MAX(updated_at) FROM {quote(t)})"
        for t in (Household._meta.db_table, Member._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return tuple(str(value) for value in cursor.fetchone())


def _scope_key(user) -> str:
    scope = region_scope(user)
    return (
        "all"
        if scope.unrestricted
        else ",".join(f"{level}{pk}" for level, pk in sorted(scope.granted))
    )


def _unless_registry_changed(key: tuple, compute: Callable[[], dict]) -> dict:
    digest = hashlib.sha256(repr((key, registry_fingerprint())).encode()).hexdigest()
    cache_key = f"redlights:{digest}"
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, PIVOT_CACHE_SECONDS)
    return found


def pivot(user, region: Region, ctx: Context, rules: list[Rule] | None = None) -> Pivot:
    """Households flagged per rule × child region (a county's towns, the city's
    counties) within the user's scope: two grouped queries (households; members)
    of conditional counts, whatever the number of rules, regions or records."""
    rules = RULES if rules is None else rules
    level = group_level(region)
    household_key = group_key(level)
    member_key = group_key(level, village="household__village")
    households = Household.objects.filter(within(user, region))
    members = Member.objects.filter(within(user, region, village="household__village"))

    def count() -> dict[int, dict[str, int]]:
        found: dict[int, dict[str, int]] = {}
        if household_rules := _household_counts(ctx, rules):
            for item in households.values(household_key).annotate(**household_rules).order_by():
                found.setdefault(item.pop(household_key), {}).update(item)
        if member_rules := _member_counts(ctx, rules):
            for item in members.values(member_key).annotate(**member_rules).order_by():
                found.setdefault(item.pop(member_key), {}).update(item)
        return found

    found = _unless_registry_changed(
        (
            "pivot",
            region.pk,
            level,
            ctx.as_of.isoformat(),
            _scope_key(user),
            *(r.code for r in rules),
        ),
        count,
    )
    columns = child_regions(user, region)
    rows = [
        PivotRow(rule, [found.get(column.pk, {}).get(rule.alias, 0) for column in columns], columns)
        for rule in rules
    ]
    return Pivot(region, level, columns, rows, ctx)


def rule_counts(user, region: Region, ctx: Context) -> list[tuple[Rule, int]]:
    """Households flagged per rule over the whole region (two queries)."""
    households = Household.objects.filter(within(user, region))
    members = Member.objects.filter(within(user, region, village="household__village"))
    counts = households.aggregate(**_household_counts(ctx, RULES))
    counts |= members.aggregate(**_member_counts(ctx, RULES))
    return [(rule, counts[rule.alias]) for rule in RULES]
