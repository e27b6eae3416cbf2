"""The maintained indicator counts: per village, what the indicators page sums.

``VillageIndicatorCounts`` holds, per village, the numerators (and the
households and members they are divided by) of every indicator that does not
depend on the as-of day; ``VillageBirthMonth`` holds, per village and month of
birth, the members the two age indicators count (enrolment, pension), so any
as-of day is answered from whole months plus the members born in its two
boundary months (apps/reports/indicators.py).

Kept current on every write through the same hook as the red lights: the
registry's ``households_changed`` (household and member saves and deletes —
pages, services, the admin and its inlines — and the import, for every
household of its file). Unlike the lights, the recount runs inside the
writing transaction, for the villages the write touched only, set-based (two
grouped counts and one INSERT … SELECT of the month rows, whatever the number
of villages): what the page reads commits or rolls back with the write.

One recount at a time per village: the village's counter row is locked
(``SELECT … FOR UPDATE``, villages in id order) before counting, so two
writers in one village count one after the other and the second sees the
first's rows (PostgreSQL, READ COMMITTED: the count is a new statement after
the lock). ``manage.py indicators --rebuild`` recounts every village.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apps.households.models import IN_SCHOOL, Household, Member

from .models import RedLightState, VillageBirthMonth, VillageIndicatorCounts

STATE_KEY = "indicators"
CHUNK = 2_000  # villages per statement

# Indicator key → (numerator column, denominator column) of VillageIndicatorCounts.
COLUMNS: dict[str, tuple[str, str]] = {
    "exit_people": ("exit_people", "members"),
    "exit_households": ("exit_households", "households"),
    "formal_exit": ("formal_exit", "members"),
    "medical": ("medical", "members"),
    "support": ("support_n", "support_d"),
    "housing": ("housing", "households"),
    "water": ("water", "members"),
}
# Every counted column, in the model's order.
COUNTED = (
    "households",
    "members",
    "exit_people",
    "exit_households",
    "formal_exit",
    "medical",
    "support_n",
    "support_d",
    "housing",
    "water",
)


def _definitions():
    from .indicators import definitions

    # The undated definitions read the same on any day; today's will do.
    return {d.key: d for d in definitions(timezone.localdate()) if d.key in COLUMNS}


def _household_counts(villages: list[int]) -> dict[int, dict]:
    from .indicators import HOUSEHOLDS

    counts = {"households": Count("pk")}
    for key, d in _definitions().items():
        if d.base != HOUSEHOLDS:
            continue
        numerator, denominator = COLUMNS[key]
        counts[numerator] = Count("pk", filter=d.numerator)
        if d.denominator is not None:
            counts[denominator] = Count("pk", filter=d.denominator)
    rows = (
        Household.objects.filter(village_id__in=villages)
        .values("village_id")
        .annotate(**counts)
        .order_by()
    )
    return {row.pop("village_id"): row for row in rows}


def _member_counts(villages: list[int]) -> dict[int, dict]:
    from .indicators import MEMBERS

    counts = {"members": Count("pk")}
    for key, d in _definitions().items():
        if d.base != MEMBERS:
            continue
        counts[COLUMNS[key][0]] = Count("pk", filter=d.numerator)
    rows = (
        Member.objects.filter(household__village_id__in=villages)
        .values("household__village_id")
        .annotate(**counts)
        .order_by()
    )
    return {row.pop("household__village_id"): row for row in rows}


def month_rows(members_q: Q):
    """Members (``members_q`` over Member) counted per village and month of birth."""
    in_school = Q(school_status__in=IN_SCHOOL)
    return (
        Member.objects.filter(members_q, birth_date__isnull=False)
        .annotate(vid=F("household__village_id"), born=TruncMonth("birth_date"))
        .values("vid", "born")
        .annotate(
            n=Count("pk"),
            school=Count("pk", filter=in_school),
            insured=Count("pk", filter=~in_school & Q(has_pension_insurance=True)),
        )
        .order_by()
    )


def _write_months(villages: list[int]) -> None:
    """The villages' month rows replaced by a fresh count (INSERT … SELECT)."""
    VillageBirthMonth.objects.filter(village_id__in=villages).delete()
    alias = router.db_for_write(VillageBirthMonth)
    connection = connections[alias]
    quote = connection.ops.quote_name
    sql, params = month_rows(Q(household__village_id__in=villages)).query.sql_with_params()
    table = quote(VillageBirthMonth._meta.db_table)
    columns = ", ".join(
        quote(c) for c in ("village_id", "month", "members", "in_school", "pension_insured")
    )
    picked = ", ".join(f"s.{quote(c)}" for c in ("vid", "born", "n", "school", "insured"))
    with connection.cursor() as cursor:
        # In village order: a village's months lie together on disk for the page's reads.
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {picked} FROM ({sql}) s ORDER BY 1, 2", params
        )


