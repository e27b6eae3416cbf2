"""Issue 17: samples are versions. A redraw is kept beside the used draw, becomes
current only when the city office confirms it, and a bulletin keeps citing the
draw it was drafted from."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.bulletins.services import draft_bulletin_from_campaign
from apps.inspections.models import Campaign, SampleDraw
from apps.inspections.selectors import sample_counts
from tests.bulletins.conftest import demo_bulletin

SLUG = "zhanjiang-2020"
REDRAW = {"towns_per_county": 3, "villages_per_town": 1, "households_per_village": 1, "seed": "r"}


def _summary(draw: SampleDraw) -> str:
    counts = sample_counts(draw)
    return f"{counts['town']}个乡镇、{counts['village']}个行政村、{counts['households']}户"


@pytest.fixture
def campaign(demo) -> Campaign:
    return Campaign.objects.get(slug=SLUG)


def test_redrawing_a_used_sample_keeps_the_old_draw_and_the_bulletin_still_cites_it(
    login, campaign
):
    client = login("city")
    bulletin = demo_bulletin()
    used = campaign.current_draw
    assert bulletin.draw == used  # the demo bulletin was drafted from seed 000's draw
    sample_url = reverse("inspections:sample", args=[SLUG])

    response = client.post(sample_url, REDRAW)
    new = SampleDraw.objects.filter(campaign=campaign).latest("pk")
    choose_url = reverse("inspections:choose_draw", args=[SLUG, new.pk])
    assert response.status_code == 302 and response.url == choose_url
    # Not current yet: the sample page and the inspectors still see the used draw.
    assert _summary(used) in client.get(sample_url).content.decode()

    question = client.get(choose_url).content.decode()
    for number in (sample_counts(used)["town"], sample_counts(new)["town"]):
        assert f"<td>{number}</td>" in question
    assert "不会删除任何抽样" in question and bulletin.document_number in question

    assert client.post(choose_url, {"confirm": "yes"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.current_draw == new
    assert _summary(new) in client.get(sample_url).content.decode()

    # The used draw is kept whole, and the bulletin still names it.
    assert SampleDraw.objects.filter(pk=used.pk).exists()
    assert sample_counts(used)["town"] == 29 and sample_counts(used)["village"] == 58
    bulletin.refresh_from_db()
    assert bulletin.draw == used
    detail = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert f"第{used.pk}号抽样" in detail and _summary(used) in detail


def test_a_new_draft_cites_the_draw_current_when_it_was_drafted(campaign):
    city = User.objects.get(username="city")
    first = campaign.current_draw
    draft = draft_bulletin_from_campaign(user=city, campaign=campaign, organ_abbreviation="湛扶组")
    assert draft.draw == first
    assert "29个乡镇、58个行政村" in draft.body


def test_choosing_without_the_confirm_field_changes_nothing(login, campaign):
    client = login("city")
    used = campaign.current_draw
    client.post(reverse("inspections:sample", args=[SLUG]), REDRAW)
    new = SampleDraw.objects.filter(campaign=campaign).latest("pk")
    response = client.post(reverse("inspections:choose_draw", args=[SLUG, new.pk]))
    assert response.status_code == 200 and "确定设为当前抽样" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.current_draw == used


def test_only_the_city_office_chooses_the_current_draw(login, campaign):
    new = SampleDraw.objects.create(
        campaign=campaign, towns_per_county=1, villages_per_town=1, seed="x"
    )
    url = reverse("inspections:choose_draw", args=[SLUG, new.pk])
    assert login("inspector").post(url, {"confirm": "yes"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.current_draw != new
