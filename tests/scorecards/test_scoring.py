"""Indicator scores: entry, validation, computed totals and ratings, publication."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.models import User
from apps.regions.models import Region
from apps.scorecards.models import RankingRow, RatingBand, Scorecard
from apps.scorecards.selectors import shown_ranking
from apps.scorecards.services import publish_ranking, record_published_result, record_scores


def points_for(scheme, values):
    return {i.pk: Decimal(v) for i, v in zip(scheme.indicators.all(), values, strict=True)}


def form_data(scheme, values):
    data = {f"indicator_{i.pk}": v for i, v in zip(scheme.indicators.all(), values, strict=True)}
    return {**data, "opened_version": 1}  # the version the form was opened at


def entry_url(scheme, region):
    return reverse("scorecards:score_entry", args=[scheme.campaign.slug, "town", region.pk])


def draft_rows(scheme):
    return {
        r.label: r
        for r in RankingRow.objects.filter(
            ranking__scheme=scheme, ranking__published_on__isnull=True
        )
    }


def test_inspector_enters_scores_and_the_total_and_rating_are_computed(login, town_scheme):
    lanshi = Region.objects.get(name="兰石镇")
    client = login("inspector")
    response = client.post(
        entry_url(town_scheme, lanshi), form_data(town_scheme, [18, 19, 17.5, 14, 9, 13])
    )
    assert response.status_code == 302
    row = draft_rows(town_scheme)["吴川市兰石镇"]
    assert row.total == Decimal("90.5") and row.rating == "好" and row.rank == 1


def test_score_entry_labels_give_the_maximum_in_chinese(login, town_scheme):
    body = login("inspector").get(entry_url(town_scheme, Region.objects.get(name="兰石镇")))
    text = body.content.decode()
    assert "满分 20" in text and "（max" not in text and "max 20" not in text


def test_score_above_the_maximum_is_refused_with_a_message(login, town_scheme):
    lanshi = Region.objects.get(name="兰石镇")
    response = login("inspector").post(
        entry_url(town_scheme, lanshi), form_data(town_scheme, [21, 19, 17, 14, 9, 13])
    )
    assert response.status_code == 200
    assert "扶贫责任最高20分" in response.content.decode()
    assert not Scorecard.objects.filter(scheme=town_scheme, region=lanshi).exists()


def test_negative_score_is_refused(login, town_scheme):
    lanshi = Region.objects.get(name="兰石镇")
    response = login("inspector").post(
        entry_url(town_scheme, lanshi), form_data(town_scheme, [-1, 19, 17, 14, 9, 13])
    )
    assert "得分不能为负数" in response.content.decode()


def test_service_refuses_a_score_over_the_maximum(demo, town_scheme):
    city = User.objects.get(username="city")
    with pytest.raises(ValidationError) as caught:
        record_scores(
            user=city,
            scheme=town_scheme,
            region=Region.objects.get(name="兰石镇"),
            points=points_for(town_scheme, [20, 20, 20, 16, 10, 15]),
        )
    assert "资金资产管理" in str(caught.value)


def test_region_outside_the_campaign_is_refused(demo, town_scheme):
    city = User.objects.get(username="city")
    outside = Region.objects.get(name="官渡镇")  # 坡头区 is not in this campaign
    with pytest.raises(ValidationError) as caught:
        record_scores(
            user=city,
            scheme=town_scheme,
            region=outside,
            points=points_for(town_scheme, [20, 20, 20, 15, 10, 15]),
        )
    assert "坡头区官渡镇不在本次核查范围内" in str(caught.value)


def test_inspector_cannot_score_outside_their_team(login, town_scheme):
    kelu = Region.objects.get(name="客路镇")  # 雷州市: in the campaign, not the team's
    response = login("inspector").post(
        entry_url(town_scheme, kelu), form_data(town_scheme, [20, 20, 20, 15, 10, 15])
    )
    assert response.status_code == 404
    assert not Scorecard.objects.filter(scheme=town_scheme, region=kelu).exists()


@pytest.mark.parametrize("username", ["wuchuan", "leader"])
def test_county_staff_and_leadership_cannot_score(login, town_scheme, username):
    lanshi = Region.objects.get(name="兰石镇")
    response = login(username).post(
        entry_url(town_scheme, lanshi), form_data(town_scheme, [20, 20, 20, 15, 10, 15])
    )
    assert response.status_code == 403
    assert not Scorecard.objects.filter(scheme=town_scheme, region=lanshi).exists()


def test_score_list_shows_the_inspectors_regions_only(login, town_scheme):
    url = reverse("scorecards:score_regions", args=["check-2021", "town"])
    regions = login("inspector").get(url).context["regions"]
    assert {r.full_name for r in regions} == {
        "吴川市浅水镇",
        "吴川市覃巴镇",
        "吴川市兰石镇",
        "吴川市长岐镇",
    }


def test_published_ranking_is_frozen_and_the_draft_follows_edits(demo, town_scheme):
    city = User.objects.get(username="city")
    lanshi, qianshui = Region.objects.get(name="兰石镇"), Region.objects.get(name="浅水镇")
    record_scores(
        user=city,
        scheme=town_scheme,
        region=lanshi,
        points=points_for(town_scheme, [18, 18, 18, 14, 9, 14]),
    )
    record_scores(
        user=city,
        scheme=town_scheme,
        region=qianshui,
        points=points_for(town_scheme, [16, 16, 16, 12, 8, 12]),
    )
    published = publish_ranking(
        user=city, scheme=town_scheme, published_on=datetime.date(2021, 11, 20)
    )
    before = list(published.rows.values_list("label", "total", "rank", "rating"))

    record_scores(
        user=city,
        scheme=town_scheme,
        region=qianshui,
        points=points_for(town_scheme, [20, 20, 20, 15, 10, 15]),
    )

    assert list(published.rows.values_list("label", "total", "rank", "rating")) == before
    assert shown_ranking(town_scheme) == published
    draft = draft_rows(town_scheme)
    assert draft["吴川市浅水镇"].total == 100 and draft["吴川市浅水镇"].rank == 1
    assert draft["吴川市兰石镇"].rank == 2


def test_unpublished_ranking_changes_when_a_score_is_edited(demo, town_scheme):
    city = User.objects.get(username="city")
    lanshi = Region.objects.get(name="兰石镇")
    record_scores(
        user=city,
        scheme=town_scheme,
        region=lanshi,
        points=points_for(town_scheme, [18, 18, 18, 14, 9, 14]),
    )
    assert shown_ranking(town_scheme).rows.get().total == 91
    record_scores(
        user=city,
        scheme=town_scheme,
        region=lanshi,
        points=points_for(town_scheme, [10, 10, 10, 10, 9, 14]),
    )
    row = shown_ranking(town_scheme).rows.get()
    assert (row.total, row.rating) == (63, "一般")


def test_incomplete_scorecard_is_listed_without_rank(demo, town_scheme):
    city = User.objects.get(username="city")
    lanshi = Region.objects.get(name="兰石镇")
    first = town_scheme.indicators.first()
    record_scores(user=city, scheme=town_scheme, region=lanshi, points={first.pk: Decimal(18)})
    row = draft_rows(town_scheme)["吴川市兰石镇"]
    assert (row.total, row.rank, row.rating) == (None, None, "")


def test_ties_follow_tie_break_then_region_code(demo, town_scheme):
    city = User.objects.get(username="city")
    names = ["兰石镇", "浅水镇", "覃巴镇"]
    for code, name in zip(["440883103000", "440883102000", "440883101000"], names, strict=True):
        Region.objects.filter(name=name).update(code=code)
        record_scores(
            user=city,
            scheme=town_scheme,
            region=Region.objects.get(name=name),
            points=points_for(town_scheme, [17, 17, 17, 13, 8, 13]),
        )
    rows = sorted(draft_rows(town_scheme).values(), key=lambda r: r.position)
    assert [r.label for r in rows] == ["吴川市覃巴镇", "吴川市浅水镇", "吴川市兰石镇"]
    assert {r.rank for r in rows} == {1} and all(r.tie_size == 3 for r in rows)
    cards = Scorecard.objects.filter(scheme=town_scheme)
    cards.filter(region__name="兰石镇").update(tie_break=0)
    cards.exclude(region__name="兰石镇").update(tie_break=1)
    record_scores(
        user=city,
        scheme=town_scheme,
        region=Region.objects.get(name="兰石镇"),
        points=points_for(town_scheme, [17, 17, 17, 13, 8, 13]),
    )
    rows = sorted(draft_rows(town_scheme).values(), key=lambda r: r.position)
    assert rows[0].label == "吴川市兰石镇"


def test_custom_bands_such_as_poor_are_applied(demo, town_scheme):
    RatingBand.objects.filter(scheme=town_scheme, label="一般").update(min_total=60)
    RatingBand.objects.create(scheme=town_scheme, label="差", min_total=0)
    city = User.objects.get(username="city")
    record_scores(
        user=city,
        scheme=town_scheme,
        region=Region.objects.get(name="兰石镇"),
        points=points_for(town_scheme, [10, 10, 10, 10, 5, 10]),
    )
    assert draft_rows(town_scheme)["吴川市兰石镇"].rating == "差"


def test_published_result_cannot_also_have_scores(demo, town_scheme):
    city = User.objects.get(username="city")
    lanshi = Region.objects.get(name="兰石镇")
    record_published_result(scheme=town_scheme, region=lanshi, position=1, rating="好")
    with pytest.raises(ValidationError):
        record_scores(
            user=city,
            scheme=town_scheme,
            region=lanshi,
            points=points_for(town_scheme, [20, 20, 20, 15, 10, 15]),
        )


def test_published_total_gets_its_rating_from_the_bands(demo, town_scheme):
    record_published_result(
        scheme=town_scheme, region=Region.objects.get(name="兰石镇"), total=Decimal("89.5")
    )
    row = draft_rows(town_scheme)["吴川市兰石镇"]
    assert (row.total, row.rating) == (Decimal("89.5"), "较好")