def _lock(villages: list[int]) -> None:
    """Every village's counter row, created if missing, locked in id order."""
    VillageIndicatorCounts.objects.bulk_create(
        [VillageIndicatorCounts(village_id=v) for v in villages], ignore_conflicts=True
    )
    list(
        VillageIndicatorCounts.objects.select_for_update()
        .filter(village_id__in=villages)
        .order_by("village_id")
        .values_list("village_id", flat=True)
    )


def recount(village_ids: Iterable[int]) -> int:
    """Recount these villages (inside the caller's transaction, if any): the
    number of villages recounted."""
    villages = sorted(set(village_ids))
    with transaction.atomic():
        for start in range(0, len(villages), CHUNK):
            chunk = villages[start : start + CHUNK]
            _lock(chunk)
            households, members = _household_counts(chunk), _member_counts(chunk)
            now = timezone.now()
            rows = []
            for village in chunk:
                values = dict.fromkeys(COUNTED, 0)
                values |= households.get(village, {}) | members.get(village, {})
                rows.append(VillageIndicatorCounts(village_id=village, updated_at=now, **values))
            # An upsert (INSERT … ON CONFLICT DO UPDATE) of the locked rows:
            # bulk_update's CASE per column took 5 s for a city's 2 000 villages.
            VillageIndicatorCounts.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["village"],
                update_fields=[*COUNTED, "updated_at"],
                batch_size=1000,
            )
            _write_months(chunk)
    return len(villages)


def villages_of(household_ids: Iterable[int]) -> set[int]:
    ids = sorted(set(household_ids))
    villages: set[int] = set()
    for start in range(0, len(ids), 20_000):
        villages |= set(
            Household.objects.filter(pk__in=ids[start : start + 20_000])
            .order_by()
            .values_list("village_id", flat=True)
            .distinct()
        )
    return villages


def rebuild(*, now: dt.datetime | None = None) -> int:
    """Every village recounted (a village without households keeps a row of
    zeros: rows are never deleted, so a writer waiting on a row's lock always
    gets it): the number of villages with households."""
    with transaction.atomic():
        state, _ = RedLightState.objects.get_or_create(key=STATE_KEY)
        RedLightState.objects.select_for_update().get(key=STATE_KEY)
        with_households = set(
            Household.objects.order_by().values_list("village_id", flat=True).distinct()
        )
        stored = set(VillageIndicatorCounts.objects.values_list("village_id", flat=True))
        recount(with_households | stored)
        state.rebuilt_at = now or timezone.now()
        state.save(update_fields=["rebuilt_at"])
    return len(with_households)


def on_households_changed(
    sender, household_ids: frozenset[int], village_ids: frozenset[int] = frozenset(), **kwargs
) -> None:
    """Recount the villages the write touched, in its transaction. Only writes
    of the registry itself count (a monitoring case changes no indicator)."""
    if sender not in (Household, Member):
        return
    villages = villages_of(household_ids) | set(village_ids)
    if villages:
        recount(villages)


def build_if_missing(**kwargs) -> None:
    """After ``migrate``: a registry that never had counters gets them once
    (an empty one in an instant), so the page never reads missing rows."""
    alias = kwargs.get("using") or router.db_for_write(VillageIndicatorCounts)
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    needed = {
        m._meta.db_table
        for m in (RedLightState, VillageIndicatorCounts, VillageBirthMonth, Household, Member)
    }
    if not needed <= tables:
        return
    if not RedLightState.objects.using(alias).filter(key=STATE_KEY).exists():
        rebuild()
