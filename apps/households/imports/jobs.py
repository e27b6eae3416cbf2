"""The household import as a background job: queue, lease, confirm, resubmit.

A running job holds a lease (``HouseholdImport.lease_until``) that its
progress reporter renews. A worker killed mid-import stops renewing it, and
its transaction dies with its connection, so nothing was written; the sweep
(run when an import page is viewed and before each job) marks such a job
failed with ``INTERRUPTED``, and the same stored file can be resubmitted.
A job never runs past ``HOUSEHOLD_IMPORT_TIME_BUDGET`` seconds: the reporter
ends it between batches, and on PostgreSQL the server ends a statement (or an
idle transaction) that would outlast it, so a stalled import cannot hold
the queue for the imports behind it.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction
from django.utils import timezone

from apps.accounts.access import can_decide_import

from ..models import RUNNING, HouseholdImport, ImportStatus
from .results import ImportRejected, Problem
from .stored import BlanksToConfirm

INTERRUPTED = "导入中断，数据库未作改动，请重新提交"


class ImportInterrupted(Exception):
    """The job is no longer this worker's (the sweep took it for dead)."""


class ImportTimedOut(Exception):
    pass


class NotInThatState(Exception):
    """Confirm, cancel or resubmit asked of a job in another state."""


def _lease_seconds() -> int:
    return settings.HOUSEHOLD_IMPORT_LEASE


def _budget_seconds() -> int:
    # 0 in the settings means no budget: a day stands in for "none" (and fits
    # PostgreSQL's statement_timeout, an int of milliseconds).
    return settings.HOUSEHOLD_IMPORT_TIME_BUDGET or 24 * 3600


# --- queueing -------------------------------------------------------------------------


def start_import(*, upload: UploadedFile, user) -> HouseholdImport:
    """Store the upload and queue its import; the page polls the job."""
    job = HouseholdImport.objects.create(
        file=upload, original_name=upload.name[:200], uploaded_by=user
    )
    _enqueue_on_commit(job.pk)
    return job


def _enqueue_on_commit(job_id: int) -> None:
    # After commit, so a worker never looks for a job row it cannot see yet.
    transaction.on_commit(lambda: _enqueue(job_id))


def _enqueue(job_id: int) -> None:
    from .tasks import run_household_import

    result = run_household_import.enqueue(job_id)
    HouseholdImport.objects.filter(pk=job_id).update(task_id=str(result.id))


def _job_for_decision(job: HouseholdImport, user, status: str) -> HouseholdImport:
    if not can_decide_import(user, job):
        raise PermissionDenied
    locked = HouseholdImport.objects.select_for_update().get(pk=job.pk)
    if locked.status != status:
        raise NotInThatState(locked.get_status_display())
    return locked


@transaction.atomic
def confirm_import(*, job: HouseholdImport, user) -> HouseholdImport:
    """Write after all: the job runs again (checking anew) and writes only if
    the file still blanks exactly the values the uploader saw."""
    locked = _job_for_decision(job, user, ImportStatus.AWAITING)
    locked.confirmed_blanks = locked.result.get("blanks", {})
    locked.status, locked.result, locked.rows_done, locked.task_id = ImportStatus.QUEUED, {}, 0, ""
    locked.save(update_fields=["confirmed_blanks", "status", "result", "rows_done", "task_id"])
    _enqueue_on_commit(locked.pk)
    return locked


@transaction.atomic
def cancel_import(*, job: HouseholdImport, user) -> HouseholdImport:
    locked = _job_for_decision(job, user, ImportStatus.AWAITING)
    locked.status, locked.finished_at = ImportStatus.CANCELLED, timezone.now()
    locked.save(update_fields=["status", "finished_at"])
    return locked


@transaction.atomic
def resubmit_import(*, job: HouseholdImport, user) -> HouseholdImport:
    """A new job for the same stored file and uploader (so the same scope)."""
    locked = _job_for_decision(job, user, ImportStatus.FAILED)
    again = HouseholdImport.objects.create(
        file=locked.file.name, original_name=locked.original_name, uploaded_by=locked.uploaded_by
    )
    _enqueue_on_commit(again.pk)
    return again


# --- dead workers -----------------------------------------------------------------------


def sweep_stalled_imports(*, now: dt.datetime | None = None) -> int:
    """Mark failed every running job whose lease ran out (its worker died),
    and its task row with it; returns how many. Nothing to do is one query."""
    from django.db.models import Q

    now = now or timezone.now()
    expired = Q(status__in=RUNNING) & (Q(lease_until__lt=now) | Q(lease_until__isnull=True))
    try:
        stalled = list(HouseholdImport.objects.filter(expired).values_list("pk", "task_id"))
        return sum(_mark_interrupted(pk, task_id, expired, now) for pk, task_id in stalled)
    except OperationalError:
        return 0  # SQLite: an import holds the write lock; the next look sweeps


@transaction.atomic
def _mark_interrupted(pk: int, task_id: str, expired, now: dt.datetime) -> int:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    marked = HouseholdImport.objects.filter(expired, pk=pk).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        problems=[Problem("", None, "", "", INTERRUPTED).__dict__],
        problem_count=1,
        result={},
    )
    if marked and task_id:
        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.ImportInterrupted",
            traceback=INTERRUPTED,
        )
    return marked


