"""The maintained red lights: each household's failing rules kept in
``HouseholdRedLight`` on every write, so pages count that table.

Writes to the registry send ``households_changed`` (model saves and deletes,
the import); the ids are collected per transaction and refreshed once it
commits, set-based: per rule one SELECT of the lights that came on (then
inserted) and one UPDATE of those that went off, over the touched households —
by id; by the range of their ids when nearly consecutive (an import's new
households); or by village when an import touched tens of thousands spread
over the registry.

Ages. Rules whose condition depends on the day (ages, the year's poverty line,
monitoring deadlines; found by compiling each rule for different days, so a
rule added to the catalogue is classified without a flag) are maintained for
*today*: a write evaluates them on its day, and ``manage.py redlights
--refresh-dated`` (a nightly task, just after midnight) re-evaluates them over
the whole registry so that a member turning 16 lights up overnight. The page
reads the table for today; for any other as-of date it scans (cached).

One computation at a time: every refresh, rebuild and nightly run takes the
state row's lock first, so two never insert the same light.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import operator
import threading
from collections.abc import Iterable
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections, router, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils import timezone

from apps.audit.models import Change
from apps.households.models import Household, Member

from ..models import HouseholdRedLight, RedLightState
from ..reporting import today, years_before
from . import catalogue
from .base import Context, Rule

STATE_KEY = "lights"
# Above this many touched households a refresh goes by their villages: one
# scan of those villages per rule beats a 100 000-id IN list.
BY_VILLAGE_ABOVE = 20_000
# Below that too when the touched households are at least this share of
# their villages' households: per rule a scan of the villages costs about a
# twentieth of the same rule over an id list per household (48 000
# households, PostgreSQL: 6 s for all by village, 13-20 s for 4 800 by id).
BY_VILLAGE_SHARE = 0.05
CHUNK = 5_000
# Touched households whose ids span at most this many times their number go
# by their id range (an import's new households: consecutive ids).
DENSE = 2
# Up to this many households (a page's or the admin's write) a refresh reads
# every single-household rule in one query.
FEW = 200

OPEN = Q(cleared_at__isnull=True)


def rules() -> list[Rule]:
    """Read at call time: modules appending rules (monitoring) are included."""
    return list(catalogue.RULES)


_dated: dict[str, bool] = {}


def is_dated(rule: Rule) -> bool:
    """Whether the rule's condition changes with the as-of day (ages, the
    year's poverty line): its SQL compiled for three days differs."""
    if rule.code not in _dated:
        day = today()
        days = (day, day + dt.timedelta(days=1), years_before(day, -1))
        texts = {str(Household.objects.filter(rule.household_q(Context.on(d))).query) for d in days}
        _dated[rule.code] = len(texts) > 1
    return _dated[rule.code]


def dated_rules() -> list[Rule]:
    return [rule for rule in rules() if is_dated(rule)]


# --- applying one rule to a set of households -------------------------------------------


