"""Household visits (入户核查, issue 24): what the phone may fetch, a visit
stored whole or not at all, once per key, refused per question, and the
office's counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.inspections.models import Finding, ProposedFinding, Visit, VisitPhoto
from apps.inspections.visits import selectors, services
from tests.helpers.visits import complete_answers, field_draw, new_key, photo

SLUG = "zhanjiang-2020"


@pytest.fixture
def draw(campaign):
    return field_draw(campaign)


@pytest.fixture
def inspector(demo):
    return User.objects.get(username="inspector")


@pytest.fixture
def phone(login, draw):
    client = login("inspector")
    data = client.get(reverse("field:api_households", args=[SLUG])).json()
    return client, data


def post_visit(client, household, *, key=None, answers=None, photos=None, propose=()):
    data = {
        "key": key or new_key(),
        "visited_at": "2020-11-10T10:00:00+08:00",
        "answers": json.dumps(answers if answers is not None else complete_answers(household)),
        "propose": json.dumps(list(propose)),
    }
    for name, upload in (
        photos
        if photos is not None
        else {"housing_photo": photo(), "water_photo": photo("water_photo")}
    ).items():
        data[f"photo:{name}"] = upload
    return client.post(reverse("field:api_visit", args=[SLUG, household["id"]]), data)


def test_phone_gets_only_its_teams_households_with_ids_masked(phone, draw):
    _client, data = phone
    counties = {h["county"] for h in data["households"]}
    assert counties <= {"吴川市", "廉江市"} and "吴川市" in counties
    assert draw.households.exclude(household__village__county__name__in=counties).exists()
    member = data["households"][0]["members"][0]
    assert "*" in member["id_number"]
    assert {q["key"] for q in data["questions"]} >= {"housing", "water_photo", "satisfaction"}


def test_other_teams_household_is_not_found(phone, draw):
    client, data = phone
    other = draw.households.filter(household__village__county__name="雷州市").first()
    url = reverse("field:api_visit", args=[SLUG, other.pk])
    assert client.get(url).status_code == 404
    response = post_visit(client, {**data["households"][0], "id": other.pk})
    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_a_visit_is_stored_with_its_photos_and_a_resend_stores_nothing_twice(phone):
    client, data = phone
    household = data["households"][0]
    key = new_key()
    first = post_visit(client, household, key=key)
    assert first.status_code == 201, first.content
    again = post_visit(client, household, key=key)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    visit = Visit.objects.get()
    assert visit.sampled_id == household["id"] and visit.satisfaction == "满意"
    assert VisitPhoto.objects.filter(visit=visit).count() == 2


def test_missing_required_answer_is_refused_naming_the_question(phone):
    client, data = phone
    household = data["households"][0]
    answers = complete_answers(household)
    del answers["satisfaction"]
    response = post_visit(client, household, answers=answers, photos={"housing_photo": photo()})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "满意度" in errors["satisfaction"][0]
    assert "饮水照片" in errors["water_photo"][0]
    assert not Visit.objects.exists() and not VisitPhoto.objects.exists()


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_stored(phone, settings):
    client, data = phone
    before = media_files(settings)
    fake = photo("water_photo", b"\xff\xd8\xff not really a jpeg")
    response = post_visit(
        client, data["households"][0], photos={"housing_photo": photo(), "water_photo": fake}
    )
    assert response.status_code == 400 and "water_photo" in response.json()["errors"]
    assert not Visit.objects.exists()
    assert media_files(settings) == before  # the good photo was not written either


def test_a_failure_while_storing_photos_leaves_no_half_visit_and_no_file(
    phone, monkeypatch, settings
):
    client, data = phone
    before = media_files(settings)
    calls = []
    original = VisitPhoto.save

    def fail_on_second(self, *args, **kwargs):
        calls.append(self.file.name)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(VisitPhoto, "save", fail_on_second)
    with pytest.raises(OSError):
        post_visit(client, data["households"][0])
    assert not Visit.objects.exists() and not VisitPhoto.objects.exists()
    assert len(calls) == 2  # both photos had reached the disk before the failure
    assert media_files(settings) == before


def test_a_rolled_back_proposal_removes_the_photos_written_before_it(phone, monkeypatch, settings):
    client, data = phone
    household = data["households"][0]

    def broken(*args, **kwargs):
        raise RuntimeError("finding category table locked")

    monkeypatch.setattr(services, "_propose_findings", broken)
    with pytest.raises(RuntimeError):
        post_visit(client, household)
    assert not Visit.objects.exists() and media_files(settings) == []
    monkeypatch.undo()
    assert post_visit(client, household).status_code == 201
    assert len(media_files(settings)) == 2  # a stored visit keeps its photos


def test_a_no_on_a_guarantee_proposes_a_finding_confirmed_online(phone, campaign):
    client, data = phone
    household = data["households"][0]
    answers = complete_answers(household, housing=False)
    assert post_visit(client, household, answers=answers, propose=["housing"]).status_code == 201
    proposal = ProposedFinding.objects.get()
    assert proposal.category.name == "“三保障”政策落实不够到位"
    page = client.get(reverse("field:proposals", args=[SLUG]))
    assert household["number"] in page.content.decode()
    client.post(reverse("field:proposal_decide", args=[proposal.pk]), {"decision": "confirm"})
    finding = Finding.objects.get(proposal__pk=proposal.pk)
    assert finding.household_number == household["number"]
    assert finding.region.name == household["village"]
    listing = client.get(reverse("inspections:finding_list")).content.decode()
    assert "from-visit" in listing


def test_not_proposed_unless_chosen_and_income_gap_proposes(phone):
    client, data = phone
    household = next(h for h in data["households"] if h["per_capita_income"])
    low = str(round(float(household["per_capita_income"]) / 2, 2))
    answers = complete_answers(household, housing=False, income=low)
    assert post_visit(client, household, answers=answers, propose=["income"]).status_code == 201
    assert list(ProposedFinding.objects.values_list("question", flat=True)) == ["income"]


def test_county_staff_and_leadership_cannot_use_the_field_api(login, draw):
    for username in ("wuchuan", "leader"):
        client = login(username)
        assert client.get(reverse("field:api_households", args=[SLUG])).status_code == 403


def test_sample_page_counts_visits_per_team_and_village_and_xlsx(phone, login, draw, campaign):
    client, data = phone
    post_visit(client, data["households"][0])
    city = login("city")
    page = city.get(reverse("inspections:sample", args=[SLUG])).content.decode()
    assert "visit-progress" in page
    progress = selectors.visit_progress(campaign, user=User.objects.get(username="city"))
    first = next(t for t in progress if t["team"].name == "第一核查组")
    assert first["visited"] == 1 and first["pending"] == first["total"] - 1
    team = first["team"]
    response = city.get(reverse("field:results_xlsx", args=[SLUG, team.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_bulletin_basic_situation_counts_visited_households(phone, campaign):
    from apps.bulletins.drafting import basic_situation

    client, data = phone
    for household in data["households"][:3]:
        post_visit(client, household)
    assert "实地入户核查3户" in basic_situation(campaign)


def test_phone_households_take_a_constant_number_of_queries(phone, campaign, inspector):
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.phone_households(inspector, campaign)
    assert len(rows) > 5 and len(queries) <= 6


def test_service_resend_of_a_key_for_another_household_is_refused(phone, campaign, inspector):
    client, data = phone
    first, second = data["households"][:2]
    key = new_key()
    post_visit(client, first, key=key)
    sampled = selectors.assigned_household(inspector, campaign, second["id"])
    result = services.record_visit(
        user=inspector, campaign=campaign, sampled=sampled, key=key, answers={}, photos={}
    )
    assert "key" in result.errors and Visit.objects.count() == 1


def test_the_menu_leads_inspectors_to_the_field_pages_only(login, draw):
    def menu(username):
        return login(username).get(reverse("dashboard")).content.decode()

    page = menu("inspector")
    assert 'href="/field/">入户核查</a>' in page
    assert "入户核查" in menu("city")  # the city office may join a team (access.py)
    for username in ("wuchuan", "leader", "yibao"):
        assert 'href="/field/"' not in menu(username), username
    field = login("inspector").get("/field/").content.decode()
    assert f'href="/field/{SLUG}/"' in field  # the campaign whose households they visit


def test_the_demo_gives_the_inspector_households_to_visit(login, campaign):
    from apps.demo.field import load_field_sample

    seed_draw = campaign.current_draw
    assert not seed_draw.households.exists()  # drawn before the registry was loaded
    drawn = load_field_sample()
    campaign.refresh_from_db()
    assert drawn > 0 and campaign.current_draw != seed_draw
    assert set(campaign.current_draw.regions.values_list("region_id", flat=True)) == set(
        seed_draw.regions.values_list("region_id", flat=True)
    )  # the same towns and villages, now with their households
    data = login("inspector").get(reverse("field:api_households", args=[SLUG])).json()
    assert len(data["households"]) > 0
    assert {h["county"] for h in data["households"]} == {"吴川市", "廉江市"}
    assert load_field_sample() == 0  # a second load_demo changes nothing