# --- running ------------------------------------------------------------------------------


def run_import_job(*, job_id: int) -> HouseholdImport:
    from . import import_households

    sweep_stalled_imports()
    job = HouseholdImport.objects.select_related("uploaded_by").get(pk=job_id)
    taken = HouseholdImport.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.CHECKING, lease_until=_lease_from_now(_lease_seconds())
    )
    if not taken:
        return job  # cancelled, or already run by another worker
    reporter = _ProgressReporter(job.pk)
    confirmed = job.confirmed_blanks
    try:
        result = import_households(
            path=job.file.path,
            user=job.uploaded_by,
            display_name=job.original_name,
            progress=reporter,
            confirm_blanks=(lambda counts: counts == confirmed) if confirmed else None,
        )
    except ImportRejected as rejected:
        _finish(
            job,
            ImportStatus.REJECTED,
            problems=rejected.problems,
            more=rejected.more,
            result={"notices": rejected.notices},
            rows=rejected.rows,
        )
    except BlanksToConfirm as blanks:
        _finish(job, ImportStatus.AWAITING, result={"blanks": blanks.blanks})
    except ImportInterrupted:
        raise  # the sweep has marked the job; the task row records the failure too
    except ImportTimedOut:
        reason = f"导入超过时限（{_budget_seconds()}秒），数据库未作改动，请拆分文件后重新提交"
        _finish(job, ImportStatus.FAILED, problems=[Problem("", None, "", "", reason)])
    except Exception as error:  # the job must end visibly, whatever broke
        problem = Problem("", None, "", "", f"导入失败：{error}")
        _finish(job, ImportStatus.FAILED, problems=[problem])
        raise
    else:
        _finish(job, ImportStatus.DONE, result=result)
    finally:
        reporter.close()
    job.refresh_from_db()
    return job


def _lease_from_now(seconds: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


def _finish(
    job, status, *, problems: list[Problem] = (), more: int = 0, result=None, rows=None
) -> None:
    """Record the outcome, unless the sweep took the job meanwhile."""
    counted = {} if rows is None else {"rows_total": rows}  # a rejected file's rows
    HouseholdImport.objects.filter(pk=job.pk, status__in=RUNNING).update(
        **counted,
        status=status,
        finished_at=None if status == ImportStatus.AWAITING else timezone.now(),
        problems=[p.__dict__ for p in problems],
        problem_count=len(problems) + more,
        result=result or {},
        confirmed_blanks=None,
        lease_until=None,
    )


class _ProgressReporter:
    """Commits progress, and renews the job's lease, outside the import's
    transaction; ends the import when its time budget is spent.

    While checking there is no transaction, so the job row is updated
    directly. While writing, PostgreSQL gets the update through a second
    connection, and the write transaction's statements are limited to the
    budget left. SQLite allows one writer at a time: there the lease taken
    when writing starts covers the whole remaining budget, and progress
    resumes when the write commits.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None
        self.started = time.monotonic()
        self.limited = False
        # Called inside a caller's transaction (tests): the job row is written
        # through the main connection, and the side one cannot see it.
        self.depth = len(connection.atomic_blocks)

    def __call__(self, done: int, total: int) -> None:
        left = _budget_seconds() - (time.monotonic() - self.started)
        if left <= 0:
            raise ImportTimedOut
        # Checking reports up to the row count; writing reports beyond it.
        status = ImportStatus.WRITING if total and done >= total else ImportStatus.CHECKING
        if len(connection.atomic_blocks) <= self.depth:
            lease = _lease_seconds()
            if status == ImportStatus.WRITING and connection.vendor != "postgresql":
                lease = max(lease, left + lease)  # no renewal until the write commits
            self._renew(
                HouseholdImport.objects.filter(pk=self.job_id, status__in=RUNNING).update(
                    rows_done=done,
                    rows_total=total,
                    status=status,
                    lease_until=_lease_from_now(lease),
                )
            )
            return
        if connection.vendor != "postgresql":
            return
        self._limit_statements(left)
        updated = self._side_update(done, total, status)
        if not self.depth:
            self._renew(updated)

    def _renew(self, updated: int) -> None:
        if not updated:
            raise ImportInterrupted  # swept as dead: let the transaction roll back

    def _limit_statements(self, left: float) -> None:
        """No statement, nor a pause between them, outlasts the budget (once)."""
        if self.limited:
            return
        millis = max(1, int(left * 1000))
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {millis}")
            cursor.execute(f"SET LOCAL idle_in_transaction_session_timeout = {millis}")
        self.limited = True

    def _side_update(self, done: int, total: int, status: str) -> int:
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {HouseholdImport._meta.db_table} "
                "SET rows_done = %s, rows_total = %s, status = %s, lease_until = %s "
                "WHERE id = %s AND status = ANY(%s)",
                [
                    done,
                    total,
                    status,
                    _lease_from_now(_lease_seconds()),
                    self.job_id,
                    [str(s) for s in RUNNING],
                ],
            )
            return cursor.rowcount

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