def _clearing_change() -> Subquery:
    """The latest history row of the household or of one of its members: the
    write that turned the light off."""
    household_type = ContentType.objects.get_for_model(Household).pk
    member_type = ContentType.objects.get_for_model(Member).pk
    members = (
        Member.objects.filter(household_id=OuterRef(OuterRef("household_id")))
        .order_by()
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    changes = Change.objects.filter(
        Q(content_type_id=household_type, object_pk=Cast(OuterRef("household_id"), CharField()))
        | Q(content_type_id=member_type, object_pk__in=members)
    )
    return Subquery(changes.order_by("-pk").values("pk")[:1])


def apply_rule(
    rule: Rule,
    ctx: Context,
    *,
    households: Q,
    lights: Q,
    now: dt.datetime,
    clearing,
    members: Q | None = None,
) -> tuple[int, int]:
    """Bring the rule's open lights for ``households`` (Q over Household) in
    line with the registry: (lights turned on, lights turned off). ``lights``
    (Q over HouseholdRedLight) is the part of the table to re-check;
    ``members`` (Q over Member), if given, holds every member of those
    households (see ``_condition``)."""
    condition = _condition(rule, ctx, members)
    flagged = Household.objects.filter(pk=OuterRef("household_id")).filter(condition)
    open_lights = HouseholdRedLight.objects.filter(OPEN, rule=rule.code)
    off = (
        open_lights.filter(lights)
        .filter(~Exists(flagged))
        .update(cleared_at=now, cleared_by=clearing)
    )
    new = (
        Household.objects.filter(households)
        .filter(condition)
        .filter(~Exists(open_lights.filter(household_id=OuterRef("pk"))))
        .order_by()
        .values_list("pk", "village__county_id", "village_id")
    )
    return _insert_lights(new, rule.code, now), off


def _condition(rule: Rule, ctx: Context, members: Q | None) -> Q:
    """The rule as evaluated in catalogue order (``Rule.maintained_q``). A
    member rule searches only ``members`` when given: PostgreSQL does not carry
    a range of household ids over to their members, and scanned all 1.6 M of
    them per rule to refresh an import's households."""
    if rule.per_member and members is not None:
        own = Member.objects.filter(household_id=OuterRef("pk")).filter(members)
        return Q(Exists(own.filter(rule.member(ctx))))
    return rule.maintained_q(ctx)


def _insert_lights(new, code: str, now: dt.datetime) -> int:
    """The new lights: found by a plain SELECT, then inserted. Not one INSERT …
    SELECT: PostgreSQL runs no parallel workers for a writing statement, and the
    search (a scan of the members) is the cost while the lights found are few —
    an import's refresh at the province's size took 20–21 s this way, 25–28 s
    as INSERT … SELECT."""
    alias = router.db_for_write(HouseholdRedLight)  # read where the lights are written
    lights = [
        HouseholdRedLight(household_id=household, county_id=county, village_id=village,
                          rule=code, since=now)
        for household, county, village in new.using(alias)
    ]  # fmt: skip
    HouseholdRedLight.objects.using(alias).bulk_create(lights, batch_size=2_000)
    return len(lights)


def _sharing(households: Q) -> Q:
    """The households a duplicate rule (R11) can flag after a write to
    ``households``: those of them and of the other households that hold an ID
    number held in more than one household. Fetched first (one self-join of the
    members on the ID number), so each rule checks the few hundred households
    that share a number, not every household written (the rule probes the ID
    index per member: 4.6 s per rule for an import's 99 000 households). A
    light to turn off is looked for among all the rule's open lights (see
    ``_apply_all``)."""
    alias = router.db_for_write(HouseholdRedLight)
    connection = connections[alias]
    try:
        scope, params = Household.objects.filter(households).values("pk").query.sql_with_params()
    except EmptyResultSet:
        return Q(pk__in=[])
    members = connection.ops.quote_name(Member._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT m.household_id, o.household_id FROM {members} m"
            f" JOIN {members} o ON o.id_number = m.id_number AND o.household_id <> m.household_id"
            f" WHERE m.household_id IN ({scope})",
            params,
        )
        pairs = cursor.fetchall()
    return Q(pk__in={pk for pair in pairs for pk in pair})


def _apply_all(
    chosen: list[Rule],
    ctx: Context,
    *,
    households: Q,
    lights: Q,
    now: dt.datetime,
    members: Q | None = None,
) -> tuple[int, int]:
    on = off = 0
    clearing = _clearing_change()
    # Everything (a rebuild) already covers the other households.
    sharing = households if households == Q() else None
    for rule in chosen:
        if rule.spans_households:
            # Another household's light may go on (it now shares an ID) or off
            # (the ID it shared was changed or removed): re-check those too.
            sharing = sharing if sharing is not None else _sharing(households)
            scope, light_scope, member_scope = sharing, Q(), None
        else:
            scope, light_scope, member_scope = households, lights, members
        turned_on, turned_off = apply_rule(
            rule,
            ctx,
            households=scope,
            lights=light_scope,
            now=now,
            clearing=clearing,
            members=member_scope,
        )
        on, off = on + turned_on, off + turned_off
    return on, off


def _locked_state() -> RedLightState:
    RedLightState.objects.get_or_create(key=STATE_KEY)
    return RedLightState.objects.select_for_update().get(key=STATE_KEY)


def _follow_moves(lights: Q) -> None:
    """A moved household's open lights (of ``lights``, a Q over
    HouseholdRedLight) count in its new village and county."""
    household = Household.objects.filter(pk=OuterRef("household_id"))
    moved = (
        HouseholdRedLight.objects.filter(OPEN)
        .filter(lights)
        .exclude(village_id=Subquery(household.values("village_id")))
    )
    moved.update(
        village_id=Subquery(household.values("village_id")),
        county_id=Subquery(household.values("village__county_id")),
    )


# --- the three ways in -----------------------------------------------------------------


def refresh(household_ids: Iterable[int], *, now: dt.datetime | None = None) -> tuple[int, int]:
    """Re-evaluate every rule for these households (deleted ones lose their
    lights by cascade): (lights on, lights off)."""
    ids = sorted(set(household_ids))
    if not ids:
        return 0, 0
    now = now or timezone.now()
    ctx = Context.on(today())
    on = off = 0
    with transaction.atomic():
        _locked_state()
        if len(ids) <= FEW:
            _follow_moves(Q(household_id__in=ids))
            return _refresh_few(ids, ctx, now)
        if ids[-1] - ids[0] + 1 <= DENSE * len(ids):
            return _refresh_range(ids, ctx, now)
        villages = set()
        for start in range(0, len(ids), CHUNK * 4):
            chunk = ids[start : start + CHUNK * 4]
            villages |= set(
                Household.objects.filter(pk__in=chunk)
                .order_by()
                .values_list("village_id", flat=True)
                .distinct()
            )
        if len(ids) > BY_VILLAGE_ABOVE or (
            Household.objects.filter(village_id__in=villages).count() * BY_VILLAGE_SHARE <= len(ids)
        ):
            # A moved household's lights first follow it into the village scanned.
            for start in range(0, len(ids), CHUNK):
                _follow_moves(Q(household_id__in=ids[start : start + CHUNK]))
            return _apply_all(
                rules(),
                ctx,
                households=Q(village_id__in=villages),
                lights=Q(village_id__in=villages),
                now=now,
            )
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _follow_moves(Q(household_id__in=chunk))
            turned_on, turned_off = _apply_all(
                rules(), ctx, households=Q(pk__in=chunk), lights=Q(household_id__in=chunk), now=now
            )
            on, off = on + turned_on, off + turned_off
    return on, off


def _refresh_range(ids: list[int], ctx: Context, now: dt.datetime) -> tuple[int, int]:
    """Households with nearly consecutive ids (those an import created, or
    created together): every rule over the id range, read through the
    household and member indexes — other households in the range are
    refreshed too, harmlessly."""
    # (A foreign key has no __range lookup.)
    within = Q(household_id__gte=ids[0], household_id__lte=ids[-1])
    _follow_moves(within)
    with _index_friendly_plans():
        return _apply_all(
            rules(),
            ctx,
            households=Q(pk__range=(ids[0], ids[-1])),
            lights=within,
            members=within,
            now=now,
        )


@contextlib.contextmanager
def _index_friendly_plans():
    """On PostgreSQL, random page reads costed nearly as sequential ones (the
    registry is in memory). With fresh statistics an import's 110 000
    households are 17 % of the province's 590 000, and at the default cost
    (4.0) the planner scans all 1.9 M members per rule instead of reading the
    range's through the index: the refresh took 18–19 s instead of 13 s."""
    connection = connections[router.db_for_write(HouseholdRedLight)]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL random_page_cost = 1.1")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL random_page_cost TO DEFAULT")


