"""import_regions: Zhanjiang's official tree from the vendored division list,
laid over the seed tree the test database holds, and seed 000's names on it."""

import json
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import F

from apps.regions.division import DivisionError, DivisionSource
from apps.regions.importers import import_division
from apps.regions.models import Kind, Level, Region
from apps.regions.names import short_name_for
from apps.regions.resolver import AmbiguousRegion, RegionLookupError, RegionResolver
from apps.regions.services import create_region
from tests import seed000


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_regions", *args, stdout=out)
    return out.getvalue()


def zhanjiang_counts() -> dict[str, int]:
    city = Region.objects.get(level=Level.CITY, name="湛江市")
    return {
        level: Region.objects.filter(city=city, level=level).count()
        for level in (Level.COUNTY, Level.TOWN, Level.VILLAGE)
    }


@pytest.fixture
def official(demo):
    """The seed tree's regions by pk before the import, then the import."""
    before = {r.pk: r.full_name for r in Region.objects.all()}
    run_import("--city", "湛江市")
    return before


@pytest.mark.parametrize(
    ("official_name", "short"),
    [
        ("名利村委会", "名利村"),
        ("新坡村民委员会", "新坡村"),
        ("余村村民委员会", "余村村"),
        ("草潭社区居民委员会", "草潭社区"),
        ("多福巷社区居委会", "多福巷社区"),
        ("官渡居委会", "官渡社区"),
        ("北桥街道办事处", "北桥街道"),
        ("东山街道", ""),
        ("遂溪林场生活区", ""),
    ],
)
def test_short_names_drop_the_committee_and_office_suffixes(official_name, short):
    assert short_name_for(official_name) == short


def test_import_twice_counts_then_changes_nothing(demo):
    first = run_import("--city", "湛江市")
    # The seed's 98 regions are claimed (they get codes), the rest created.
    assert "行政村\t1934\t58\t0\t0" in first
    assert zhanjiang_counts() == {Level.COUNTY: 10, Level.TOWN: 125, Level.VILLAGE: 1992}
    second = run_import("--city", "4408")
    assert "无变化" in second
    assert "行政村\t0\t0\t1992\t0" in second
    assert zhanjiang_counts() == {Level.COUNTY: 10, Level.TOWN: 125, Level.VILLAGE: 1992}


def test_every_region_has_its_official_code_and_consistent_ancestors(official):
    city = Region.objects.get(level=Level.CITY, name="湛江市")
    below = Region.objects.filter(city=city)
    uncoded = list(below.filter(code="").values_list("name", "kind"))
    assert uncoded == [("湛江经济技术开发区", Kind.MANAGEMENT)]
    assert not below.filter(level=Level.VILLAGE).exclude(town_id=F("parent_id")).exists()
    assert not below.filter(level=Level.TOWN).exclude(county_id=F("parent_id")).exists()
    assert not below.filter(level=Level.VILLAGE).exclude(county_id=F("parent__county_id")).exists()


def test_the_development_zone_takes_over_its_towns_which_keep_their_codes(official):
    zone = Region.objects.get(level=Level.COUNTY, name="湛江经济技术开发区")
    towns = dict(zone.children.values_list("code", "name"))
    assert towns["440811070000"] == "东山街道"  # filed under 麻章区 by the list
    assert set(towns) == {
        "440811070000",
        "440811071000",
        "440811072000",
        "440811173000",
        "440803070000",
        "440803071000",
    }
    village = Region.objects.get(code="440811070209")
    assert (village.county, village.full_name) == (zone, "开发区东山街道调文村")
    assert "东山街道" not in Region.objects.get(name="麻章区").children.values_list(
        "name", flat=True
    )


def test_all_annex_names_of_seed_000_resolve_to_the_regions_records_point_to(official):
    resolver = RegionResolver()
    annexes = [
        (seed000.annex_1(), Level.COUNTY, 10),
        (seed000.annex_2(), Level.TOWN, 29),
        (seed000.annex_3(), Level.VILLAGE, 58),
    ]
    for rows, level, expected in annexes:
        ids = [resolver.resolve_id(row.name, level=level) for row in rows]
        assert len(set(ids)) == len(rows) == expected
        # The same rows as before the import: the campaign's results still point to them.
        assert all(pk in official for pk in ids)
        codes = Region.objects.filter(pk__in=ids).exclude(kind=Kind.MANAGEMENT)
        assert all(len(code) == 12 for code in codes.values_list("code", flat=True))
    villages = [resolver.resolve(row.name, level=Level.VILLAGE) for row in seed000.annex_3()]
    assert [v.is_poor_village for v in villages] == [row.poor for row in seed000.annex_3()]
    # The official list lacks four of the names as written: reviewed spellings.
    differing = {
        row.name: v.full_name
        for row, v in zip(seed000.annex_3(), villages, strict=True)
        if v.full_name != row.name
    }
    assert differing == {
        "坡头区官渡镇山嘴村": "坡头区官渡镇山咀村",
        "麻章区湖光镇赤坎村": "麻章区湖光镇赤忏村",
        "遂溪县草潭镇下六圩村": "遂溪县草潭镇下六村",
        "廉江市青平镇横垭埇村": "廉江市青平镇横桠埇村",
        "徐闻县城北镇桃园村": "徐闻县城北乡桃园村",
    }


