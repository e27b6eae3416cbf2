"""Background work (django-tasks; the database backend's ``db_worker`` runs it)."""

from django_tasks import task


@task()
def run_fund_import(job_id: int) -> None:
    from .jobs import run_job

    run_job(job_id=job_id)
