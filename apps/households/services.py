"""Writes to the household registry: imports and edits.

An import is all or nothing: ``check_file`` has already refused a file with
any bad row, and everything is then written inside one transaction, so a
failure halfway leaves the database as it was. Re-importing updates by
户编号 + 证件号码 and never duplicates; members missing from a re-imported
file are kept (nothing stored is lost by an import).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation

from apps.accounts.access import can_edit_households, region_scope
from apps.audit.context import acting_as
from apps.audit.locking import lock_current_version, next_version
from apps.audit.models import Action
from apps.audit.services import BulkChange, record_bulk
from apps.core.bulk import allocate_ids, copies_in_background, insert_rows
from apps.regions.models import Region

from .columns import COLUMNS
from .idnumbers import mask_id_number
from .importers import (
    HOUSEHOLD_FIELDS,
    MEMBER_FIELDS,
    ImportRejected,
    ParsedFile,
    Problem,
    check_file,
)
from .models import AssistingUnit, Household, HouseholdImport, ImportStatus, Member

CHUNK = 5000
Progress = Callable[[int, int], None]

# Household columns as stored: the unit's name becomes its id.
_HOUSEHOLD_DB = tuple("assisting_unit_id" if f == "assisting_unit" else f for f in HOUSEHOLD_FIELDS)
_MEMBER_DB = MEMBER_FIELDS


def import_households(
    *,
    path: Path,
    user,
    display_name: str = "",
    progress: Progress | None = None,
) -> dict[str, int]:
    """Check and write one national file; ImportRejected lists every problem.

    ``user`` may import only villages in their scope (None: the command line,
    the whole city). Returns counts of households and members created, updated
    and unchanged.
    """
    progress = progress or (lambda done, total: None)
    village_ids = None
    scope = region_scope(user) if user is not None else None
    if scope is not None and not scope.unrestricted:
        village_ids = set(
            Region.objects.filter(scope.q(), level="village").values_list("pk", flat=True)
        )
    parsed = check_file(
        path,
        display_name=display_name,
        may_import_village=(lambda pk: village_ids is None or pk in village_ids),
        progress=progress,
    )
    with acting_as(user), translation.override("zh-hans"):
        counts = write_parsed(parsed, progress=progress)
    return {**counts, "notices": parsed.notices}  # e.g. the hidden sheets ignored


@transaction.atomic
def write_parsed(parsed: ParsedFile, *, progress: Progress) -> dict[str, int]:
    """Write in chunks of a few thousand records, so memory stays flat whatever
    the file's size; the one transaction still makes it all or nothing."""
    total = parsed.rows
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
        with copies_in_background(), _foreign_keys_checked_as_written():
            household_ids, created = _write_households(parsed, unit_ids, counts)
            parsed.households.clear()  # what is written need not stay in memory
            progress(total + total // 4, total)
            _write_members(parsed, household_ids, counts, progress, created_households=created)
    finally:
        _NAMES.reset(token)
    progress(2 * total, total)
    counts["unchanged"] = total - counts["members_created"] - counts["members_updated"]
    return counts


@contextmanager
def _foreign_keys_checked_as_written() -> Iterator[None]:
    """Django's foreign keys are checked at commit (DEFERRABLE INITIALLY
    DEFERRED): for a city's file that is seconds of checks after the last row,
    while nothing else runs. Checked at the end of each COPY instead, the server
    does them while Python prepares the next batch. Rows are written parents
    first, so no check needs the deferral."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default, for the rest


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


def _changes(fields: tuple[str, ...], old: tuple, new: tuple) -> dict:
    return {f: (o, n) for f, o, n in zip(fields, old, new, strict=True) if o != n}


def _write_households(
    parsed: ParsedFile, unit_ids: dict[str, int], counts: dict
) -> tuple[dict[str, int], set[int]]:
    """Insert new households, update changed ones; returns number → pk and
    the pks of the households created."""
    fields = ("village_id", *_HOUSEHOLD_DB)
    ids: dict[str, int] = {}
    created: set[int] = set()
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
                new_rows.append((number, *row, 1, now, now))
            elif diff := _changes(fields, old[3:], row):
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
        counts["households_created"] += len(new_rows)
        counts["households_updated"] += len(changed)
    return ids, created


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
) -> None:
    fields = ("household_id", *_MEMBER_DB)
    id_index = 1 + MEMBER_FIELDS.index("id_number")
    total = parsed.rows
    now = timezone.now()
    done = 0
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
                new_rows.append((*row, 1, now, now))
            elif diff := _changes(fields, old[2:], row):
                changed.append((old[0], old[1] + 1, diff))
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
        done += len(chunk)
        progress(total + total // 4 + (3 * done) // 4, total)


def _member_ids(new_rows: list, created_households: set[int], fresh_ids) -> list[int] | None:
    """Ids for the chunk's new members (PostgreSQL; None elsewhere): members of
    created households take the next pre-allocated ids, others new ones."""
    if connection.vendor != "postgresql":
        return None
    joining = [r for r in new_rows if r[0] not in created_households]
    extra = iter(allocate_ids(Member, len(joining)) or ())
    return [next(fresh_ids) if r[0] in created_households else next(extra) for r in new_rows]


def _member_repr(row: tuple) -> str:
    id_index = 1 + MEMBER_FIELDS.index("id_number")
    return f"{row[1]}（{mask_id_number(row[id_index])}）"


# --- history values as people read them -----------------------------------------

_LABELS: dict[str, dict[str, str]] = {}
# Names of the related records an import refers to, for its history rows.
# (A context variable: two imports in two threads of one worker each see their own.)
_NAMES: ContextVar[Mapping[str, dict[int, str]]] = ContextVar(
    "import_names", default=MappingProxyType({})
)


def _labels(field: str) -> dict[str, str]:
    if field not in _LABELS:
        model_field = (
            Household._meta.get_field(field)
            if field in HOUSEHOLD_FIELDS or field == "village_id"
            else Member._meta.get_field(field)
        )
        _LABELS[field] = {str(k): str(v) for k, v in model_field.flatchoices}
    return _LABELS[field]


_CHOICE_FIELDS = {c.field for c in COLUMNS if c.kind == "choice"}
_PLAIN_TEXT = {c.field for c in COLUMNS if c.kind == "text"} - {"id_number", "assisting_unit"}


@functools.lru_cache(maxsize=20_000)
def _display_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _display(field: str, value) -> str | None:
    if value is None:
        return None
    if type(value) is str and field in _PLAIN_TEXT:
        return value  # the common case, first
    if field == "id_number":
        return mask_id_number(value)
    names = _NAMES.get()
    if field in names:
        return names[field].get(value, str(value))
    if field in _CHOICE_FIELDS:
        return _labels(field).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return _display_date(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _created_changes(fields: tuple[str, ...], rows: list[tuple]) -> list[dict]:
    """Created records' history — every field that holds something, stored as
    plain values (see audit.Change.pairs) — for a chunk at once: each column
    is mapped to its displayed form by a C-level ``map`` (a lookup table where
    one exists), which matters at 330 000 rows."""
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    shown, names = [], []
    for field, column in zip(fields, columns, strict=True):
        if field == "household_id":
            continue
        names.append(_FIELD_NAMES[field])
        shown.append(_display_column(field, column))
    return [
        {name: value for name, value in zip(names, values, strict=True) if value}
        for values in zip(*shown, strict=True)
    ]


_BOOL_SHOWN = {True: "是", False: "否"}


def _display_column(field: str, column: tuple) -> Iterable:
    if field in _PLAIN_TEXT:
        return column
    names = _NAMES.get()
    if field in names:
        return map(names[field].get, column)
    if field in _CHOICE_FIELDS:
        labels = _labels(field)
        return map(labels.get, column, column)
    return map(_display_value, column, itertools.repeat(field))


def _display_value(value, field: str) -> str | None:
    return _BOOL_SHOWN[value] if type(value) is bool else _display(field, value)


def _display_diff(diff: dict) -> dict:
    return {_field_name(f): [_display(f, old), _display(f, new)] for f, (old, new) in diff.items()}


def _field_name(attname: str) -> str:
    return attname[:-3] if attname.endswith("_id") else attname


_FIELD_NAMES = {
    f: _field_name(f) for f in ("village_id", "household_id", *_HOUSEHOLD_DB, *_MEMBER_DB)
}


# --- the background job ---------------------------------------------------------------


def start_import(*, upload: UploadedFile, user) -> HouseholdImport:
    """Store the upload and queue its import; the page polls the job."""
    from .tasks import run_household_import

    job = HouseholdImport.objects.create(
        file=upload, original_name=upload.name[:200], uploaded_by=user
    )
    # Enqueue after commit so a worker never looks for a job row it cannot see yet.
    transaction.on_commit(lambda: _enqueue(job.pk, run_household_import))
    return job


def _enqueue(job_id: int, task) -> None:
    result = task.enqueue(job_id)
    HouseholdImport.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


def run_import_job(*, job_id: int) -> HouseholdImport:
    job = HouseholdImport.objects.select_related("uploaded_by").get(pk=job_id)
    HouseholdImport.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING)
    reporter = _ProgressReporter(job.pk)
    try:
        result = import_households(
            path=Path(job.file.path),
            user=job.uploaded_by,
            display_name=job.original_name,
            progress=reporter,
        )
    except ImportRejected as rejected:
        _finish(
            job,
            ImportStatus.REJECTED,
            problems=rejected.problems,
            more=rejected.more,
            result={"notices": rejected.notices},
        )
    except Exception as error:  # the job must end visibly, whatever broke
        _finish(
            job, ImportStatus.FAILED, problems=[Problem("", None, "", "", f"导入失败：{error}")]
        )
        raise
    else:
        _finish(job, ImportStatus.DONE, result=result)
    finally:
        reporter.close()
    job.refresh_from_db()
    return job


def _finish(job, status, *, problems: list[Problem] = (), more: int = 0, result=None) -> None:
    HouseholdImport.objects.filter(pk=job.pk).update(
        status=status,
        finished_at=timezone.now(),
        problems=[p.__dict__ for p in problems],
        problem_count=len(problems) + more,
        result=result or {},
    )


class _ProgressReporter:
    """Commits progress outside the import's transaction.

    While checking there is no transaction, so the job row is updated
    directly. While writing, PostgreSQL gets the update through a second
    connection; SQLite allows one writer at a time, so there progress
    resumes when the write commits.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None

    def __call__(self, done: int, total: int) -> None:
        # Checking reports up to the row count; writing reports beyond it.
        status = ImportStatus.WRITING if total and done >= total else ImportStatus.CHECKING
        if not connection.in_atomic_block:
            HouseholdImport.objects.filter(pk=self.job_id).update(
                rows_done=done, rows_total=total, status=status
            )
            return
        if connection.vendor != "postgresql":
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {HouseholdImport._meta.db_table} "
                "SET rows_done = %s, rows_total = %s, status = %s WHERE id = %s",
                [done, total, status, self.job_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


# --- edits -------------------------------------------------------------------------------


def update_record(*, record, user, data: dict, expected_version: int | None):
    """Save an edit of a household or member; StaleEdit when someone saved first."""
    region = record.village if isinstance(record, Household) else record.household.village
    if not can_edit_households(user, region):
        raise PermissionError
    with transaction.atomic(), acting_as(user):
        current = lock_current_version(type(record), record.pk, expected_version)
        for name, value in data.items():
            setattr(current, name, value)
        next_version(current)
        current.save()
    return current
