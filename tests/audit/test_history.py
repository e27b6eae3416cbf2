"""修改记录: every change of an audited record says who, when, from where, old → new."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.audit.models import Action, Change
from apps.audit.selectors import history_for
from apps.inspections.models import Finding
from apps.scorecards.models import Scorecard, ScoringScheme
from tests.helpers import edit_form_data


@pytest.fixture
def wuchuan_finding(demo):
    return Finding.objects.filter(region__county__name="吴川市").order_by("pk").first()


def test_an_edit_on_the_page_records_user_ip_and_old_and_new_values(login, wuchuan_finding):
    client = login("wuchuan")
    old = wuchuan_finding.responsible_unit
    data = edit_form_data(client, wuchuan_finding, responsible_unit="吴川市扶贫办")
    response = client.post(
        reverse("inspections:finding_edit", args=[wuchuan_finding.pk]),
        data,
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    change = history_for(wuchuan_finding).first()
    assert change.action == Action.UPDATE
    assert change.user.username == "wuchuan"
    assert change.ip == "10.1.2.3"
    assert change.changes == {"responsible_unit": [old, "吴川市扶贫办"]}
    page = client.get(reverse("inspections:finding_detail", args=[wuchuan_finding.pk]))
    html = page.content.decode()
    assert "修改记录" in html and "吴川市扶贫办" in html
    assert "责任单位" in html  # the field's name as people read it
    assert "10.1.2.3" not in html  # where a change came from: the city office's to know
    city = login("city").get(reverse("inspections:finding_detail", args=[wuchuan_finding.pk]))
    assert "10.1.2.3" in city.content.decode()


def test_creation_transition_and_deletion_are_recorded(login, wuchuan_finding):
    client = login("inspector")
    client.post(
        reverse("inspections:finding_transition", args=[wuchuan_finding.pk]),
        {"to_status": "in_progress", "note": "开始整改"},
    )
    actions = [
        (c.content_type.model, c.action)
        for c in history_for(wuchuan_finding, *wuchuan_finding.transitions.all())
    ]
    assert ("finding", Action.UPDATE) in actions  # status 未整改 → 整改中
    assert ("findingtransition", Action.CREATE) in actions
    status_change = history_for(wuchuan_finding).first()
    assert status_change.changes["status"] == ["未整改", "整改中"]
    pk = wuchuan_finding.pk
    wuchuan_finding.evidence.all().delete()
    wuchuan_finding.transitions.all().delete()
    wuchuan_finding.delete()
    deleted = Change.objects.filter(
        object_pk=str(pk), action=Action.DELETE, content_type__model="finding"
    ).get()
    assert deleted.changes["description"][1] is None


def test_admin_edits_are_recorded_and_shown_in_the_admin_history(login, wuchuan_finding):
    client = login("city")
    url = reverse("admin:inspections_finding_change", args=[wuchuan_finding.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, list)}
    data.update(
        {
            "severity": "grave",
            "transitions-TOTAL_FORMS": 0,
            "transitions-INITIAL_FORMS": 0,
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = history_for(wuchuan_finding).first()
    assert change.user.username == "city" and change.changes["severity"][1] == "严重"
    history = client.get(reverse("admin:inspections_finding_history", args=[wuchuan_finding.pk]))
    assert "严重" in history.content.decode()


def test_scores_record_their_history_on_the_entry_page(login):
    scheme = ScoringScheme.objects.get(campaign__slug="zhanjiang-2020", level="village")
    scorecard = Scorecard.objects.filter(scheme=scheme, region__county__name="吴川市").first()
    # Turn a published-result row into a scored one for this test.
    Scorecard.objects.filter(pk=scorecard.pk).update(published_position=None, published_rating="")
    client = login("inspector")
    indicators = list(scheme.indicators.all())
    data = {f"indicator_{i.pk}": str(i.max_points - 1) for i in indicators}
    url = reverse("scorecards:score_entry", args=["zhanjiang-2020", "village", scorecard.region_id])
    response = client.post(url, {**data, "opened_version": 1})
    assert response.status_code == 302, response.context["form"].errors
    scores = list(scorecard.scores.all())
    assert len(scores) == len(indicators)
    for score in scores:
        change = history_for(score).get(action=Action.CREATE)
        assert change.user.username == "inspector"
        assert Decimal(change.changes["points"][1]) == score.indicator.max_points - 1
    page = client.get(url).content.decode()
    assert "修改记录" in page and "核查组成员" in page


def test_bulletin_changes_are_recorded(login):
    from apps.bulletins.models import Bulletin

    bulletin = Bulletin.objects.get(sequence=33)
    entries = history_for(bulletin)
    # Drafted, edited as issued, issued: all recorded by load_demo.
    assert {c.action for c in entries} == {Action.CREATE, Action.UPDATE}
    issued = next(c for c in entries if "status" in c.changes)
    assert issued.changes["status"] == ["草稿", "已印发"]
    page = login("city").get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert "修改记录" in page and "已印发" in page
