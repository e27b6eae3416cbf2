"""Finding lists and ledgers issue a constant number of queries."""

import pytest
from django.urls import reverse

from apps.inspections.models import Finding, FindingCategory
from apps.regions.models import Region


def add_findings(campaign, count: int):
    villages = list(Region.objects.filter(level="village", county__name="吴川市"))
    categories = list(FindingCategory.objects.all())
    Finding.objects.bulk_create(
        Finding(
            campaign=campaign,
            region=villages[i % len(villages)],
            category=categories[i % len(categories)],
            source="verification",
            description=f"问题{i}",
        )
        for i in range(count)
    )


@pytest.mark.parametrize("url_name", ["inspections:finding_list", "inspections:ledger"])
def test_queries_do_not_grow_with_findings(
    login, campaign, django_assert_max_num_queries, url_name
):
    client = login("city")
    url = reverse(url_name)
    add_findings(campaign, 20)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    add_findings(campaign, 800)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_finding_list_export_queries_do_not_grow(login, campaign, django_assert_max_num_queries):
    client = login("city")
    url = reverse("inspections:finding_list")
    add_findings(campaign, 20)
    with django_assert_max_num_queries(30) as few:
        client.get(url, {"export": "xlsx"})
    add_findings(campaign, 800)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"export": "xlsx"})
