"""A funds import as a FundImport record: queued from the page and run by
the background worker (django-tasks), or run at once by the command."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.access import person

from ..models import FundImport, FundImportStatus
from . import ImportRejected, Problem, import_file


def start_import(*, kind: str, upload: UploadedFile, user) -> FundImport:
    """Store the upload and queue its import; the result page polls the job."""
    job = FundImport.objects.create(
        kind=kind, file=upload, original_name=upload.name[:200], uploaded_by=user
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_fund_import

    result = run_fund_import.enqueue(job_id)
    FundImport.objects.filter(pk=job_id).update(task_id=str(result.id))


def record_command_import(*, kind: str, path: Path, actor) -> FundImport:
    """The command's import: recorded like an upload, run at once."""
    with path.open("rb") as handle:
        job = FundImport.objects.create(
            kind=kind,
            file=File(handle, name=path.name),
            original_name=path.name[:200],
            uploaded_by=person(actor),
        )
    return run_job(job_id=job.pk, actor=actor)


def run_job(*, job_id: int, actor=None) -> FundImport:
    job = FundImport.objects.select_related("uploaded_by").get(pk=job_id)
    taken = FundImport.objects.filter(pk=job.pk, status=FundImportStatus.QUEUED).update(
        status=FundImportStatus.RUNNING
    )
    if not taken:
        return job
    actor = actor or job.uploaded_by
    try:
        result = import_file(kind=job.kind, path=Path(job.file.path), actor=actor)
    except ImportRejected as rejected:
        _finish(
            job,
            FundImportStatus.REJECTED,
            rows_total=rejected.rows or 0,
            problems=rejected.problems,
            more=rejected.more,
        )
    except Exception as error:  # the job must end visibly, whatever broke
        _finish(
            job, FundImportStatus.FAILED, problems=[Problem("", None, "", "", f"导入失败：{error}")]
        )
        raise
    else:
        _finish(
            job,
            FundImportStatus.DONE,
            rows_total=result.rows,
            rows_created=result.created,
            rows_updated=result.updated,
        )
    job.refresh_from_db()
    return job


def _finish(job, status, *, problems=(), more: int = 0, **counts) -> None:
    FundImport.objects.filter(pk=job.pk).update(
        status=status,
        finished_at=timezone.now(),
        problems=[p.__dict__ for p in problems],
        problem_count=len(problems) + more,
        **counts,
    )
