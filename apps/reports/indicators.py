"""Indicators computed from household records (seed 002's self-assessment rates).

Every indicator is a conditional COUNT over members or households with its
numerator, denominator and the rate — ROUND(100·n/NULLIF(d, 0), 2) — all
computed by the database. A region's figures cover its whole subtree; a
breakdown groups by the child region's key on the household's village, so a
region with any number of children costs the same few queries.

The page and the command read counts maintained on write (counters.py): per
village the undated indicators' counts, per village and month of birth the
members of the two age indicators; one statement sums the rows of the
region's villages (grouped by child region), whole months of birth, and the
members born in the two boundary months of the as-of day counted one by one
(an index on the birth date). ``scan`` is the same figures counted from the
records themselves (a plan's own rates; the tests compare the two).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections, router, transaction
from django.db.models import (
    Count,
    DecimalField,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, NullIf, Round
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.households.models import IN_SCHOOL, ExitStatus, Household, Member
from apps.regions.models import Region

from .counters import COLUMNS, COUNTED
from .models import VillageBirthMonth, VillageIndicatorCounts
from .reporting import (
    LIFTED_STATUSES,
    aged,
    any_member,
    child_regions,
    enrolled_in_support,
    group_key,
    group_level,
    has_labour_member,
    within,
    years_before,
)

MEMBERS, HOUSEHOLDS = "members", "households"


@dataclass(frozen=True)
class Definition:
    key: str
    label: Promise
    base: str  # MEMBERS or HOUSEHOLDS: what is counted
    numerator: Q
    denominator: Q | None = None  # None: every member / household


def definitions(as_of: dt.date) -> list[Definition]:
    """The indicators, in the order the page and the command list them."""
    compulsory_age = aged(as_of, 6, 15)
    pension_base = aged(as_of, 16) & ~Q(school_status__in=IN_SCHOOL)
    no_labour = any_member() & ~has_labour_member()
    return [
        Definition(
            "exit_people",
            _("Exit rate (people)"),
            MEMBERS,
            Q(household__exit_status__in=LIFTED_STATUSES),
        ),
        Definition(
            "exit_households",
            _("Exit rate (households)"),
            HOUSEHOLDS,
            Q(exit_status__in=LIFTED_STATUSES),
        ),
        Definition(
            "formal_exit",
            _("Formal exit rate (people)"),
            MEMBERS,
            Q(household__exit_status=ExitStatus.EXITED),
        ),
        Definition(
            "enrolment",
            _("Compulsory-education enrolment"),
            MEMBERS,
            compulsory_age & Q(school_status__in=IN_SCHOOL),
            compulsory_age,
        ),
        Definition(
            "medical", _("Basic medical insurance coverage"), MEMBERS, Q(has_medical_insurance=True)
        ),
        Definition(
            "pension",
            _("Pension insurance coverage (aged 16+, not in school)"),
            MEMBERS,
            pension_base & Q(has_pension_insurance=True),
            pension_base,
        ),
        Definition(
            "support",
            _("Dibao / destitute coverage of households without labour capacity"),
            HOUSEHOLDS,
            no_labour & enrolled_in_support(),
            no_labour,
        ),
        Definition("housing", _("Safe housing (households)"), HOUSEHOLDS, Q(housing_safe=True)),
        Definition(
            "water", _("Safe drinking water (people)"), MEMBERS, Q(household__water_safe=True)
        ),
    ]


# Columns of the child-region table: the headline rates.
MAIN_KEYS = ("exit_people", "formal_exit", "enrolment", "medical", "pension", "water")


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    numerator: int
    denominator: int
    rate: Decimal | None

    @property
    def shown(self) -> str:
        """99.12% — or a dash when there is nothing to divide by."""
        return "—" if self.rate is None else f"{self.rate:.2f}%"


@dataclass
class Row:
    """One region's indicators (a child region, or the total)."""

    region: Region | None
    values: dict[str, Figure] = field(default_factory=dict)
    members: int = 0
    households: int = 0

    @property
    def main(self) -> list[Figure]:
        return [self.values[key] for key in MAIN_KEYS]


@dataclass
class Breakdown:
    region: Region
    as_of: dt.date
    total: Row
    rows: list[Row]
    child_level: str

    @property
    def values(self) -> list[Figure]:
        return list(self.total.values.values())


def rate(numerator, denominator) -> Round:
    """100·n/d to two decimals, NULL when d is 0 (both databases)."""
    return Round(
        Cast(numerator, FloatField()) * Value(100.0) / NullIf(Cast(denominator, FloatField()), 0.0),
        2,
        output_field=DecimalField(max_digits=7, decimal_places=2),
    )


