"""Writing a checked file: households, then members, in one transaction.

Re-importing updates by 户编号 + 证件号码 and never duplicates; members
missing from a re-imported file are kept, and so are the stored values of
columns the file does not have (and of empty cells that keep, see
``columns.Column.blank_clears``). ``stored.check_against_stored`` has refused
rows outside the actor's scope, household moves and unconfirmed blanking
before anything here runs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone

from apps.audit.models import Action
from apps.audit.services import BulkChange, record_bulk
from apps.core.bulk import (
    allocate_ids,
    copies_in_background,
    foreign_keys_checked_as_written,
    insert_rows,
)
from apps.locks.guard import RecordsLocked
from apps.regions.models import Region

from ..columns import COLUMNS, KEEPS_WHEN_EMPTY
from ..locking import refuse_locked_villages
from ..models import AssistingUnit, Household, Member
from ..signals import send_households_changed
from .history import HOUSEHOLD_DB, MEMBER_DB, _created_changes, _display_diff, _member_repr
from .history import NAMES as _NAMES
from .results import (
    HOUSEHOLD_FIELDS,
    KEEP,
    MEMBER_FIELDS,
    ImportRejected,
    ParsedFile,
    Problem,
    absent_value,
)
from .stored import check_against_stored, confirm_blanks_or_stop, count_blank

CHUNK = 5000
Progress = Callable[[int, int], None]

_HOUSEHOLD_DB = HOUSEHOLD_DB
_MEMBER_DB = MEMBER_DB


# Always compared on re-import: the key, and what the ID number decides.
_ALWAYS_COMPARED = {"village_id", "household_id", "id_number", "sex", "birth_date"}
_BY_FIELD = {c.field: c for c in COLUMNS}


@transaction.atomic
def write_parsed(
    parsed: ParsedFile,
    *,
    actor,
    progress: Progress,
    confirm_blanks: Callable[[dict[str, int]], bool] | None = None,
) -> dict[str, int]:
    """Check the file against what is stored (``actor``'s scope, no moves,
    blanking confirmed), then write in chunks of a few thousand records, so
    memory stays flat whatever the file's size; the one transaction still
    makes it all or nothing."""
    total = parsed.rows
    progress(total, total)  # the job's lease, and its time budget, as the write begins
    # COPY bypasses save(): the returns' lock is checked for the file's villages here.
    try:
        refuse_locked_villages({h.village_id for h in parsed.households.values()})
    except RecordsLocked as locked:
        raise ImportRejected([Problem("", None, "行政村", "", locked.messages[0])]) from None
    blanks = check_against_stored(parsed, actor=actor, chunk=CHUNK)
    counts = {
        "rows": total,
        "households_created": 0,
        "households_updated": 0,
        "members_created": 0,
        "members_updated": 0,
    }
    unit_ids = _ensure_units(
        {h.values[HOUSEHOLD_FIELDS.index("assisting_unit")] for h in parsed.households.values()}
    )
    names = {
        "village_id": _village_names({h.village_id for h in parsed.households.values()}),
        "assisting_unit_id": {pk: name for name, pk in unit_ids.items()},
    }
    token = _NAMES.set(names)
    try:
        with copies_in_background(), foreign_keys_checked_as_written():
            household_ids, created, touched = _write_households(parsed, unit_ids, counts, progress)
            parsed.households.clear()  # what is written need not stay in memory
            progress(total + total // 4, total)
            touched |= _write_members(
                parsed, household_ids, counts, progress, created_households=created, blanks=blanks
            )
    finally:
        _NAMES.reset(token)
    confirm_blanks_or_stop(blanks, confirm_blanks)
    # The households the file created or changed (their row or a member's): a
    # household the file left as it was keeps its red lights and counts. One
    # whose lights depend on a changed one's (duplicate ID numbers) is
    # re-checked by the refresh itself, as for an edit. The refresh of every
    # household of a province's file cost 10 s at 48 000 households.
    send_households_changed(sender=Household, household_ids=touched)
    progress(2 * total, total)
    counts["unchanged"] = total - counts["members_created"] - counts["members_updated"]
    return counts


def _village_names(pks: set[int]) -> dict[int, str]:
    villages = Region.objects.filter(pk__in=pks).select_related("county", "town")
    return {village.pk: village.full_name for village in villages}


def _ensure_units(names: set[str]) -> dict[str, int]:
    names.discard("")
    existing = dict(AssistingUnit.objects.filter(name__in=names).values_list("name", "pk"))
    missing = [AssistingUnit(name=n) for n in sorted(names - set(existing))]
    AssistingUnit.objects.bulk_create(missing)
    return dict(AssistingUnit.objects.filter(name__in=names).values_list("name", "pk"))


def _chunks(items: list, size: int | None = None) -> Iterable[list]:
    size = size or CHUNK
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _household_row(parsed_household, unit_ids: dict[str, int]) -> tuple:
    values = list(parsed_household.values)
    unit = HOUSEHOLD_FIELDS.index("assisting_unit")
    values[unit] = unit_ids.get(values[unit])
    return (parsed_household.village_id, *values)


def _compared(fields: tuple[str, ...], present: frozenset[str]) -> tuple[int, ...]:
    """Positions of the fields a re-import may change: those the file has."""
    return tuple(
        i
        for i, f in enumerate(fields)
        if f in _ALWAYS_COMPARED or f.removesuffix("_id") in present or f in present
    )


def _changes(fields: tuple[str, ...], old: tuple, new: tuple, compared: tuple[int, ...]) -> dict:
    return {
        fields[i]: (old[i], new[i]) for i in compared if new[i] is not KEEP and old[i] != new[i]
    }


def _defaults_for_keep(fields: tuple[str, ...]) -> tuple[tuple[int, object], ...]:
    """(position, default) of the fields whose empty cells keep (KEEP)."""
    return tuple(
        (i, absent_value(_BY_FIELD[f])) for i, f in enumerate(fields) if f in KEEPS_WHEN_EMPTY
    )


def _new_record(row: tuple, defaults: tuple[tuple[int, object], ...]) -> tuple:
    """A new record's values: a KEEP cell has nothing to keep, so the default."""
    for i, default in defaults:  # usually one field, so a plain loop
        if row[i] is KEEP:
            row = (*row[:i], default, *row[i + 1 :])
    return row


