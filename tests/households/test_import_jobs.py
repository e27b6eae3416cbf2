"""Issue 15: the import job asks before emptying stored values, a job whose
worker died is marked failed and can be resubmitted, and no job outlives its
time budget."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files import File
from django.urls import reverse
from django.utils import timezone

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.households.imports import INTERRUPTED, import_households, sweep_stalled_imports
from apps.households.models import Household, HouseholdImport, ImportStatus
from tests.helpers.workbooks import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def stored_job(path, uploader="wuchuan", **fields) -> HouseholdImport:
    with path.open("rb") as handle:
        return HouseholdImport.objects.create(
            file=File(handle, name=path.name),
            original_name=path.name,
            uploaded_by=User.objects.get(username=uploader),
            **fields,
        )


@pytest.fixture
def blanking_job(demo, household_file):
    """H0001 stored with an income; a queued job whose file empties it."""
    import_households(path=household_file([member_row("H0001")], "a.xlsx"), user=SYSTEM)
    return stored_job(household_file([member_row("H0001", 家庭年人均纯收入=None)], "b.xlsx"))


def income() -> object:
    return Household.objects.get(number="H0001").per_capita_income


def test_a_file_that_empties_values_waits_for_the_uploaders_confirmation(
    blanking_job, login, immediate_tasks, django_capture_on_commit_callbacks
):
    from apps.households.imports import run_import_job

    job = run_import_job(job_id=blanking_job.pk)
    assert job.status == ImportStatus.AWAITING and job.result == {"blanks": {"家庭年人均纯收入": 1}}
    assert income() == 12000
    url = reverse("households:import_detail", args=[job.pk])
    page = login("wuchuan").get(url).content.decode()
    assert "待确认" in page and "家庭年人均纯收入" in page and "确认清空并导入" in page
    # Another county's staff cannot even see it; GET does nothing.
    assert (
        login("leizhou").post(reverse("households:import_confirm", args=[job.pk])).status_code
        == 404
    )
    client = login("wuchuan")
    assert client.get(reverse("households:import_confirm", args=[job.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households:import_confirm", args=[job.pk]))
    assert response.url == url
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and income() is None


def test_cancelling_asks_first_and_writes_nothing(blanking_job, login):
    """Issue 17: cancelling sets the checked file aside for good, so GET (and a
    POST without the confirm field) asks, naming the file; the confirming POST
    cancels."""
    from apps.households.imports import run_import_job

    run_import_job(job_id=blanking_job.pk)
    client = login("wuchuan")
    url = reverse("households:import_cancel", args=[blanking_job.pk])
    detail = client.get(reverse("households:import_detail", args=[blanking_job.pk]))
    assert f'href="{url}"' in detail.content.decode()  # 取消导入 leads to the question
    for question in (client.get(url), client.post(url)):
        page = question.content.decode()
        assert question.status_code == 200 and "确定取消这次导入？" in page
        assert f"“{blanking_job.original_name}”" in page and "重新上传" in page
        blanking_job.refresh_from_db()
        assert blanking_job.status == ImportStatus.AWAITING  # asking changed nothing
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    blanking_job.refresh_from_db()
    assert blanking_job.status == ImportStatus.CANCELLED and income() == 12000
    page = client.get(reverse("households:import_detail", args=[blanking_job.pk]))
    assert "导入已取消" in page.content.decode()
    # Once cancelled there is nothing left to ask about.
    again = client.get(url)
    assert again.status_code == 302 and again.url == reverse(
        "households:import_detail", args=[blanking_job.pk]
    )


def test_only_the_uploader_and_the_city_office_are_asked_to_cancel(blanking_job, login):
    from apps.households.imports import run_import_job

    run_import_job(job_id=blanking_job.pk)
    url = reverse("households:import_cancel", args=[blanking_job.pk])
    assert login("leizhou").get(url).status_code == 404
    assert login("leizhou").post(url, {"confirm": "yes"}).status_code == 404
    assert login("city").get(url).status_code == 200
    blanking_job.refresh_from_db()
    assert blanking_job.status == ImportStatus.AWAITING


def test_confirming_asks_again_when_the_count_changed(blanking_job):
    from apps.households.imports import run_import_job

    run_import_job(job_id=blanking_job.pk)
    # What was confirmed is not what the file would now empty (the data changed).
    HouseholdImport.objects.filter(pk=blanking_job.pk).update(
        status=ImportStatus.QUEUED, confirmed_blanks={"家庭年人均纯收入": 2}
    )
    job = run_import_job(job_id=blanking_job.pk)
    assert job.status == ImportStatus.AWAITING and income() == 12000


def dead_worker_job(path, **fields) -> HouseholdImport:
    """A job left at 写入中 65 % by a killed worker, its task row RUNNING."""
    from django_tasks_db.models import DBTaskResult

    from apps.households.imports.tasks import run_household_import

    job = stored_job(path, status=ImportStatus.WRITING, rows_total=10, rows_done=13, **fields)
    result = run_household_import.using(backend="default").enqueue(job.pk)
    DBTaskResult.objects.filter(id=result.id).update(status="RUNNING", worker_ids=["dead"])
    HouseholdImport.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return job


def test_a_job_whose_worker_died_is_failed_and_can_be_resubmitted(
    demo, household_file, login, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    path = household_file([member_row("K0001")], "k.xlsx")
    expired = timezone.now() - dt.timedelta(seconds=1)
    job = dead_worker_job(path, lease_until=expired)
    alive = dead_worker_job(path, lease_until=timezone.now() + dt.timedelta(minutes=1))
    client = login("wuchuan")
    url = reverse("households:import_detail", args=[job.pk])
    page = client.get(url).content.decode()  # viewing the page sweeps
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.problems[0]["reason"] == INTERRUPTED
    assert INTERRUPTED in page and "重新提交同一文件" in page
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    alive.refresh_from_db()
    assert alive.status == ImportStatus.WRITING  # its lease still runs
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households:import_resubmit", args=[job.pk]))
    again = HouseholdImport.objects.exclude(pk__in=[job.pk, alive.pk]).get()
    assert response.url == reverse("households:import_detail", args=[again.pk])
    again.refresh_from_db()
    assert again.status == ImportStatus.DONE and again.file.name == job.file.name
    assert Household.objects.filter(number="K0001").exists()


def test_sweeping_with_nothing_stalled_changes_nothing(demo, household_file):
    job = stored_job(household_file([member_row()]), status=ImportStatus.DONE)
    assert sweep_stalled_imports() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


def test_a_job_past_its_time_budget_fails_and_writes_nothing(
    demo, household_file, settings, monkeypatch
):
    from apps.households.imports import jobs, run_import_job

    settings.HOUSEHOLD_IMPORT_TIME_BUDGET = 60
    clock = iter(range(0, 10**6, 100))  # every look at the clock: 100 s later
    monkeypatch.setattr(jobs, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    job = stored_job(household_file([member_row("T0001")]))
    job = run_import_job(job_id=job.pk)
    assert job.status == ImportStatus.FAILED
    assert "导入超过时限" in job.problems[0]["reason"]
    assert not Household.objects.filter(number="T0001").exists()


def test_only_a_failed_job_can_be_resubmitted(demo, household_file, login):
    job = stored_job(household_file([member_row()]), status=ImportStatus.REJECTED)
    client = login("wuchuan")
    response = client.post(reverse("households:import_resubmit", args=[job.pk]), follow=True)
    assert "不能进行此操作" in response.content.decode()
    assert HouseholdImport.objects.count() == 1


def test_a_time_budget_of_zero_means_none(demo, household_file, settings, monkeypatch):
    from apps.households.imports import jobs, run_import_job

    settings.HOUSEHOLD_IMPORT_TIME_BUDGET = 0
    clock = iter(range(0, 10**9, 3600))  # an hour passes at every look
    monkeypatch.setattr(jobs, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    job = run_import_job(job_id=stored_job(household_file([member_row("T0002")])).pk)
    assert job.status == ImportStatus.DONE
    assert Household.objects.filter(number="T0002").exists()
