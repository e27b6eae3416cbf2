"""Issue 15, point 5, for real: a `db_worker` killed (SIGKILL) in the middle of an
import's write leaves nothing written; the job is then marked failed with
导入中断… and the import queued behind it completes under a new worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connections

from apps.accounts.models import User
from apps.households.imports import INTERRUPTED
from apps.households.models import Household, HouseholdImport, ImportStatus
from tests.helpers.workbooks import member_row

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
LEASE = 2  # seconds, for the workers started here


def worker(*extra: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ} | {
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "HOUSEHOLD_IMPORT_LEASE": str(LEASE),
        "DEBUG": "1",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.Popen(
        [*command, "--interval", "0.1", *extra],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def queued_job(path) -> HouseholdImport:
    from apps.households.imports import jobs

    with path.open("rb") as handle:
        job = HouseholdImport.objects.create(
            file=File(handle, name=path.name),
            original_name=path.name,
            uploaded_by=User.objects.get(username="city"),
        )
    jobs._enqueue(job.pk)
    return job


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_killed_worker_leaves_nothing_and_the_next_import_runs(demo, household_file, on_postgres):
    first = queued_job(
        household_file([member_row(f"KILL{n:03d}", order=101 + 2 * n) for n in range(20)], "1.xlsx")
    )
    second = queued_job(household_file([member_row("NEXT001", order=11)], "2.xlsx"))
    # Members cannot be inserted while this lock is held: the first import
    # stops after writing its households, inside its open transaction.
    blocker = connections.create_connection(DEFAULT_DB_ALIAS)
    blocker.set_autocommit(False)
    with blocker.cursor() as cursor:
        cursor.execute("LOCK TABLE households_member IN SHARE MODE")
    process = worker()
    try:

        def writing_members() -> bool:
            job = HouseholdImport.objects.get(pk=first.pk)
            return job.status == ImportStatus.WRITING and job.rows_done >= 25

        wait_for(writing_members)
        time.sleep(0.5)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        blocker.rollback()
        blocker.close()
    stuck = HouseholdImport.objects.get(pk=first.pk)
    assert stuck.status == ImportStatus.WRITING  # what the issue saw: stuck, 写入中
    wait_for(lambda: not Household.objects.filter(number__startswith="KILL").exists(), 10)
    time.sleep(LEASE + 0.5)  # the dead worker's lease runs out
    process = worker("--batch")
    try:
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, process.stderr.read().decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ImportStatus.FAILED and first.problems[0]["reason"] == INTERRUPTED
    assert second.status == ImportStatus.DONE
    assert Household.objects.filter(number="NEXT001").exists()
    assert not Household.objects.filter(number__startswith="KILL").exists()
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=first.task_id).status == "FAILED"
