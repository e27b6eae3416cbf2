"""A project's stages move forward one at a time with a date each; only the
city office steps one back. Regions and households must fit the project."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.access import SYSTEM
from apps.audit.locking import StaleEdit
from apps.funds.models import Stage
from apps.funds.services import (
    do_advance_project,
    do_create_project,
    do_step_project_back,
    do_update_project,
)
from tests.factories import HouseholdFactory, ProjectFactory, project_kind

pytestmark = pytest.mark.django_db


def test_stages_move_forward_with_their_dates(wuchuan_village, user):
    county_staff = user("wuchuan")
    project = ProjectFactory(region=wuchuan_village, approved_on=dt.date(2019, 4, 1))
    with pytest.raises(ValidationError):  # 实施 cannot come before 立项
        do_advance_project(actor=county_staff, project=project, on=dt.date(2019, 3, 31))
    for day in (dt.date(2019, 5, 1), dt.date(2019, 9, 1), dt.date(2019, 10, 1)):
        project = do_advance_project(actor=county_staff, project=project, on=day)
    assert project.stage == Stage.COMPLETED
    assert (project.started_on, project.accepted_on, project.completed_on) == (
        dt.date(2019, 5, 1),
        dt.date(2019, 9, 1),
        dt.date(2019, 10, 1),
    )
    with pytest.raises(ValidationError):
        do_advance_project(actor=county_staff, project=project, on=dt.date(2019, 10, 2))


def test_a_future_stage_date_is_refused(wuchuan_village):
    project = ProjectFactory(region=wuchuan_village)
    with pytest.raises(ValidationError):
        do_advance_project(actor=SYSTEM, project=project, on=dt.date.today() + dt.timedelta(1))
    project.refresh_from_db()
    assert project.stage == Stage.APPROVED and project.started_on is None


def test_only_the_city_office_steps_a_project_back(wuchuan_village, user):
    project = ProjectFactory(region=wuchuan_village)
    project = do_advance_project(actor=SYSTEM, project=project, on=dt.date(2019, 5, 1))
    with pytest.raises(PermissionDenied):
        do_step_project_back(actor=user("wuchuan"), project=project, reason="误点")
    project = do_step_project_back(actor=user("city"), project=project, reason="实施日期录错")
    assert (project.stage, project.started_on) == (Stage.APPROVED, None)
    assert "实施日期录错" in project.note


def test_a_stale_project_edit_is_refused(wuchuan_village, user):
    project = ProjectFactory(region=wuchuan_village)
    do_advance_project(actor=SYSTEM, project=project, on=dt.date(2019, 5, 1))
    with pytest.raises(StaleEdit):
        do_update_project(
            actor=user("wuchuan"),
            project=project,
            expected_version=1,
            changes={"tender_reference": "WC-2019-001"},
        )


def test_a_project_lies_in_a_town_or_village_with_its_households(wuchuan_village, leizhou_village):
    common = {
        "actor": SYSTEM,
        "kind": project_kind(),
        "name": "光伏电站",
        "year": 2019,
        "approved_on": dt.date(2019, 4, 1),
    }
    with pytest.raises(ValidationError):
        do_create_project(region=wuchuan_village.county, **common)
    with pytest.raises(ValidationError):
        do_create_project(
            region=wuchuan_village,
            households=[HouseholdFactory(village=leizhou_village)],
            **common,
        )
    ours = HouseholdFactory(village=wuchuan_village)
    project = do_create_project(region=wuchuan_village.town, households=[ours], **common)
    assert list(project.households.all()) == [ours]
    with pytest.raises(ValidationError):  # the natural key: region, year, name
        do_create_project(region=wuchuan_village.town, **common)
