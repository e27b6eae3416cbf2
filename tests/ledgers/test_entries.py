"""Filling entries: county staff in their county, the item's evidence types
only (refused in Chinese, nothing written), stale forms refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.ledgers.models import LedgerEntry, LedgerEvidence
from apps.ledgers.services import do_fill_entry
from apps.regions.models import Region

from .conftest import county_named, pdf


def _village(county: str) -> Region:
    return Region.objects.filter(level="village", county__name=county).order_by("code").first()


def test_county_staff_fill_an_entry_with_status_note_and_evidence(login, item):
    county = county_named("吴川市")
    target = item("1.1")
    LedgerEntry.objects.filter(item=target, region=county).delete()
    url = reverse("ledgers:entry", args=[target.pk, county.pk])
    response = login("wuchuan").post(
        url, {"status": "complete", "note": "已收集", "evidence": [pdf("遍访台账.pdf")]}
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(item=target, region=county)
    assert (entry.status, entry.note, entry.checked_by.username) == (
        "complete",
        "已收集",
        "wuchuan",
    )
    assert entry.checked_at is not None
    assert list(entry.evidence.values_list("original_name", flat=True)) == ["遍访台账.pdf"]
    page = login("wuchuan").get(url).content.decode()
    assert "遍访台账.pdf" in page and "年" in page  # checked at, said officially


def test_a_forbidden_evidence_type_is_refused_in_chinese_and_nothing_is_written(login, item):
    county = county_named("吴川市")
    target = item("4.3")  # 扶贫小额信贷逾期清收台账: Excel only
    before = LedgerEntry.objects.filter(item=target, region=county).first()
    evidence_count = LedgerEvidence.objects.count()
    url = reverse("ledgers:entry", args=[target.pk, county.pk])
    response = login("wuchuan").post(
        url, {"status": "complete", "note": "改了", "evidence": [pdf("清收台账.pdf")]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "清收台账.pdf：项目“3.扶贫小额信贷逾期清收台账”只接受Excel格式的佐证材料。" in html
    after = LedgerEntry.objects.filter(item=target, region=county).first()
    assert (after and (after.status, after.note, after.version)) == (
        before and (before.status, before.note, before.version)
    )
    assert LedgerEvidence.objects.count() == evidence_count


def test_a_file_pretending_to_be_a_pdf_is_refused_by_content(login, item):
    county = county_named("吴川市")
    target = item("1.1")
    fake = SimpleUploadedFile("伪装.pdf", b"<html><script>alert(1)</script></html>")
    response = login("wuchuan").post(
        reverse("ledgers:entry", args=[target.pk, county.pk]),
        {"status": "complete", "evidence": [fake]},
    )
    assert response.status_code == 200
    assert "伪装.pdf" in response.content.decode()
    assert not LedgerEvidence.objects.filter(original_name="伪装.pdf").exists()


def test_county_staff_cannot_fill_another_county_and_inspectors_only_read(login, item):
    leizhou = county_named("雷州市")
    url = reverse("ledgers:entry", args=[item("1.1").pk, leizhou.pk])
    assert login("wuchuan").post(url, {"status": "complete"}).status_code == 404
    wuchuan = county_named("吴川市")
    url = reverse("ledgers:entry", args=[item("1.1").pk, wuchuan.pk])
    assert login("inspector").get(url).status_code == 200
    assert login("inspector").post(url, {"status": "complete"}).status_code == 403
    assert login("leader").post(url, {"status": "complete"}).status_code == 403


def test_an_item_does_not_apply_to_a_region_of_another_level(item):
    with pytest.raises(ValidationError) as refused:
        do_fill_entry(
            user=User.objects.get(username="city"),
            item=item("1.1"),
            region=_village("吴川市"),
            status="complete",
        )
    assert "不适用于" in " ".join(refused.value.messages)


def test_exit_indicators_apply_to_poor_villages_only(login, item):
    non_poor = Region.objects.filter(level="village", is_poor_village=False).first()
    url = reverse("ledgers:entry", args=[item("3.4.1").pk, non_poor.pk])
    assert login("city").get(url).status_code == 404


def test_a_stale_form_is_refused(item):
    city = User.objects.get(username="city")
    county = county_named("赤坎区")
    first = do_fill_entry(user=city, item=item("1.1"), region=county, status="partial")
    do_fill_entry(
        user=city,
        item=item("1.1"),
        region=county,
        status="complete",
        expected_version=first.version,
    )
    with pytest.raises(ValidationError):
        do_fill_entry(
            user=city,
            item=item("1.1"),
            region=county,
            status="missing",
            expected_version=first.version,
        )
    assert LedgerEntry.objects.get(item=item("1.1"), region=county).status == "complete"


def test_the_entry_page_takes_a_constant_number_of_queries(
    login, item, django_assert_max_num_queries
):
    client = login("wuchuan")
    url = reverse("ledgers:entry", args=[item("1.1").pk, county_named("吴川市").pk])
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