def _aggregates(defs: list[Definition], base: str) -> dict:
    expressions = {"count": Count("pk")}
    for d in defs:
        if d.base != base:
            continue
        denominator = Count("pk", filter=d.denominator) if d.denominator else Count("pk")
        numerator = Count("pk", filter=d.numerator)
        expressions[f"{d.key}_n"] = numerator
        expressions[f"{d.key}_d"] = denominator
        expressions[f"{d.key}_r"] = rate(numerator, denominator)
    return expressions


def _querysets(user, region: Region) -> tuple[QuerySet, QuerySet]:
    members = Member.objects.filter(within(user, region, village="household__village"))
    households = Household.objects.filter(within(user, region))
    return members, households


def _row(region: Region | None, defs: list[Definition], members: dict, households: dict) -> Row:
    row = Row(region, members=members.get("count", 0), households=households.get("count", 0))
    for d in defs:
        source = members if d.base == MEMBERS else households
        row.values[d.key] = Figure(
            d.key,
            d.label,
            source.get(f"{d.key}_n", 0),
            source.get(f"{d.key}_d", 0),
            source.get(f"{d.key}_r"),
        )
    return row


def for_region(user, region: Region, *, as_of: dt.date, extra: Sequence[Definition] = ()) -> Row:
    """The region's indicators over its subtree within the user's scope (two
    queries); ``extra`` definitions (e.g. a plan's own rates) are counted in
    the same two queries."""
    defs = definitions(as_of) + list(extra)
    members, households = _querysets(user, region)
    if not extra:
        rows = _maintained(user, region, as_of=as_of, level=None)
        return _row(region, defs, *rows.get(0, ({}, {})))
    return scan(user, region, as_of=as_of, extra=extra)


def scan(user, region: Region, *, as_of: dt.date, extra: Sequence[Definition] = ()) -> Row:
    """The same figures counted from the households and members themselves (two queries)."""
    defs = definitions(as_of) + list(extra)
    members, households = _querysets(user, region)
    return _row(
        region,
        defs,
        members.aggregate(**_aggregates(defs, MEMBERS)),
        households.aggregate(**_aggregates(defs, HOUSEHOLDS)),
    )


def breakdown(user, region: Region, *, as_of: dt.date) -> Breakdown:
    """The region's total and one row per child region (a village: itself),
    read from the maintained counts — the children and one statement for
    the rows and the total, whatever the number of children or records (in a
    transaction: on PostgreSQL it turns JIT off)."""
    defs = definitions(as_of)
    level = group_level(region)
    grouped, total = _maintained(user, region, as_of=as_of, level=level, with_total=True)
    rows = [
        _row(child, defs, *grouped.get(child.pk, ({}, {}))) for child in child_regions(user, region)
    ]
    return Breakdown(region, as_of, _row(region, defs, *total.get(0, ({}, {}))), rows, level)


def scanned_breakdown(user, region: Region, *, as_of: dt.date) -> Breakdown:
    """``breakdown`` counted from the records (five queries), for comparison."""
    defs = definitions(as_of)
    level = group_level(region)
    members, households = _querysets(user, region)
    member_key = group_key(level, village="household__village")
    household_key = group_key(level)
    by_member = {
        item.pop(member_key): item
        for item in members.values(member_key).annotate(**_aggregates(defs, MEMBERS)).order_by()
    }
    by_household = {
        item.pop(household_key): item
        for item in households.values(household_key)
        .annotate(**_aggregates(defs, HOUSEHOLDS))
        .order_by()
    }
    rows = [
        _row(child, defs, by_member.get(child.pk, {}), by_household.get(child.pk, {}))
        for child in child_regions(user, region)
    ]
    return Breakdown(region, as_of, scan(user, region, as_of=as_of), rows, level)


# --- reading the maintained counts ------------------------------------------------------

