"""One mechanism hides other counties' rows: querysets, the admin and detail views."""

import pytest
from django.urls import reverse

from apps.accounts import access
from apps.accounts.access import RegionScope, scope_queryset
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.regions.models import Level, Region, RegionAlias
from tests.factories import UserFactory


def test_queryset_of_county_staff_holds_only_their_subtree(demo, county):
    wuchuan = User.objects.get(username="wuchuan")
    regions = scope_queryset(Region.objects.all(), wuchuan)
    assert regions.count() == 1 + 4 + 8
    assert not regions.filter(county=county("雷州市")).exists()
    assert set(regions.values_list("county_id", flat=True)) == {county("吴川市").pk}


def test_queryset_through_a_relation_uses_the_same_scope(demo, county):
    leizhou = User.objects.get(username="leizhou")
    RegionAlias.objects.create(region=county("吴川市"), name="吴川")
    RegionAlias.objects.create(region=Region.objects.get(name="客路镇"), name="客路")
    aliases = scope_queryset(RegionAlias.objects.all(), leizhou, region_field="region")
    assert list(aliases.values_list("name", flat=True)) == ["客路"]


@pytest.mark.parametrize("username", ["city", "leader"])
def test_city_wide_roles_see_every_region(demo, username):
    user = User.objects.get(username=username)
    assert scope_queryset(Region.objects.all(), user).count() == 98


def test_town_grant_covers_only_that_towns_villages(demo):
    town = Region.objects.get(name="兰石镇")
    user = UserFactory(role=Role.COUNTY_STAFF, regions=[town])
    names = set(scope_queryset(Region.objects.all(), user).values_list("name", flat=True))
    assert names == {"兰石镇", "兰石村", "名利村"}


def test_scope_providers_extend_the_scope(demo, county):
    """Later apps (campaign teams) grant regions through a provider."""
    inspector = UserFactory(role=Role.INSPECTOR, username="no-team")
    assert scope_queryset(Region.objects.all(), inspector).count() == 0

    def extra_regions(user):
        return [county("雷州市")] if user.username == "no-team" else []

    access.register_scope_provider(extra_regions)
    try:
        inspector = User.objects.get(username="no-team")
        assert scope_queryset(Region.objects.all(), inspector).count() == 1 + 6 + 12
    finally:
        access._scope_providers.remove(extra_regions)


def test_team_assignment_gives_inspectors_their_scope(demo):
    inspector = User.objects.get(username="inspector")  # demo 第一核查组: 吴川市, 廉江市
    counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), inspector)
    assert set(counties.values_list("name", flat=True)) == {"吴川市", "廉江市"}


def test_scope_covers_matches_the_query(demo):
    wuchuan = User.objects.get(username="wuchuan")
    scope = access.region_scope(wuchuan)
    in_scope = set(scope_queryset(Region.objects.all(), wuchuan).values_list("pk", flat=True))
    for region in Region.objects.all():
        assert scope.covers(region) == (region.pk in in_scope), region.full_name


def test_empty_scope_matches_nothing(demo):
    assert Region.objects.filter(RegionScope(unrestricted=False).q()).count() == 0


def test_admin_changelist_hides_other_counties(login):
    content = login("wuchuan").get(reverse("admin:regions_region_changelist") + "?all=").content
    text = content.decode()
    assert "吴川市兰石镇名利村" in text
    assert "雷州市" not in text and "客路镇" not in text


def test_admin_change_page_of_another_county_is_404(login):
    other = Region.objects.get(name="客路镇")
    client = login("wuchuan")
    assert client.get(reverse("admin:regions_region_change", args=[other.pk])).status_code == 404
    own = Region.objects.get(name="兰石镇")
    assert client.get(reverse("admin:regions_region_change", args=[own.pk])).status_code == 200


def test_county_staff_cannot_change_regions_in_admin(login):
    own = Region.objects.get(name="兰石镇")
    client = login("wuchuan")
    response = client.post(
        reverse("admin:regions_region_change", args=[own.pk]),
        {"name": "改名镇", "level": Level.TOWN, "parent": own.parent_id},
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.name == "兰石镇"


def test_city_office_region_admin_search_finds_aliases(login):
    response = login("city").get(reverse("admin:regions_region_changelist"), {"q": "经开区"})
    assert response.context["cl"].result_count == 1
    assert response.context["cl"].result_list[0].name == "湛江经济技术开发区"


def test_leadership_has_no_admin(login):
    response = login("leader").get(reverse("admin:index"))
    assert response.status_code == 302


def test_detail_view_of_another_county_is_404(login, county):
    response = login("leizhou").get(reverse("regions:detail", args=[county("吴川市").pk]))
    assert response.status_code == 404