def _refresh_few(ids: list[int], ctx: Context, now: dt.datetime) -> tuple[int, int]:
    """A page's or the admin's write (a few households): every rule that looks
    at the household alone evaluated in ONE query (a boolean column per rule),
    compared with the open lights in Python, then one INSERT and one UPDATE.
    Per rule an INSERT … SELECT and an UPDATE made a member edit ~120
    statements (1.9 s at the province's size on the shared machine). Rules
    spanning households (duplicates) go the set-based way, as they re-check
    other households' lights too."""
    alone = [rule for rule in rules() if not rule.spans_households]
    flags = {
        rule.alias: ExpressionWrapper(rule.household_q(ctx), output_field=BooleanField())
        for rule in alone
    }
    rows = (
        Household.objects.filter(pk__in=ids)
        .order_by()
        .values("pk", "village_id", "village__county_id", **flags)
    )
    failing, where = set(), {}
    for row in rows:
        where[row["pk"]] = (row["village__county_id"], row["village_id"])
        failing |= {(row["pk"], rule.code) for rule in alone if row[rule.alias]}
    codes = [rule.code for rule in alone]
    lit = set(
        HouseholdRedLight.objects.filter(OPEN, household_id__in=ids, rule__in=codes).values_list(
            "household_id", "rule"
        )
    )
    HouseholdRedLight.objects.bulk_create(
        HouseholdRedLight(
            household_id=household,
            county_id=where[household][0],
            village_id=where[household][1],
            rule=code,
            since=now,
        )
        for household, code in sorted(failing - lit)
    )
    gone = lit - failing
    off = 0
    if gone:
        pairs = reduce(operator.or_, (Q(household_id=h, rule=code) for h, code in gone))
        off = (
            HouseholdRedLight.objects.filter(OPEN)
            .filter(pairs)
            .update(cleared_at=now, cleared_by=_clearing_change())
        )
    spanning = [rule for rule in rules() if rule.spans_households]
    turned_on, turned_off = _apply_all(
        spanning, ctx, households=Q(pk__in=ids), lights=Q(household_id__in=ids), now=now
    )
    return len(failing - lit) + turned_on, off + turned_off


