"""The region browser at /regions/ shows exactly the user's scope."""

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.regions.models import Level, Region
from tests.factories import TownFactory, UserFactory, VillageFactory


def names_on(response) -> set[str]:
    return {r.full_name for r in response.context["children"]}


def test_city_office_starts_at_the_city_and_sees_all_ten_counties(login, county):
    client = login("city")
    top = client.get(reverse("regions:browser"))
    assert names_on(top) == {"湛江市"}
    city = Region.objects.get(level=Level.CITY)
    page = client.get(reverse("regions:detail", args=[city.pk]))
    assert len(names_on(page)) == 10
    row = next(r for r in page.context["children"] if r.name == "吴川市")
    assert (row.town_count, row.village_count) == (4, 8)


def test_county_staff_see_their_county_its_towns_and_villages_only(login, county):
    client = login("wuchuan")
    top = client.get(reverse("regions:browser"))
    assert names_on(top) == {"吴川市"}
    towns = client.get(reverse("regions:detail", args=[county("吴川市").pk]))
    assert names_on(towns) == {"吴川市浅水镇", "吴川市覃巴镇", "吴川市兰石镇", "吴川市长岐镇"}
    lanshi = Region.objects.get(name="兰石镇")
    villages = client.get(reverse("regions:detail", args=[lanshi.pk]))
    assert names_on(villages) == {"吴川市兰石镇兰石村", "吴川市兰石镇名利村"}
    assert "雷州市" not in villages.content.decode()


@pytest.mark.parametrize("name", ["雷州市", "客路镇", "林排村", "湛江市"])
def test_county_staff_get_404_for_anything_outside_their_county(login, name):
    client = login("wuchuan")
    region = Region.objects.get(name=name)
    response = client.get(reverse("regions:detail", args=[region.pk]))
    assert response.status_code == 404


def test_leadership_reads_every_county(login, county):
    response = login("leader").get(reverse("regions:detail", args=[county("雷州市").pk]))
    assert response.status_code == 200
    assert len(names_on(response)) == 6


def test_inspector_sees_the_regions_of_their_team(login, county):
    client = login("inspector")  # 第一核查组 of the demo campaign: 吴川市 and 廉江市
    assert names_on(client.get(reverse("regions:browser"))) == {"吴川市", "廉江市"}
    assert client.get(reverse("regions:detail", args=[county("吴川市").pk])).status_code == 200
    assert client.get(reverse("regions:detail", args=[county("雷州市").pk])).status_code == 404


def test_inspector_without_a_team_sees_no_region(client, demo, county):
    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert names_on(client.get(reverse("regions:browser"))) == set()
    assert client.get(reverse("regions:detail", args=[county("吴川市").pk])).status_code == 404


def test_browser_page_is_in_chinese(login, county):
    content = login("wuchuan").get(reverse("regions:browser")).content.decode()
    for word in ("仪表盘", "地区", "农户", "核查", "评分", "通报", "乡镇数", "行政村数"):
        assert word in content


def test_browser_query_count_does_not_grow_with_villages(
    login, county, django_assert_max_num_queries
):
    client = login("city")
    wuchuan = county("吴川市")
    towns = list(Region.objects.filter(parent=wuchuan))
    url = reverse("regions:detail", args=[wuchuan.pk])
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for i in range(200):
        VillageFactory(parent=towns[i % 4], name=f"新村{i}")
    TownFactory.create_batch(20, parent=wuchuan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(names_on(response)) == 24