# The two indicators depending on the as-of day, read from the month rows.
AGED = ("enrolment", "pension")
AGED_COLUMNS = ("enrolment_n", "enrolment_d", "pension_n", "pension_d")
# PostgreSQL's JIT compiles these short aggregates for longer than they run.
JIT_OFF = True


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _parts(user, region: Region, as_of: dt.date, level: str | None) -> list[tuple[QuerySet, tuple]]:
    """The three grouped counts the statement adds up, each with its columns:
    village counters; whole months of birth; members of the boundary months.

    Aged 6–15 is born in (six16, six]; aged 16+ born on or before six16
    (``aged``'s boundary dates). Whole months strictly inside a range come
    from the month rows, the month holding a boundary date from the members."""
    six, sixteen = years_before(as_of, 6), years_before(as_of, 16)
    first6, first16, last16 = _month_start(six), _month_start(sixteen), _month_end(sixteen)

    def keyed(queryset: QuerySet, village: str) -> QuerySet:
        key = F(group_key(level, village=village)) if level else Value(0, IntegerField())
        return (
            queryset.filter(within(user, region, village=village)).annotate(key=key).values("key")
        )

    counters = keyed(VillageIndicatorCounts.objects.all(), "village").annotate(
        **{column: Sum(column) for column in COUNTED}
    )
    younger, older = Q(month__gt=first16), Q(month__lt=first16)
    months = keyed(VillageBirthMonth.objects.filter(month__lt=first6), "village").annotate(
        enrolment_n=Sum("in_school", filter=younger),
        enrolment_d=Sum("members", filter=younger),
        pension_n=Sum("pension_insured", filter=older),
        pension_d=Sum(F("members") - F("in_school"), filter=older),
    )
    school = Q(school_status__in=IN_SCHOOL)
    compulsory = Q(birth_date__gte=first6, birth_date__lte=six) | Q(
        birth_date__gt=sixteen, birth_date__lte=last16
    )
    pension = Q(birth_date__gte=first16, birth_date__lte=sixteen) & ~school
    boundary = Member.objects.filter(
        Q(birth_date__gte=first6, birth_date__lte=six)
        | Q(birth_date__gte=first16, birth_date__lte=last16)
    )
    members = keyed(boundary, "household__village").annotate(
        enrolment_n=Count("pk", filter=compulsory & school),
        enrolment_d=Count("pk", filter=compulsory),
        pension_n=Count("pk", filter=pension & Q(has_pension_insurance=True)),
        pension_d=Count("pk", filter=pension),
    )
    return [
        (counters.order_by(), COUNTED),
        (months.order_by(), AGED_COLUMNS),
        (members.order_by(), AGED_COLUMNS),
    ]


TOTAL = -1  # the key of the total row (child regions' keys are their pks)


def _statement(
    connection, parts: list[tuple[QuerySet, tuple]], *, with_total: bool
) -> tuple[str, list]:
    """One SELECT: the parts' rows (UNION ALL) summed per key, with
    ``with_total`` a row summing those (key TOTAL), each rate by the database."""
    quote = connection.ops.quote_name
    columns = (*COUNTED, *AGED_COLUMNS)
    key = quote("key")
    selects, params = [], []
    for queryset, present in parts:
        sql, part_params = queryset.query.sql_with_params()
        picked = ", ".join(
            f"s.{quote(c)} AS {quote(c)}" if c in present else f"0 AS {quote(c)}" for c in columns
        )
        selects.append(f"SELECT s.{key} AS {key}, {picked} FROM ({sql}) s")
        params.extend(part_params)
    sums = ", ".join(f"COALESCE(SUM(u.{quote(c)}), 0) AS {quote(c)}" for c in columns)
    grouped = (
        f"SELECT u.{key} AS {key}, {sums} FROM ({' UNION ALL '.join(selects)}) u GROUP BY u.{key}"
    )
    rows = "SELECT * FROM g"
    if with_total:
        totals = ", ".join(f"COALESCE(SUM(g.{quote(c)}), 0) AS {quote(c)}" for c in columns)
        rows += f" UNION ALL SELECT {TOTAL} AS {key}, {totals} FROM g"
    rates = ", ".join(
        f"ROUND(100.0 * t.{quote(n)} / NULLIF(t.{quote(d)}, 0), 2)" for n, d in _pairs().values()
    )
    return f"WITH g AS ({grouped}) SELECT t.*, {rates} FROM ({rows}) t", params


def _pairs() -> dict[str, tuple[str, str]]:
    """Indicator key → its (numerator, denominator) columns in the statement."""
    return COLUMNS | {key: (f"{key}_n", f"{key}_d") for key in AGED}


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _as_sources(row: tuple) -> tuple[dict, dict]:
    """A result row as the (members, households) aggregates ``_row`` reads."""
    columns = (*COUNTED, *AGED_COLUMNS)
    counts = {c: int(v) for c, v in zip(columns, row[1 : 1 + len(columns)], strict=True)}
    rates = dict(zip(_pairs(), row[1 + len(columns) :], strict=True))
    values = {}
    for key, (n, d) in _pairs().items():
        values |= {f"{key}_n": counts[n], f"{key}_d": counts[d], f"{key}_r": _decimal(rates[key])}
    return values | {"count": counts["members"]}, values | {"count": counts["households"]}


def _maintained(
    user, region: Region, *, as_of: dt.date, level: str | None, with_total: bool = False
):
    """Per key (the child region's pk; 0 when ``level`` is None) the
    (members, households) aggregates from the maintained counts; with
    ``with_total`` also the region's total, from the same statement."""
    alias = router.db_for_read(VillageIndicatorCounts)
    connection = connections[alias]
    sql, params = _statement(connection, _parts(user, region, as_of, level), with_total=with_total)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and JIT_OFF:
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        result = {row[0]: _as_sources(row) for row in cursor.fetchall()}
    if not with_total:
        return result
    total = result.pop(TOTAL)
    return result, {0: total}
