"""The weekly progress notice (通报): drafted from the page by the city office,
its body naming the overdue phase and villages, its annex the village table."""

import io

import pdfplumber
from django.urls import reverse

from apps.bulletins.models import Bulletin
from apps.bulletins.rendering import render_pdf
from apps.demo.timetables import REFERENCE_DATE, TITLE
from apps.timetables.models import Timetable


def _draft(client, timetable, as_of):
    return client.post(
        reverse("timetables:draft_notice", args=[timetable.pk]), {"as_of": as_of.isoformat()}
    )


def test_city_office_drafts_the_demo_notice_and_its_pdf_shows_the_overdue_rows(login):
    timetable = Timetable.objects.get(title=TITLE)
    response = _draft(login("city"), timetable, REFERENCE_DATE)
    bulletin = Bulletin.objects.get(organ_abbreviation="三扶办")
    assert response.status_code == 302
    assert response["Location"] == reverse("bulletins:edit", args=[bulletin.pk])
    assert bulletin.document_number == "三扶办〔2018〕1号"
    assert not bulletin.is_issued and bulletin.region == timetable.region
    body = bulletin.body
    assert "截至2018年12月25日" in body
    assert "（一）第一阶段（2018年11月8日至2018年12月10日）" in body
    assert "4个村已全部完成" in body
    assert "**逾期未完成2个村：北坡镇架岭村、杨柑镇松树村**" in body
    assert "已完成1个村：乐民镇余村村；未完成3个村" in body
    assert "4个村均未完成" in body

    with pdfplumber.open(io.BytesIO(render_pdf(bulletin))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        lines = [line.replace(" ", "") for line in text.splitlines()]
    assert any("逾期未完成2个村" in line for line in lines)
    # The annex: one row per village; 北坡镇架岭村 overdue in phase 2.
    annex = lines[lines.index("附件") :]
    assert any("各村进度表" in line for line in annex)
    assert "序号行政村第一阶段第二阶段第三阶段第四阶段" in annex
    assert "2北坡镇架岭村完成逾期未完成未完成" in annex
    assert "3杨柑镇松树村完成逾期未完成未完成" in annex
    assert "1乐民镇余村村完成完成完成未完成" in annex
    assert "4草潭镇下六圩村完成完成未完成未完成" in annex
    assert "2018年12月25日印发" in text.replace(" ", "")


def test_only_the_city_office_drafts_notices(login, wuchuan_timetable):
    for username in ("wuchuan", "inspector", "leader"):
        assert _draft(login(username), wuchuan_timetable, REFERENCE_DATE).status_code == 403
    page = login("wuchuan").get(reverse("timetables:detail", args=[wuchuan_timetable.pk]))
    assert reverse("timetables:draft_notice", args=[wuchuan_timetable.pk]) not in (
        page.content.decode()
    )
    assert not Bulletin.objects.filter(campaign__isnull=True).exists()


def test_a_timetable_without_an_organ_abbreviation_says_so(login, wuchuan_timetable):
    client = login("city")
    response = _draft(client, wuchuan_timetable, REFERENCE_DATE)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "请先为时间表填写通报发文字号所用的机关代字" in page
    assert not Bulletin.objects.filter(campaign__isnull=True).exists()
