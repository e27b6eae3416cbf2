"""The demo campaign's ranked tables are seed 000's annexes 1–3, row for row."""

import re

import pytest
from django.urls import reverse

from apps.regions.models import Level
from apps.regions.resolver import RegionResolver
from tests import seed000

# The bulletin's text gives the ratings of towns and villages by position.
TOWN_RATINGS = {
    **dict.fromkeys(range(1, 3), "好"),
    **dict.fromkeys(range(3, 24), "较好"),
    **dict.fromkeys(range(24, 30), "一般"),
}
VILLAGE_RATINGS = {
    **dict.fromkeys(range(1, 6), "好"),
    **dict.fromkeys(range(6, 47), "较好"),
    **dict.fromkeys(range(47, 59), "一般"),
}
# Annex 3 row 52 misspells 城北乡 as 城北镇; the portal prints the region's real name.
CORRECTED = {52: "徐闻县城北乡桃园村"}


def table_rows(client, level):
    url = reverse("scorecards:ranked_table", args=["zhanjiang-2020", level])
    response = client.get(url, {"per_page": 100})
    assert response.status_code == 200
    return list(response.context["table"].data)


@pytest.fixture
def resolver(demo):
    return RegionResolver()


def test_county_table_is_annex_1(login, resolver):
    rows = table_rows(login("leader"), "county")
    annex = seed000.annex_1()
    assert [(r.position, r.label, int(r.total), r.rating) for r in rows] == [
        (a.position, a.name, a.score, a.rating) for a in annex
    ]
    assert [r.region_id for r in rows] == [
        resolver.resolve_id(a.name, level=Level.COUNTY) for a in annex
    ]


def test_town_table_is_annex_2_with_the_bulletins_ratings(login, resolver):
    rows = table_rows(login("leader"), "town")
    annex = seed000.annex_2()
    assert [(r.position, r.label, r.rating) for r in rows] == [
        (a.position, a.name, TOWN_RATINGS[a.position]) for a in annex
    ]
    assert [r.region_id for r in rows] == [
        resolver.resolve_id(a.name, level=Level.TOWN) for a in annex
    ]


def test_village_table_is_annex_3_with_flags_and_ratings(login, resolver):
    rows = table_rows(login("leader"), "village")
    annex = seed000.annex_3()
    assert [(r.position, r.label, r.is_poor_village, r.rating) for r in rows] == [
        (a.position, CORRECTED.get(a.position, a.name), a.poor, VILLAGE_RATINGS[a.position])
        for a in annex
    ]
    assert [r.region_id for r in rows] == [
        resolver.resolve_id(a.name, level=Level.VILLAGE) for a in annex
    ]


def test_ties_share_a_rank_and_keep_the_annex_order(login):
    rows = {r.label: r for r in table_rows(login("leader"), "county")}
    for first, second, rank in [
        ("徐闻县", "经开区", 3),
        ("霞山区", "赤坎区", 6),
        ("遂溪县", "雷州市", 9),
    ]:
        assert rows[first].rank == rows[second].rank == rank
        assert rows[second].position == rows[first].position + 1
        assert rows[first].is_tied and rows[second].is_tied
    assert not rows["麻章区"].is_tied


def test_tied_ranks_are_marked_on_the_page(login):
    url = reverse("scorecards:ranked_table", args=["zhanjiang-2020", "county"])
    # Three ties (徐闻县 = 经开区, 霞山区 = 赤坎区, 遂溪县 = 雷州市): the repeated rank is marked.
    assert login("leader").get(url).content.decode().count("并列") == 3


def test_rating_counts_match_the_bulletin_text(login):
    counts = login("leader").get(reverse("dashboard")).context["counts"]
    text = seed000.seed_text()

    def stated(pattern):
        return int(re.search(pattern, text).group(1))

    assert counts["county"] == {"好": 2, "较好": stated(r"等(\d+)个县（市、区）核查结果为“较好”")}
    assert counts["town"] == {
        "好": 2,
        "较好": stated(r"等(\d+)个乡镇核查结果为“较好”"),
        "一般": stated(r"等(\d+)个乡镇核查结果为“一般”"),
    }
    assert counts["village"] == {
        "好": 5,
        "较好": stated(r"等(\d+)个行政村核查结果为“较好”"),
        "一般": stated(r"等(\d+)个行政村核查结果为“一般”"),
    }


def test_good_regions_are_the_ones_the_bulletin_names(login):
    text = seed000.seed_text()
    sentence = text.split("全市县级达到")[1].split("。")[0]
    client = login("leader")
    for level in ("county", "town", "village"):
        good = [r.label for r in table_rows(client, level) if r.rating == "好"]
        assert good and all(name in sentence for name in good), (level, good)


def test_filters_by_county_rating_and_poor_flag(login, county):
    client = login("leader")
    url = reverse("scorecards:ranked_table", args=["zhanjiang-2020", "village"])
    rows = client.get(url, {"county": county("吴川市").pk, "rating": "一般"}).context["table"].data
    assert [r.label for r in rows] == ["吴川市兰石镇名利村"]
    assert [r.position for r in rows] == [47]  # the city-wide 序号 stays
    poor = client.get(url, {"is_poor_village": "true", "per_page": 100}).context["table"].data
    assert len(poor) == 31 and all(r.is_poor_village for r in poor)


def test_sorting_by_rank_descending(login):
    url = reverse("scorecards:ranked_table", args=["zhanjiang-2020", "county"])
    rows = list(login("leader").get(url, {"sort": "-total"}).context["table"].page.object_list)
    assert [r.record.label for r in rows][:2] == ["麻章区", "坡头区"]
    rows = list(login("leader").get(url, {"sort": "total"}).context["table"].page.object_list)
    assert rows[0].record.total == 80


def test_village_table_is_paginated(login):
    url = reverse("scorecards:ranked_table", args=["zhanjiang-2020", "village"])
    client = login("leader")
    first = client.get(url).context["table"]
    assert len(first.page.object_list) == 50
    second = client.get(url, {"page": 2}).context["table"]
    assert [r.record.position for r in second.page.object_list] == list(range(51, 59))


def test_county_staff_see_only_their_rows_with_city_wide_positions(login):
    rows = table_rows(login("wuchuan"), "village")
    assert [(r.position, r.label) for r in rows] == [
        (4, "吴川市兰石镇兰石村"),
        (6, "吴川市浅水镇高栈村"),
        (15, "吴川市浅水镇新屋村"),
        (16, "吴川市覃巴镇六鳌村"),
        (23, "吴川市长岐镇洪江村"),
        (37, "吴川市长岐镇新联村"),
        (38, "吴川市覃巴镇对面坡村"),
        (47, "吴川市兰石镇名利村"),
    ]