def rebuild(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """The full scan: every rule over the whole registry, the table brought in
    line (lights still on keep their "since"; stray ones are cleared)."""
    now = now or timezone.now()
    with transaction.atomic():
        state = _locked_state()
        result = _apply_all(rules(), Context.on(today()), households=Q(), lights=Q(), now=now)
        state.as_of, state.rebuilt_at = today(), now
        state.save()
    return result


def refresh_dated(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """The nightly task: age- and date-dependent rules over the whole registry, for today."""
    now = now or timezone.now()
    with transaction.atomic():
        state = _locked_state()
        result = _apply_all(dated_rules(), Context.on(today()), households=Q(), lights=Q(), now=now)
        state.as_of = today()
        state.save()
    return result


def maintained_as_of() -> dt.date | None:
    """The day the age-dependent lights were last evaluated for the whole registry."""
    return RedLightState.objects.filter(key=STATE_KEY).values_list("as_of", flat=True).first()


# --- on commit ---------------------------------------------------------------------------

_pending = threading.local()


def on_households_changed(sender, household_ids: frozenset[int], **kwargs) -> None:
    """Collect the ids; refresh them once, after the writing transaction commits.

    Every signal registers a flush, and the first flush after a commit takes
    all ids collected so far; ids of a rolled-back transaction are refreshed
    by the next flush (harmless: a refresh of an unchanged household changes
    nothing)."""
    alias = router.db_for_write(HouseholdRedLight)
    pending = _pending.__dict__.setdefault(alias, set())
    pending |= household_ids
    transaction.on_commit(lambda: _flush(alias), using=alias)


def _flush(alias: str) -> None:
    ids = _pending.__dict__.pop(alias, set())
    if ids:
        refresh(ids)
