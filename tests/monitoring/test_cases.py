"""Monitoring cases as users meet them: opened from a finding, measures with
evidence, a visit logged, removal proposed by the county and confirmed by the
city (others refused), and county users kept to their own county."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.households.models import Household
from apps.inspections.models import Finding
from apps.monitoring import services
from apps.monitoring.models import CaseStatus, MeasureStatus
from apps.regions.models import Region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def _household(county: str, number: str) -> Household:
    village = Region.objects.filter(level="village", county__name=county).first()
    return Household.objects.create(number=number, village=village)


def _case(household, actor=SYSTEM):
    return services.do_open_case(
        actor=actor,
        household=household,
        kind="unstable",
        identified_on=datetime.date(2020, 10, 1),
        identified_how="cadre_check",
        risk_types=["illness"],
        income_at_identification=Decimal("4200.50"),
    )


@pytest.fixture
def wuchuan(demo):
    return User.objects.get(username="wuchuan")


def test_a_case_opened_from_a_finding(login, demo):
    finding = Finding.objects.filter(region__name="名利村").first()
    household = Household.objects.create(number="F-1", village=finding.region)
    client = login("wuchuan")
    page = client.get(reverse("inspections:finding_detail", args=[finding.pk]))
    assert reverse("inspections:finding_open_case", args=[finding.pk]) in page.content.decode()
    response = client.post(
        reverse("inspections:finding_open_case", args=[finding.pk]),
        {
            "household": household.pk,
            "kind": "unstable",
            "identified_on": "2020-11-10",
            "identified_how": "inspection",
            "risk_types": ["disability"],
            "income_at_identification": "4650",
        },
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.monitoring_case.household == household
    assert finding.monitoring_case.identified_how == "inspection"
    case_page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert reverse("monitoring:case", args=[finding.monitoring_case_id]) in case_page


def test_measures_take_images_and_pdfs_checked_by_content(login, wuchuan):
    case = _case(_household("吴川市", "E-1"))
    client = login("wuchuan")
    url = reverse("monitoring:measure_add", args=[case.pk])
    data = {"kind": "dibao", "content": "纳入低保", "department": "民政局",
            "planned_on": "2020-11-30", "status": "in_progress",
            "member_fields": ["receives_dibao"]}  # fmt: skip
    client.post(url, data | {"evidence": SimpleUploadedFile("低保.pdf", PDF)})
    measure = case.measures.get()
    assert measure.evidence.get().original_name == "低保.pdf"
    assert measure.member_fields == ["receives_dibao"]
    fake = SimpleUploadedFile("假.png", b"not an image")
    response = client.post(url, data | {"evidence": fake}, follow=True)
    assert case.measures.count() == 1
    assert "假.png" in response.content.decode()


def test_a_visit_is_logged_with_photos(login, wuchuan):
    case = _case(_household("吴川市", "V-1"))
    client = login("wuchuan")
    client.post(
        reverse("monitoring:visit_add", args=[case.pk]),
        {"visited_on": "2020-11-12", "visitor": "陈志强", "findings": "收入未稳定",
         "photos": SimpleUploadedFile("走访.png", _png())},
    )  # fmt: skip
    visit = case.visits.get()
    assert visit.photos.get().original_name == "走访.png"
    page = client.get(reverse("monitoring:case", args=[case.pk])).content.decode()
    assert "收入未稳定" in page and "2020年11月12日" in page


def test_removal_proposed_by_county_confirmed_by_city_only(login, demo):
    case = _case(_household("吴川市", "R-1"))
    county = User.objects.get(username="wuchuan")
    inspector = User.objects.get(username="inspector")
    with pytest.raises(PermissionDenied):
        services.do_take_step(actor=inspector, case=case, action="propose", reason="x",
                              income=Decimal(9000))  # fmt: skip
    with pytest.raises(ValidationError):  # no reason, no income
        services.do_take_step(actor=county, case=case, action="propose")
    case = services.do_take_step(
        actor=county, case=case, action="propose", reason="收入稳定", income=Decimal("9000")
    )
    assert case.status == CaseStatus.PENDING_REMOVAL
    with pytest.raises(PermissionDenied):
        services.do_take_step(actor=county, case=case, action="confirm")
    client = login("city")
    url = reverse("monitoring:case_step", args=[case.pk])
    asked = client.post(url, {"action": "confirm", "opened_version": case.version})
    assert asked.status_code == 200  # the confirmation question first
    case.refresh_from_db()
    assert case.status == CaseStatus.PENDING_REMOVAL
    client.post(url, {"action": "confirm", "opened_version": case.version, "confirm": "yes"})
    case.refresh_from_db()
    assert case.status == CaseStatus.REMOVED
    steps = list(case.steps.values_list("action", "by__username"))
    assert steps == [("open", None), ("propose", "wuchuan"), ("confirm", "city")]


def test_a_proposal_waits_for_measures_to_be_done(demo):
    case = _case(_household("吴川市", "R-2"))
    services.do_add_measure(actor=SYSTEM, case=case, kind="health", content="医疗救助",
                            department="医保局", planned_on=datetime.date(2020, 11, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="Finish|完成"):
        services.do_take_step(actor=SYSTEM, case=case, action="propose", reason="x",
                              income=Decimal(9000))  # fmt: skip
    measure = case.measures.get()
    services.do_complete_measure(actor=SYSTEM, measure=measure, done_on=datetime.date(2020, 11, 2))
    assert case.measures.get().status == MeasureStatus.DONE


def test_county_users_never_see_another_countys_case_visit_or_photo(login, demo):
    case = _case(_household("雷州市", "B-1"))
    visit = services.do_log_visit(
        actor=SYSTEM, case=case, visited_on=datetime.date(2020, 10, 2), visitor="某",
        findings="雷州走访", photos=[SimpleUploadedFile("b.png", _png())],
    )  # fmt: skip
    client = login("wuchuan")
    assert client.get(reverse("monitoring:case", args=[case.pk])).status_code == 404
    assert client.get(reverse("monitoring:ledger", args=[case.household_id])).status_code == 404
    photo = visit.photos.get()
    assert client.get(reverse("monitoring:visit_photo", args=[photo.pk])).status_code == 404
    assert "B-1" not in client.get(reverse("monitoring:index")).content.decode()


def test_the_list_costs_the_same_queries_for_more_cases(login, demo, django_assert_max_num_queries):
    for n in range(3):
        _case(_household("吴川市", f"Q-{n}"))
    client = login("city")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("monitoring:index")).status_code == 200
    for n in range(3, 15):
        _case(_household("吴川市", f"Q-{n}"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("monitoring:index"))
    assert "Q-14" in response.content.decode()
