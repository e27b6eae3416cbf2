"""The resolver reads every name form seed 000 writes, and never guesses."""

import pytest
from django.utils import translation

from apps.regions.models import Level, Region, RegionAlias
from apps.regions.resolver import AmbiguousRegion, RegionNotFound, RegionResolver
from tests import seed000
from tests.factories import TownFactory, VillageFactory


@pytest.fixture
def resolver(demo):
    return RegionResolver()


def test_every_county_of_annex_1_resolves_to_a_county(resolver):
    rows = seed000.annex_1()
    assert len(rows) == 10
    ids = {resolver.resolve_id(row.name, level=Level.COUNTY) for row in rows}
    assert len(ids) == 10


def test_every_town_of_annex_2_resolves_to_a_town_of_the_named_county(resolver):
    rows = seed000.annex_2()
    assert len(rows) == 29
    towns = [resolver.resolve(row.name, level=Level.TOWN) for row in rows]
    assert len({t.pk for t in towns}) == 29
    assert [t.full_name for t in towns] == [row.name for row in rows]


def test_every_village_of_annex_3_resolves_with_its_poor_flag(resolver):
    rows = seed000.annex_3()
    assert len(rows) == 58
    villages = [resolver.resolve(row.name, level=Level.VILLAGE) for row in rows]
    assert len({v.pk for v in villages}) == 58
    assert [v.is_poor_village for v in villages] == [row.poor for row in rows]
    # Only row 52 writes its town differently from annex 2 (城北镇 for 城北乡).
    differing = [
        (r.position, v.full_name)
        for r, v in zip(rows, villages, strict=True)
        if v.full_name != r.name
    ]
    assert differing == [(52, "徐闻县城北乡桃园村")]


@pytest.mark.parametrize("name", ["经开区", "开发区", "湛江经济技术开发区", "湛江经开区"])
def test_development_zone_names_are_one_county(resolver, name):
    region = resolver.resolve(name)
    assert region.level == Level.COUNTY
    assert region.name == "湛江经济技术开发区"


def test_towns_written_with_either_zone_name_are_the_same_town(resolver):
    assert resolver.resolve_id("开发区东山街道") == resolver.resolve_id("经开区东山街道")


def test_city_prefix_and_spaces_are_accepted(resolver):
    village = resolver.resolve("湛江市 吴川市 兰石镇 名利村")
    assert village.full_name == "吴川市兰石镇名利村"


def test_misspelt_town_without_alias_is_an_error_with_a_suggestion(demo):
    RegionAlias.objects.filter(name="城北镇").delete()
    towns_before = Region.objects.filter(level=Level.TOWN).count()
    with translation.override("zh-hans"), pytest.raises(RegionNotFound) as caught:
        RegionResolver().resolve("徐闻县城北镇桃园村", level=Level.VILLAGE)
    message = str(caught.value)
    assert "徐闻县" in message and "城北镇桃园村" in message
    assert caught.value.suggestions[0] == "徐闻县城北乡桃园村"
    assert "是否指：徐闻县城北乡桃园村" in message
    assert Region.objects.filter(level=Level.TOWN).count() == towns_before


def test_recorded_alias_maps_the_misspelling_to_the_existing_town(resolver):
    town = resolver.resolve("徐闻县城北镇", level=Level.TOWN)
    assert town.name == "城北乡"
    assert Region.objects.filter(level=Level.TOWN, county=town.county).count() == 4


def test_unknown_name_names_what_was_not_found(resolver):
    with translation.override("zh-hans"), pytest.raises(RegionNotFound) as caught:
        resolver.resolve("吴川市兰石镇不存在村")
    assert "在“吴川市兰石镇”下找不到“不存在村”" in str(caught.value)


def test_wrong_level_is_an_error(resolver):
    with pytest.raises(RegionNotFound):
        resolver.resolve("吴川市兰石镇", level=Level.VILLAGE)


def test_a_name_two_regions_share_is_ambiguous(db):
    VillageFactory(name="同名村", parent=TownFactory(name="甲镇"))
    VillageFactory(name="同名村", parent=TownFactory(name="乙镇"))
    resolver = RegionResolver()
    with pytest.raises(AmbiguousRegion) as caught:
        resolver.resolve("同名村")
    assert "甲镇同名村" in str(caught.value) and "乙镇同名村" in str(caught.value)
    assert resolver.resolve("甲镇同名村").parent.name == "甲镇"


def test_resolve_region_command_prints_the_region(demo, capsys):
    from django.core.management import call_command

    call_command("resolve_region", "开发区东山街道调文村")
    out = capsys.readouterr().out
    assert "开发区东山街道调文村" in out and "行政村" in out
