import json

from django.urls import reverse

from apps.regions.models import Region


def test_dashboard_chart_lists_counties_in_rank_order(login):
    response = login("leader").get(reverse("dashboard"))
    chart = response.context["chart"]
    assert [c["name"] for c in chart][:3] == ["麻章区", "坡头区", "徐闻县"]
    assert chart[0]["value"] == 92.0 and chart[0]["rating"] == "好"
    content = response.content.decode()
    assert 'id="county-chart"' in content and "echarts.min.js" in content
    assert (
        json.loads(
            content.split('id="county-chart-data" type="application/json">')[1].split("</script>")[
                0
            ]
        )[0]["name"]
        == "麻章区"
    )


def test_drill_down_county_to_towns_to_villages(login, county):
    client = login("leader")
    towns = client.get(reverse("scorecards:drill", args=["zhanjiang-2020", county("吴川市").pk]))
    assert towns.context["own_row"].rating == "较好"
    assert [(r.label, r.rating) for r in towns.context["rows"]] == [
        ("吴川市浅水镇", "较好"),
        ("吴川市覃巴镇", "较好"),
        ("吴川市兰石镇", "较好"),
        ("吴川市长岐镇", "一般"),
    ]
    lanshi = Region.objects.get(name="兰石镇")
    villages = client.get(reverse("scorecards:drill", args=["zhanjiang-2020", lanshi.pk]))
    assert [(r.label, r.rating) for r in villages.context["rows"]] == [
        ("吴川市兰石镇兰石村", "好"),
        ("吴川市兰石镇名利村", "一般"),
    ]


def test_drill_down_is_scoped(login, county):
    client = login("wuchuan")
    url = reverse("scorecards:drill", args=["zhanjiang-2020", county("雷州市").pk])
    assert client.get(url).status_code == 404
    chart = client.get(reverse("dashboard")).context["chart"]
    assert [c["name"] for c in chart] == ["吴川市"]


def test_dashboard_without_campaign_shows_regions(login):
    from apps.scorecards.models import Ranking

    Ranking.objects.all().delete()
    response = login("wuchuan").get(reverse("dashboard"))
    assert response.status_code == 200
    assert "吴川市" in response.content.decode()
