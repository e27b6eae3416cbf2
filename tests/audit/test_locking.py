"""No lost updates: a save over someone else's newer save is refused, with what changed."""

import pytest
from django.urls import reverse

from apps.inspections.models import Finding
from tests.helpers import edit_form_data


@pytest.fixture
def finding(demo):
    return Finding.objects.filter(region__county__name="吴川市").order_by("pk").first()


def test_second_of_two_simultaneous_edits_is_refused_with_the_changes(client, login, finding):
    first = login("wuchuan")
    stale = edit_form_data(first, finding, responsible_unit="乙的修改")
    fresh = edit_form_data(first, finding, responsible_unit="甲的修改")
    url = reverse("inspections:finding_edit", args=[finding.pk])
    assert first.post(url, fresh).status_code == 302
    second = login("city")  # opened the same version earlier: ``stale``
    response = second.post(url, stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "您的修改没有保存" in html
    assert "责任单位" in html and "甲的修改" in html  # what changed meanwhile, and by whom
    assert "吴川市扶贫办" in html  # the demo user's display name
    finding.refresh_from_db()
    assert finding.responsible_unit == "甲的修改"
    assert finding.version == 2


def test_a_stale_score_entry_is_refused(login):
    from apps.scorecards.models import Scorecard, ScoringScheme

    scheme = ScoringScheme.objects.get(campaign__slug="zhanjiang-2020", level="village")
    card = Scorecard.objects.filter(scheme=scheme, region__county__name="吴川市").first()
    Scorecard.objects.filter(pk=card.pk).update(published_position=None, published_rating="")
    url = reverse("scorecards:score_entry", args=["zhanjiang-2020", "village", card.region_id])
    data = {f"indicator_{i.pk}": "10" for i in scheme.indicators.all()}
    client = login("inspector")
    assert client.post(url, {**data, "opened_version": 1}).status_code == 302
    again = client.post(url, {**data, "opened_version": 1})  # opened before that save
    assert again.status_code == 200
    assert "您的修改没有保存" in again.content.decode()


def test_a_stale_bulletin_edit_is_refused(login):
    from apps.accounts.models import User
    from apps.bulletins.services import draft_bulletin_from_campaign
    from apps.inspections.models import Campaign

    draft = draft_bulletin_from_campaign(
        user=User.objects.get(username="city"),
        campaign=Campaign.objects.get(slug="zhanjiang-2020"),
        organ_abbreviation="湛扶组",
        year=2020,
    )
    client = login("city")
    url = reverse("bulletins:edit", args=[draft.pk])
    form = client.get(url).context["form"]
    values = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in values.items()}
    assert client.post(url, {**data, "title": "第一次修改"}).status_code == 302
    response = client.post(url, {**data, "title": "第二次修改"})
    assert "您的修改没有保存" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "第一次修改"


def test_a_stale_admin_edit_is_refused(login, finding):
    client = login("city")
    url = reverse("admin:inspections_finding_change", args=[finding.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, list)}
    inlines = {
        "transitions-TOTAL_FORMS": 0,
        "transitions-INITIAL_FORMS": 0,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
    }
    Finding.objects.filter(pk=finding.pk).update(version=5)  # someone saved meanwhile
    response = client.post(url, {**data, **inlines, "severity": "grave"})
    assert response.status_code == 200
    assert "您的修改没有保存" in response.content.decode()
