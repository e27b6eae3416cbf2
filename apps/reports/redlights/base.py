"""Red lights, the pieces every rule is made of: the rule, its context, shared conditions.

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
import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length, Ord, Substr
from django.db.models.lookups import Exact

from apps.households.idnumbers import CHECK_CHARACTERS, WEIGHTS
from apps.households.models import (
    Health,
    Member,
)

from ..reporting import (
    LIFTED_STATUSES,
    any_member,
    poverty_line,
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
    13: "防返贫监测问题",
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
    # The rule compares a household with others (duplicate ID numbers): a write
    # to one household may light or clear another (the maintained table knows).
    spans_households: bool = False
    # The same condition for the maintained table, which refreshes the rules in
    # catalogue order: it may read lights of earlier groups, already brought up
    # to date for the households refreshed (R13-05 reads group 1's).
    maintained: Condition | None = None

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

    def maintained_q(self, ctx: Context) -> Q:
        """The condition a refresh in catalogue order evaluates."""
        return self.maintained(ctx) if self.maintained is not None else self.household_q(ctx)

    def shown_members_q(self, ctx: Context) -> Q:
        """Which members a flagged household's row names: the offending ones, else the head."""
        return self.member(ctx) if self.member is not None else Q(relationship=HEAD)


@dataclass(frozen=True)
class NotImplementedCheck:
    group: int
    check: str
    reason: str


# --- building blocks ----------------------------------------------------------------------

lifted = Q(exit_status__in=LIFTED_STATUSES)
member_lifted = Q(household__exit_status__in=LIFTED_STATUSES)
works_away = ~Q(migrant_work__in=NOT_WORKING)


def empty_or_not_positive(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": 0})


def not_true(field: str) -> Q:
    """False or not filled in (a missing yes is no yes)."""
    return ~Q(**{field: True})


def cause(word: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}main_cause__contains": word})


def length_then_pattern(length: int, pattern: str) -> Q:
    """An ID number of ``length`` characters that matches ``pattern``. The
    length is compared first — in a CASE, because PostgreSQL orders an AND by
    cost and would run the regex on every member first (1.5 s over 1.6 M)."""
    return Q(
        Case(
            When(Exact(Length("id_number"), length), then=Q(id_number__regex=pattern)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def check_character_mismatch() -> Q:
    """18 characters that fail GB 11643: not 17 digits + digit/X, or a wrong
    check character. Computed in SQL on both databases: each digit as its
    character code (ASCII / UNICODE, cheaper than 17 casts; the weights sum to
    100, so the codes' weighted sum less 4 800 is the digits'), the sum mod 11 by
    integer division, the expected character picked from '10X98765432'. The CASE
    keeps the arithmetic to IDs of digits; the length is compared, not matched
    by a regex (the regex cost a scan of 1.6 million members 2.4 s)."""
    codes = [
        Ord(Substr("id_number", position, 1)) * weight
        for position, weight in enumerate(WEIGHTS, start=1)
    ]
    total = reduce(operator.add, codes) - Value(ord("0") * sum(WEIGHTS))
    remainder = total - (total / 11) * 11
    expected = Case(
        When(
            id_number__regex=r"^[0-9]{17}[0-9X]$",
            then=Substr(Value(CHECK_CHARACTERS), remainder + 1, 1),
        ),
        default=Value(""),
    )
    return Q(Exact(Length("id_number"), 18)) & ~Q(Exact(Substr("id_number", 18, 1), expected))


def same_person_elsewhere(where: Q) -> Exists:
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


def household_size():
    return (
        Member.objects.filter(household_id=OuterRef("pk"))
        .order_by()
        .values("household_id")
        .annotate(size=Count("pk"))
        .values("size")
    )


def spends_more_than_earns() -> Q:
    household_income = ExpressionWrapper(
        F("per_capita_income") * Subquery(household_size()),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )
    # The first test is cheap and implied by the second (a household has ≥ 1
    # member); it spares most households the size subquery.
    return Q(annual_expenditure__gt=F("per_capita_income")) & Q(
        annual_expenditure__gt=household_income
    )
