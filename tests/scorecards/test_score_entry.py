"""Issue 17, score entry: the limit beside each box, a refusal above it, the
running total and rating preview, 保存并录入下一个, and a scheme without
rating bands warned about when it is saved and on the entry page."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.urls import reverse

from apps.regions.models import Region
from apps.scorecards.models import RankingRow, RatingBand, Scorecard
from apps.scorecards.selectors import scorable_regions

# The demo inspector's towns in the campaign (吴川市).
LIST_TOWNS = ["吴川市浅水镇", "吴川市覃巴镇", "吴川市兰石镇", "吴川市长岐镇"]


def entry_url(scheme, region):
    return reverse("scorecards:score_entry", args=[scheme.campaign.slug, "town", region.pk])


def form_data(scheme, values, **extra):
    boxes = {f"indicator_{i.pk}": v for i, v in zip(scheme.indicators.all(), values, strict=True)}
    return {**boxes, "opened_version": 1, **extra}


def town(full_name: str) -> Region:
    return next(r for r in Region.objects.filter(level="town") if r.full_name == full_name)


def test_each_box_shows_its_limit_and_carries_it_as_max(login, town_scheme):
    page = login("inspector").get(entry_url(town_scheme, town("吴川市兰石镇"))).content.decode()
    limits = re.findall(r'class="input-group-text score-limit"[^>]*>([^<]+)<', page)
    assert limits == ["满分 20", "满分 20", "满分 20", "满分 15", "满分 10", "满分 15"]
    first = town_scheme.indicators.first()
    box = re.search(rf'<input [^>]*name="indicator_{first.pk}"[^>]*>', page).group(0)
    assert 'max="20"' in box and 'min="0"' in box and 'step="0.01"' in box
    assert 'inputmode="decimal"' in box


def test_a_score_above_its_limit_is_refused_by_the_server_naming_the_indicator(login, town_scheme):
    lanshi = town("吴川市兰石镇")
    response = login("inspector").post(
        entry_url(town_scheme, lanshi), form_data(town_scheme, [18, 19, 17, 15.5, 9, 13])
    )
    page = response.content.decode()
    assert response.status_code == 200
    # The message sits under the box of 资金资产管理 (满分 15), which is marked red.
    assert re.search(
        r"is-invalid[^>]*>\s*<span[^>]*>满分 15</span>\s*"
        r'<div class="invalid-feedback">资金资产管理最高15分',
        page,
    )
    assert not Scorecard.objects.filter(scheme=town_scheme, region=lanshi).exists()


def test_the_page_shows_the_total_and_the_rating_it_reaches(login, town_scheme):
    client = login("inspector")
    lanshi = town("吴川市兰石镇")
    client.post(entry_url(town_scheme, lanshi), form_data(town_scheme, [18, 19, 17.5, 14, 9, 13]))
    page = client.get(entry_url(town_scheme, lanshi)).content.decode()
    assert re.search(r'id="score-total"[^>]*>90.5<', page)
    assert re.search(r'id="score-rating"[^>]*>好<', page)
    assert "好 ≥ 90，较好 ≥ 80，一般 ≥ 0" in page
    assert 'src="/static/js/score-entry.js"' in page


def test_a_refused_entry_keeps_the_typed_total_and_waits_for_every_box(login, town_scheme):
    response = login("inspector").post(
        entry_url(town_scheme, town("吴川市兰石镇")),
        form_data(town_scheme, [18, 19, 17, 14, 9, ""]),
    )
    page = response.content.decode()
    assert re.search(r'id="score-total"[^>]*>77<', page)
    assert "5</span> / 6 项" in page
    assert re.search(r'id="score-rating"[^>]*>全部指标录入后显示<', page)


def test_saving_says_the_total_and_rating(login, town_scheme):
    response = login("inspector").post(
        entry_url(town_scheme, town("吴川市兰石镇")),
        form_data(town_scheme, [18, 19, 17.5, 14, 9, 13]),
    )
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["吴川市兰石镇的评分已保存：合计 90.5 分，评级“好”。"]
    assert response.url == reverse("scorecards:score_regions", args=["check-2021", "town"])


def listed(scheme) -> list[Region]:
    """The inspector's towns as the score list shows them (its order is the database's)."""
    return list(scorable_regions(scheme, user=_user("inspector")))


def test_save_and_next_opens_the_next_region_of_the_list(login, town_scheme):
    towns = listed(town_scheme)
    assert {r.full_name for r in towns} == set(LIST_TOWNS)
    response = login("inspector").post(
        entry_url(town_scheme, towns[0]),
        form_data(town_scheme, [18, 19, 17, 14, 9, 13], save_next="1"),
    )
    assert response.status_code == 302
    assert response.url == entry_url(town_scheme, towns[1])
    assert RankingRow.objects.filter(
        ranking__scheme=town_scheme, region=towns[0], total=90
    ).exists()


def test_save_and_next_passes_over_a_region_with_a_published_result(login, town_scheme):
    from apps.scorecards.services import record_published_result

    towns = listed(town_scheme)
    record_published_result(scheme=town_scheme, region=towns[1], total=88)
    response = login("inspector").post(
        entry_url(town_scheme, towns[0]),
        form_data(town_scheme, [18, 19, 17, 14, 9, 13], save_next="1"),
    )
    assert response.url == entry_url(town_scheme, towns[2])


def test_save_and_next_on_the_last_region_goes_back_to_the_list(login, town_scheme):
    response = login("inspector").post(
        entry_url(town_scheme, listed(town_scheme)[-1]),
        form_data(town_scheme, [18, 19, 17, 14, 9, 13], save_next="1"),
    )
    assert response.url == reverse("scorecards:score_regions", args=["check-2021", "town"])
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert "这是列表中的最后一个地区。" in said


def test_entry_page_says_the_rating_cannot_be_shown_without_bands(login, town_scheme):
    RatingBand.objects.filter(scheme=town_scheme).delete()
    page = login("inspector").get(entry_url(town_scheme, town("吴川市兰石镇"))).content.decode()
    assert "该评分方案未设置评级档次，无法显示评级" in page
    assert re.search(r'id="score-rating"[^>]*>无法显示：评分方案未设置评级档次<', page)


def test_saving_a_scheme_without_bands_in_the_admin_warns(login, town_scheme):
    client = login("city")
    url = reverse("admin:scorecards_scoringscheme_add")
    data = {
        "campaign": town_scheme.campaign.pk,
        "level": "county",
        "title": "2021年核查评价表（县级）",
        "indicators-TOTAL_FORMS": 1,
        "indicators-INITIAL_FORMS": 0,
        "indicators-0-name": "扶贫责任",
        "indicators-0-max_points": "100",
        "indicators-0-order": 1,
        "bands-TOTAL_FORMS": 0,
        "bands-INITIAL_FORMS": 0,
    }
    response = client.post(url, data, follow=True)
    warnings = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1, response.content.decode()[:2000]
    assert "2021年核查评价表（县级）没有评级档次" in str(warnings[0])
    assert town_scheme.campaign.schemes.filter(level="county").exists()  # saved all the same


def test_saving_a_scheme_with_bands_does_not_warn(login, town_scheme):
    client = login("city")
    url = reverse("admin:scorecards_scoringscheme_change", args=[town_scheme.pk])
    page = client.get(url)
    from tests.helpers.write_checks import initial_data

    response = client.post(url, initial_data(page), follow=True)
    levels = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert "success" in levels and "warning" not in levels


def test_entry_page_queries_stay_constant(login, town_scheme, django_assert_max_num_queries):
    client = login("inspector")
    lanshi = town("吴川市兰石镇")
    client.post(entry_url(town_scheme, lanshi), form_data(town_scheme, [18, 19, 17, 14, 9, 13]))
    with django_assert_max_num_queries(16):
        assert client.get(entry_url(town_scheme, lanshi)).status_code == 200


def _user(username):
    from apps.accounts.models import User

    return User.objects.get(username=username)
