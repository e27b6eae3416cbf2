"""Every report, export and import needs an actor: forgetting it is an error,
never the whole city; commands say SYSTEM explicitly and still see everything."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.access import SYSTEM, region_scope
from apps.accounts.models import User
from apps.bulletins.models import Bulletin
from apps.bulletins.services import draft_bulletin_from_campaign
from apps.households.imports import import_households
from apps.households.models import Household
from apps.households.services import update_record
from apps.inspections.models import Campaign, SampleDraw
from apps.inspections.services import draw_sample
from apps.plans.models import Plan
from apps.plans.selectors import matrix
from apps.regions.models import Level, Region
from apps.reports import gaps, indicators
from apps.reports.redlights import Context, pivot, rule_counts
from apps.scorecards.models import Ranking, RankingRow
from apps.scorecards.selectors import ranking_rows
from apps.timetables.models import Timetable
from apps.timetables.selectors import progress
from tests.factories import HouseholdFactory
from tests.helpers.workbooks import two_households, write_rows

AS_OF = dt.date(2020, 12, 31)


def _city() -> Region:
    return Region.objects.get(level=Level.CITY)


def _sample(**actor):
    campaign = Campaign.objects.first()
    return draw_sample(
        campaign=campaign, towns_per_county=1, villages_per_town=1, seed="a", **actor
    )


def _import(tmp_path, **actor):

    return import_households(path=write_rows(tmp_path / "h.xlsx", two_households()), **actor)


# Each entry point, given ``a`` as its only word on who asks: nothing, or
# user=None (positionally where the user comes first). The .xlsx exports are
# built from these selectors' rows, which are the ones that take the actor.
ENTRY_POINTS = {
    "indicator report": lambda tmp, **a: indicators.for_region(
        *a.values(), region=_city(), as_of=AS_OF
    ),
    "red lights pivot": lambda tmp, **a: pivot(*a.values(), region=_city(), ctx=Context.on(AS_OF)),
    "red lights counts": lambda tmp, **a: rule_counts(*a.values(), _city(), Context.on(AS_OF)),
    "gaps report": lambda tmp, **a: gaps.report(*a.values(), region=_city(), as_of=AS_OF),
    "ranking export rows": lambda tmp, **a: list(ranking_rows(Ranking.objects.first(), **a)),
    "matrix export": lambda tmp, **a: matrix(*a.values(), plan=Plan.objects.first(), as_of=AS_OF),
    "timetable export": lambda tmp, **a: progress(Timetable.objects.first(), as_of=AS_OF, **a),
    "bulletin drafting": lambda tmp, **a: draft_bulletin_from_campaign(
        campaign=Campaign.objects.first(), **a
    ),
    "sample drawing": lambda tmp, **a: _sample(**a),
    "household import": lambda tmp, **a: _import(tmp, **a),
}


CASES = [
    pytest.param(
        entry,
        actor,
        id=f"{entry}-{'None' if actor else 'omitted'}",
    )
    for entry in ENTRY_POINTS
    for actor in ({}, {"user": None})
]


@pytest.mark.parametrize(("entry", "actor"), CASES)
def test_entry_point_without_an_actor_is_an_error(demo, tmp_path, entry, actor):
    households, drafts = Household.objects.count(), Bulletin.objects.count()
    samples = SampleDraw.objects.count()
    with pytest.raises((TypeError, PermissionDenied)):
        ENTRY_POINTS[entry](tmp_path, **actor)
    # nothing written on the way to the error
    assert Household.objects.count() == households
    assert Bulletin.objects.count() == drafts
    assert SampleDraw.objects.count() == samples


def test_system_sees_the_whole_city_like_the_city_office(demo):
    city_office = User.objects.get(username="city")
    assert region_scope(SYSTEM).unrestricted
    ranking = Ranking.objects.first()
    assert (
        ranking_rows(ranking, user=SYSTEM).count()
        == RankingRow.objects.filter(ranking=ranking).count()
    )
    by_system = indicators.for_region(SYSTEM, _city(), as_of=AS_OF)
    assert by_system.values == indicators.for_region(city_office, _city(), as_of=AS_OF).values
    county_staff = User.objects.get(username="wuchuan")
    with pytest.raises(PermissionDenied):
        _sample(user=county_staff)
    sample = _sample(user=SYSTEM)
    assert sample.drawn_by is None and sample.regions.exists()


def test_a_command_import_shows_as_the_system_in_history(login, tmp_path):

    call_command(
        "import_households",
        str(write_rows(tmp_path / "h.xlsx", two_households())),
        stdout=io.StringIO(),
    )
    household = Household.objects.order_by("-pk").first()
    page = login("city").get(reverse("households:detail", args=[household.pk]))
    assert "系统（命令行）" in page.content.decode()


def test_update_record_refuses_with_permission_denied(demo):
    household = HouseholdFactory()
    inspector = User.objects.get(username="inspector")
    with pytest.raises(PermissionDenied):
        update_record(
            record=household, user=inspector, data={"main_cause": "缺技术"}, expected_version=None
        )
