"""Entering findings with evidence, scoped to the user's county."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.inspections.models import Evidence, Finding
from apps.regions.models import Region

PDF = b"%PDF-1.4\n%test evidence\n%%EOF\n"


def pdf(name="证明.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def post_data(campaign, category, region, **extra):
    return {
        "campaign": campaign.pk,
        "region": region.pk,
        "category": category.pk,
        "source": "verification",
        "severity": "minor",
        "description": "危房改造户未入住",
        "responsible_unit": "吴川市",
        "deadline": "2030-11-30",
        **extra,
    }


def test_county_staff_enter_a_finding_with_evidence(login, campaign, category):
    village = Region.objects.get(name="名利村")
    client = login("wuchuan")
    response = client.post(
        reverse("inspections:finding_create"),
        post_data(campaign, category, village, evidence=[pdf()]),
    )
    finding = Finding.objects.get(description="危房改造户未入住")
    assert response.status_code == 302 and response.url.endswith(f"/findings/{finding.pk}/")
    assert finding.region == village and finding.status == "open"
    evidence = finding.evidence.get()
    assert evidence.original_name == "证明.pdf" and evidence.size == len(PDF)
    download = client.get(reverse("inspections:evidence_download", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_other_countys_regions_are_not_offered(login, campaign, category):
    response = login("wuchuan").get(reverse("inspections:finding_create"))
    regions = response.context["form"].fields["region"].queryset
    assert regions.exists()
    assert set(regions.values_list("county__name", flat=True)) == {"吴川市"}


def test_posting_another_countys_region_is_refused(login, campaign, category):
    kelu = Region.objects.get(name="客路镇")
    response = login("wuchuan").post(
        reverse("inspections:finding_create"), post_data(campaign, category, kelu)
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Finding.objects.filter(description="危房改造户未入住").exists()


def test_evidence_of_another_county_cannot_be_downloaded(login, make_finding):
    finding = make_finding("雷州市客路镇林排村")
    from apps.accounts.models import User
    from apps.inspections.services import add_evidence

    evidence = add_evidence(user=User.objects.get(username="city"), finding=finding, upload=pdf())
    url = reverse("inspections:evidence_download", args=[evidence.pk])
    assert login("wuchuan").get(url).status_code == 404
    assert login("leizhou").get(url).status_code == 200


def test_detail_of_another_countys_finding_is_404(login, make_finding):
    finding = make_finding("雷州市客路镇林排村")
    assert (
        login("wuchuan").get(reverse("inspections:finding_detail", args=[finding.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.exe", b"MZ....", "只接受以下文件类型"),
        ("伪装.pdf", b"MZ not a pdf", "不是真正的.pdf文件"),
    ],
)
def test_bad_evidence_is_refused_with_a_reason(login, campaign, category, name, content, message):
    village = Region.objects.get(name="名利村")
    response = login("wuchuan").post(
        reverse("inspections:finding_create"),
        post_data(campaign, category, village, evidence=[pdf(name, content)]),
    )
    assert message in response.content.decode()
    assert not Finding.objects.filter(description="危房改造户未入住").exists()
    assert not Evidence.objects.exists()


def test_evidence_over_the_size_limit_is_refused(login, campaign, category, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    village = Region.objects.get(name="名利村")
    response = login("wuchuan").post(
        reverse("inspections:finding_create"),
        post_data(campaign, category, village, evidence=[pdf()]),
    )
    assert "大于" in response.content.decode()


def test_leadership_cannot_enter_findings(login):
    assert login("leader").get(reverse("inspections:finding_create")).status_code == 403


def test_finding_list_filters_and_exports(login, make_finding):
    late = make_finding("吴川市兰石镇名利村", deadline=datetime.date(2020, 1, 1))
    on_time = make_finding("吴川市兰石镇兰石村", deadline=datetime.date(2099, 1, 1))
    client = login("wuchuan")
    url = reverse("inspections:finding_list")
    overdue = {r.pk for r in client.get(url, {"overdue": "true"}).context["table"].data}
    assert late.pk in overdue and on_time.pk not in overdue
    not_overdue = {r.pk for r in client.get(url, {"overdue": "false"}).context["table"].data}
    assert on_time.pk in not_overdue and late.pk not in not_overdue
    everything = client.get(url).context["table"].data
    assert {r.region.county.name for r in everything} == {"吴川市"}
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][:3] == ("序号", "核查活动", "地区")
    assert len(values) - 2 == len(everything)
    assert "雷州市" not in str(values)


def test_demo_findings_are_listed_for_the_city(login):
    rows = login("city").get(reverse("inspections:finding_list"), {"per_page": 100})
    assert len(rows.context["table"].data) == 27
