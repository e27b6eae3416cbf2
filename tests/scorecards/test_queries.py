"""Ranked pages issue a constant number of queries whatever the row count."""

import pytest
from django.urls import reverse

from apps.inspections.services import create_campaign
from apps.regions.models import Level, Region
from apps.scorecards.models import Scorecard
from apps.scorecards.services import create_scheme, refresh_draft_ranking
from tests.factories import bulk_villages


def village_campaign(count: int):
    county = Region.objects.get(level=Level.COUNTY, name="吴川市")
    town = Region.objects.get(name="兰石镇")
    villages = bulk_villages(town, count, prefix=f"批{count}_")
    campaign = create_campaign(
        slug=f"big-{count}", title="大", kind="verification", year=2021, counties=[county]
    )
    scheme = create_scheme(
        campaign=campaign, level=Level.VILLAGE, title="村级", indicators=[("总分", 100)]
    )
    Scorecard.objects.bulk_create(
        Scorecard(scheme=scheme, region=v, published_total=50 + (i % 50))
        for i, v in enumerate(villages)
    )
    refresh_draft_ranking(scheme=scheme)
    return campaign, town.county_id


@pytest.mark.parametrize("params", [{}, {"sort": "-total"}, {"rating": "一般"}, {"county": None}])
def test_village_page_queries_do_not_grow(login, django_assert_max_num_queries, params):
    client = login("city")
    counts = []
    for size in (50, 5000):
        campaign, county_id = village_campaign(size)
        query = {**params, "county": county_id} if "county" in params else params
        url = reverse("scorecards:ranked_table", args=[campaign.slug, "village"])
        with django_assert_max_num_queries(20) as captured:
            response = client.get(url, query)
        assert response.status_code == 200
        shown = len(response.context["table"].page.object_list)
        assert shown == (30 if size == 50 and "rating" in query else 50)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_dashboard_queries_do_not_grow(login, django_assert_max_num_queries, demo):
    client = login("leader")
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("dashboard"))
    village_campaign(3000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("scorecards:dashboard", args=["big-3000"]))


def test_county_filter_choices_do_not_add_queries(login, django_assert_max_num_queries):
    from tests.factories import CountyFactory

    client = login("leader")
    url = reverse("scorecards:ranked_table", args=["zhanjiang-2020", "village"])
    with django_assert_max_num_queries(20) as before:
        client.get(url)
    city = Region.objects.get(level=Level.CITY)
    CountyFactory.create_batch(40, parent=city)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert len(response.context["filter"].form.fields["county"].queryset) == 50


def test_dashboard_comparison_costs_two_queries(login, django_assert_max_num_queries, demo):
    """The previous campaign's county totals: one ranking query and one row query,
    however many counties either campaign ranks."""
    import datetime
    from decimal import Decimal

    from apps.accounts.models import User
    from apps.scorecards.services import publish_ranking, record_published_result

    client = login("leader")
    with django_assert_max_num_queries(20) as plain:
        client.get(reverse("dashboard"))
    counties = list(Region.objects.filter(level=Level.COUNTY))
    campaign = create_campaign(
        slug="check-2021", title="2021年核查", kind="verification", year=2021, counties=counties
    )
    scheme = create_scheme(campaign=campaign, level=Level.COUNTY, title="县级")
    for i, county in enumerate(counties):
        record_published_result(scheme=scheme, region=county, total=Decimal(60 + i), refresh=False)
    publish_ranking(
        user=User.objects.get(username="city"),
        scheme=scheme,
        published_on=datetime.date(2022, 1, 1),
    )
    with django_assert_max_num_queries(len(plain.captured_queries) + 2):
        response = client.get(reverse("dashboard"))
    chart = response.context["chart"]
    assert len(chart) == len(counties) and all(row["previous"] is not None for row in chart)


def test_drill_down_queries_do_not_grow(login, django_assert_max_num_queries, demo):
    """The village chart and the comparison read in a fixed number of queries."""
    client = login("leader")
    town = Region.objects.get(name="兰石镇")
    counts = []
    for size in (50, 3000):
        campaign, _county = village_campaign(size)
        with django_assert_max_num_queries(25) as captured:
            response = client.get(reverse("scorecards:drill", args=[campaign.slug, town.pk]))
        assert len(response.context["chart"]) == size
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
