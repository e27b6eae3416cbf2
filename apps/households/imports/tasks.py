"""Background work (django-tasks; the database backend's ``db_worker`` runs it)."""

from django_tasks import task


@task()
def run_household_import(job_id: int) -> None:
    from .jobs import run_import_job

    run_import_job(job_id=job_id)
