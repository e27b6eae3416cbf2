import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from apps.regions.models import Level, Region
from tests import seed000
from tests.factories import CountyFactory, TownFactory, VillageFactory


def test_ancestor_keys_include_self_and_every_ancestor(db):
    village = VillageFactory()
    town, county = village.parent, village.parent.parent
    city = county.parent
    assert (village.city_id, village.county_id, village.town_id) == (city.pk, county.pk, town.pk)
    assert (town.county_id, town.town_id) == (county.pk, town.pk)
    assert (county.city_id, county.county_id, county.town_id) == (city.pk, county.pk, None)


def test_moving_a_town_moves_its_villages_to_the_new_county(db):
    village = VillageFactory()
    town = village.parent
    other_county = CountyFactory(parent=town.parent.parent)
    town.parent = other_county
    town.save()
    village.refresh_from_db()
    assert village.county_id == other_county.pk
    assert list(Region.objects.covered_by(other_county)) == [other_county, town, village]


def test_full_name_joins_county_town_and_village_with_short_names(db):
    county = CountyFactory(name="湛江经济技术开发区", short_name="开发区")
    village = VillageFactory(name="调文村", parent=TownFactory(name="东山街道", parent=county))
    assert village.full_name == "开发区东山街道调文村"
    assert county.full_name == "开发区"


def test_two_regions_of_one_name_under_one_parent_are_refused(db):
    town = TownFactory()
    VillageFactory(name="重名村", parent=town)
    with pytest.raises(IntegrityError):
        VillageFactory(name="重名村", parent=town)


def test_parent_must_be_one_level_up(db):
    village = Region(name="错层村", level=Level.VILLAGE, parent=CountyFactory())
    with pytest.raises(ValidationError) as caught:
        village.full_clean()
    assert "parent" in caught.value.message_dict


def test_code_must_have_twelve_digits(db):
    county = CountyFactory.build(code="4408")
    with pytest.raises(ValidationError) as caught:
        county.full_clean(exclude=["parent"])
    assert "code" in caught.value.message_dict


def test_demo_tree_has_seed_000s_regions(demo):
    counts = {level: Region.objects.filter(level=level).count() for level in Level.values}
    assert counts == {"city": 1, "county": 10, "town": 29, "village": 58}
    poor_in_annex_3 = sum(row.poor for row in seed000.annex_3())
    assert poor_in_annex_3 == 31
    assert Region.objects.filter(level=Level.VILLAGE, is_poor_village=True).count() == 31


def test_load_demo_twice_changes_nothing(demo):
    from apps.demo.zhanjiang import load_demo

    assert load_demo() == {"regions": 0, "users": 0, "campaigns": 0}
    assert Region.objects.count() == 98
