"""Two cities in one installation (the demo: 湛江市, and 江门市 for seed 001): each
city's office and leadership see their own city, never the other's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.accounts.access import region_scope
from apps.accounts.models import User
from apps.demo.jiangmen import load_jiangmen_regions
from apps.demo.zhanjiang import DEMO_USERS, create_demo_user
from apps.regions.models import Level, Region

JIANGMEN_COUNTIES = ("蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市")


@pytest.fixture
def two_cities(demo):
    load_jiangmen_regions()
    create_demo_user(next(d for d in DEMO_USERS if d.username == "jiangmen"))


@pytest.mark.parametrize("username", ["city", "leader"])
@pytest.mark.parametrize("page", ["reports:redlights", "reports:indicators", "reports:gaps"])
def test_zhanjiangs_office_starts_at_its_city_and_lists_none_of_jiangmens(
    two_cities, login, username, page
):
    html = login(username).get(reverse(page)).content.decode()
    assert "湛江市" in html
    assert "江门市" not in html
    assert not [name for name in JIANGMEN_COUNTIES if name in html]


def test_a_region_of_the_other_city_answers_404(two_cities, login):
    penjiang = Region.objects.get(level=Level.COUNTY, name="蓬江区")
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    assert (
        login("city").get(reverse("reports:redlights"), {"region": penjiang.pk}).status_code == 404
    )
    assert (
        login("jiangmen").get(reverse("reports:redlights"), {"region": wuchuan.pk}).status_code
        == 404
    )
    assert (
        login("jiangmen").get(reverse("reports:redlights"), {"region": penjiang.pk}).status_code
        == 200
    )


def test_a_city_office_granted_no_city_sees_the_whole_installation(two_cities):
    """An installation serving one city need not grant its office the city."""
    unplaced = User.objects.create(username="single-city", role="city_office")
    scope = region_scope(unplaced)
    assert scope.unrestricted and scope.city_wide
    granted = region_scope(User.objects.get(username="city"))
    assert not granted.unrestricted and granted.city_wide
    assert granted.covers(Region.objects.get(level=Level.COUNTY, name="吴川市"))
    assert not granted.covers(Region.objects.get(level=Level.COUNTY, name="蓬江区"))


def _jiangmen_campaign(slug: str = "jiangmen-scope", title: str = "江门市范围测试督查"):
    """A campaign of Jiangmen's alone (蓬江区)."""
    import datetime as dt

    from apps.inspections.models import CampaignKind
    from apps.inspections.services import create_campaign

    return create_campaign(
        slug=slug,
        title=title,
        kind=CampaignKind.SUPERVISION,
        year=2017,
        organiser="江门市扶贫办",
        start_date=dt.date(2017, 11, 1),
        end_date=dt.date(2017, 11, 30),
        counties=[Region.objects.get(level=Level.COUNTY, name="蓬江区")],
    )


def test_the_dashboard_lists_only_the_citys_campaigns(two_cities, login):
    _jiangmen_campaign(slug="jiangmen-test", title="江门市测试督查")
    assert "江门市测试督查" not in login("city").get(reverse("dashboard")).content.decode()
    assert "江门市测试督查" in login("jiangmen").get(reverse("dashboard")).content.decode()


def test_a_task_naming_no_region_is_seen_by_its_campaigns_city_only(two_cities):
    import datetime as dt

    from apps.accounts.access import SYSTEM, scope_tasks
    from apps.accounts.models import Department
    from apps.inspections.models import Task
    from apps.inspections.task_services import do_create_task

    department = Department.objects.order_by("pk").first()
    jiangmens = do_create_task(
        user=SYSTEM,
        title="江门市无地区督办事项",
        lead_department=department,
        issued_on=dt.date(2017, 12, 3),
        campaign=_jiangmen_campaign(),
    )
    nobodys = do_create_task(
        user=SYSTEM, title="无活动无地区督办事项", lead_department=department, issued_on=None
    )

    def visible(username: str) -> set[int]:
        user = User.objects.get(username=username)
        return set(scope_tasks(Task.objects.all(), user).values_list("pk", flat=True))

    assert jiangmens.pk in visible("jiangmen") and jiangmens.pk not in visible("city")
    assert jiangmens.pk not in visible("leader")
    # A task tied to neither a campaign nor a region says nothing of its city.
    assert nobodys.pk in visible("city") and nobodys.pk in visible("jiangmen")


def test_a_teams_results_are_for_the_office_of_the_campaigns_city(two_cities):
    from apps.accounts.access import can_see_team_results
    from apps.inspections.services import create_team

    team = create_team(campaign=_jiangmen_campaign(), name="第一组")
    assert can_see_team_results(User.objects.get(username="jiangmen"), team)
    assert not can_see_team_results(User.objects.get(username="city"), team)
    assert not can_see_team_results(User.objects.get(username="leader"), team)