def test_document_forms_resolve_and_ambiguous_names_list_the_candidates(official):
    resolver = RegionResolver()
    assert resolver.resolve("吴川市兰石镇名利村").name == "名利村委会"
    assert resolver.resolve("吴川市兰石镇名利村委会").code == "440883111207"
    for alias in ("经开区", "开发区", "湛江经济技术开发区"):
        assert resolver.resolve(alias, level=Level.COUNTY).kind == Kind.MANAGEMENT
    with pytest.raises(AmbiguousRegion) as refused:
        resolver.resolve("附城镇", level=Level.TOWN)
    assert "遂溪县附城镇" in str(refused.value) and "雷州市附城镇" in str(refused.value)


def test_a_region_gone_from_the_list_is_kept_inactive_and_still_resolves(official):
    town = Region.objects.get(code="440883111000")
    gone = create_region(name="旧村村委会", level=Level.VILLAGE, parent=town, code="440883111999")
    output = run_import("--city", "湛江市")
    assert "行政村\t0\t0\t1992\t1" in output
    gone.refresh_from_db()
    assert gone.is_active is False
    assert RegionResolver().resolve_id("吴川市兰石镇旧村村") == gone.pk
    # Not listed again: a third run deactivates nothing more.
    assert "行政村\t0\t0\t1992\t0" in run_import("--city", "湛江市")


def test_an_unknown_city_is_refused_in_chinese(demo):
    with pytest.raises(CommandError, match="没有名称或代码为“北极市”的地级市"):
        run_import("--city", "北极市")


def test_a_city_whose_villages_are_not_vendored_is_refused(demo):
    with pytest.raises(CommandError, match="未随项目提供"):
        run_import("--city", "长沙市")


def test_a_wrong_reviewed_spelling_is_refused_naming_file_and_entry(demo, tmp_path):
    reviewed = tmp_path / "regions"
    shutil.copytree(settings.BASE_DIR / "fixtures" / "regions", reviewed)
    data = json.loads((reviewed / "spellings.json").read_text(encoding="utf-8"))
    data["spellings"][1]["official"] = "赤坎村委会"
    (reviewed / "spellings.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    source = DivisionSource(reviewed=reviewed)
    with pytest.raises(DivisionError) as refused:
        source.city_division(source.find_city("湛江市"))
    assert "spellings.json" in str(refused.value) and "第2条" in str(refused.value)
    assert Region.objects.filter(code="440811102212").count() == 0


def test_the_whole_province_imports_in_one_pass(demo):
    source = DivisionSource()
    divisions = [source.city_division(row) for row in source.province_cities("广东省")]
    summary = import_division(divisions=divisions)
    assert summary.levels[Level.CITY].created == 20  # 21 cities, 湛江市 already there
    assert Region.objects.filter(level=Level.VILLAGE, code__startswith="44").count() == 26842


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("开发区东山街道", "440811070000"),
        ("开发区东简街道", "440811071000"),
        ("经开区民安街道", "440811072000"),
        ("湛江经济技术开发区硇洲镇", "440811173000"),
        ("开发区乐华街道", "440803071000"),
        ("开发区泉庄街道", "440803070000"),
        ("东简街道", "440811071000"),
        ("硇洲镇", "440811173000"),
    ],
)
def test_the_development_zone_towns_resolve_to_their_official_codes(official, written, code):
    town = RegionResolver().resolve(written, level=Level.TOWN)
    assert town.code == code
    assert town.county.name == "湛江经济技术开发区"
    assert town.children.exists()  # their villages came with them


def test_a_zone_town_written_under_its_statistical_county_is_refused_with_the_zone(official):
    # The seeds file 硇洲镇 under 开发区; the list's 麻章区 is not where the tree keeps it.
    with pytest.raises(RegionLookupError) as refused:
        RegionResolver().resolve("麻章区硇洲镇", level=Level.TOWN)
    assert "开发区硇洲镇" in str(refused.value)


def test_xialiu_written_as_in_seed_000_is_the_village_committee_not_the_community(official):
    resolver = RegionResolver()
    village = resolver.resolve("遂溪县草潭镇下六圩村", level=Level.VILLAGE)
    assert (village.code, village.name) == ("440823113211", "下六村民委员会")
    assert village.is_poor_village is True  # annex 3 row 7: 贫困村
    assert resolver.resolve("遂溪县草潭镇下六村").pk == village.pk
    community = resolver.resolve("遂溪县草潭镇下六圩社区", level=Level.VILLAGE)
    assert (community.code, community.name) == ("440823113002", "下六圩社区居民委员会")
    assert community.is_poor_village is None  # never a seed's: no flag