def _write_households(
    parsed: ParsedFile, unit_ids: dict[str, int], counts: dict, progress: Progress
) -> tuple[dict[str, int], set[int], set[int]]:
    """Insert new households, update changed ones; returns number → pk, the
    pks of the households created and those of the households created or changed."""
    fields = ("village_id", *_HOUSEHOLD_DB)
    compared = _compared(fields, parsed.present)
    defaults = _defaults_for_keep(fields)
    ids: dict[str, int] = {}
    created: set[int] = set()
    touched: set[int] = set()
    now = timezone.now()
    for numbers in _chunks(list(parsed.households)):
        existing = {
            row[2]: row
            for row in Household.objects.filter(number__in=numbers).values_list(
                "pk", "version", "number", *fields
            )
        }
        new_rows, changed, history = [], [], []
        for number in numbers:
            row = _household_row(parsed.households[number], unit_ids)
            old = existing.get(number)
            if old is None:
                new_rows.append((number, *_new_record(row, defaults), 1, now, now))
            elif diff := _changes(fields, old[3:], row, compared):
                changed.append((old[0], old[1] + 1, diff))
                history.append(
                    BulkChange(old[0], number, Action.UPDATE, _display_diff(diff), old[1] + 1)
                )
        chunk_ids = {number: row[0] for number, row in existing.items()}
        new_ids = allocate_ids(Household, len(new_rows))
        if new_ids is not None:
            # PostgreSQL: ids taken from the sequence up front, so no query back.
            insert_rows(
                Household,
                ("id", "number", *fields, "version", "created_at", "updated_at"),
                ((pk, *row) for pk, row in zip(new_ids, new_rows, strict=True)),
            )
            chunk_ids.update((row[0], pk) for pk, row in zip(new_ids, new_rows, strict=True))
        else:
            insert_rows(
                Household, ("number", *fields, "version", "created_at", "updated_at"), new_rows
            )
            chunk_ids = dict(
                Household.objects.filter(number__in=numbers).values_list("number", "pk")
            )
        history += [
            BulkChange(chunk_ids[r[0]], r[0], Action.CREATE, changes, 1)
            for r, changes in zip(
                new_rows, _created_changes(fields, [r[1:-3] for r in new_rows]), strict=True
            )
        ]
        _update_changed(Household, changed, now)
        record_bulk(Household, history)
        ids.update(chunk_ids)
        created.update(chunk_ids[r[0]] for r in new_rows)
        touched.update(pk for pk, _version, _diff in changed)
        counts["households_created"] += len(new_rows)
        counts["households_updated"] += len(changed)
        total = parsed.rows
        progress(total + (total // 4) * len(ids) // max(1, len(parsed.households)), total)
    return ids, created, created | touched


def _update_changed(model, changed: list[tuple[int, int, dict]], now: dt.datetime) -> None:
    """Write changed rows, grouped by the set of fields that changed."""
    groups: dict[tuple[str, ...], list] = {}
    for pk, version, diff in changed:
        groups.setdefault(tuple(sorted(diff)), []).append((pk, version, diff))
    for fields, rows in groups.items():
        objects = []
        for pk, version, diff in rows:
            obj = model(pk=pk, version=version, updated_at=now)
            for f in fields:
                setattr(obj, f, diff[f][1])
            objects.append(obj)
        model.objects.bulk_update(objects, [*fields, "version", "updated_at"], batch_size=1000)


def _write_members(
    parsed: ParsedFile,
    household_ids: dict[str, int],
    counts: dict,
    progress,
    *,
    created_households: set[int] = frozenset(),
    blanks: Counter[str],
) -> set[int]:
    """Insert new members, update changed ones; returns the pks of the
    households with a member created or changed."""
    fields = ("household_id", *_MEMBER_DB)
    compared = _compared(fields, parsed.present)
    defaults = _defaults_for_keep(fields)
    id_index = 1 + MEMBER_FIELDS.index("id_number")
    total = parsed.rows
    now = timezone.now()
    done = 0
    touched: set[int] = set()
    # Every member of a household this import created is new: their ids are
    # taken from the sequence in one query, not one per chunk.
    fresh_ids = iter(
        allocate_ids(
            Member,
            sum(
                1
                for number, _v, _r in parsed.members
                if household_ids[number] in created_households
            ),
        )
        or ()
    )
    for chunk in _chunks(parsed.members):
        rows = [(household_ids[number], *values) for number, values, _row in chunk]
        households = {row[0] for row in rows}
        # Households this import created have no members yet: no need to ask.
        earlier = households - created_households
        existing = (
            {
                (row[2], row[2 + id_index]): row
                for row in Member.objects.filter(household_id__in=earlier).values_list(
                    "pk", "version", *fields
                )
            }
            if earlier
            else {}
        )
        new_rows, changed, history = [], [], []
        for row in rows:
            old = existing.get((row[0], row[id_index]))
            if old is None:
                new_rows.append((*_new_record(row, defaults), 1, now, now))
            elif diff := _changes(fields, old[2:], row, compared):
                count_blank(blanks, diff)
                changed.append((old[0], old[1] + 1, diff))
                touched.add(row[0])
                history.append(
                    BulkChange(
                        old[0], _member_repr(row), Action.UPDATE, _display_diff(diff), old[1] + 1
                    )
                )
        ids = _member_ids(new_rows, created_households, fresh_ids)
        if ids is not None:
            # PostgreSQL: ids from the sequence, so no query back.
            insert_rows(
                Member,
                ("id", *fields, "version", "created_at", "updated_at"),
                ((pk, *row) for pk, row in zip(ids, new_rows, strict=True)),
            )
        else:
            insert_rows(Member, (*fields, "version", "created_at", "updated_at"), new_rows)
        if new_rows and ids is None:
            pks = {
                (household_id, id_number): pk
                for pk, household_id, id_number in Member.objects.filter(
                    household_id__in=households
                ).values_list("pk", "household_id", "id_number")
            }
            ids = [pks[(r[0], r[id_index])] for r in new_rows]
        if new_rows:
            history += [
                BulkChange(pk, _member_repr(r), Action.CREATE, changes, 1)
                for pk, r, changes in zip(
                    ids,
                    new_rows,
                    _created_changes(fields, [r[:-3] for r in new_rows]),
                    strict=True,
                )
            ]
        _update_changed(Member, changed, now)
        record_bulk(Member, history)
        counts["members_created"] += len(new_rows)
        counts["members_updated"] += len(changed)
        touched.update(r[0] for r in new_rows)
        done += len(chunk)
        progress(total + total // 4 + (3 * done) // 4, total)
    return touched


def _member_ids(new_rows: list, created_households: set[int], fresh_ids) -> list[int] | None:
    """Ids for the chunk's new members (PostgreSQL; None elsewhere): members of
    created households take the next pre-allocated ids, others new ones."""
    if connection.vendor != "postgresql":
        return None
    joining = [r for r in new_rows if r[0] not in created_households]
    extra = iter(allocate_ids(Member, len(joining)) or ())
    return [next(fresh_ids) if r[0] in created_households else next(extra) for r in new_rows]
