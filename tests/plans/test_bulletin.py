"""The matrix as a bulletin's annex: drafted by the city office, rendered in
the GB/T 9704 PDF with the matrix's rows."""

from __future__ import annotations

import io

import pdfplumber
from django.urls import reverse

from apps.bulletins.models import Bulletin
from apps.bulletins.rendering import render_pdf
from tests.helpers import plant_children


def draft_from_page(client, plan, follow=False, **data):
    return client.post(
        reverse("plans:bulletin", args=[plan.pk]),
        {"organ_abbreviation": "湛扶组", "as_of": "2019-12-31", **data},
        follow=follow,
    )


def test_city_office_drafts_a_bulletin_whose_pdf_carries_the_matrix(login, zone, demo_plan):
    plant_children(zone, in_school=4492, out_of_school=26)
    client = login("city")
    page = client.get(reverse("plans:detail", args=[demo_plan.pk]))
    assert "起草通报（以本分解表为附件）" in page.content.decode()
    response = draft_from_page(client, demo_plan)
    draft = Bulletin.objects.get(organ_abbreviation="湛扶组", status="draft")
    assert response.status_code == 302
    assert response["Location"] == reverse("bulletins:edit", args=[draft.pk])
    assert draft.region == demo_plan.region and draft.campaign is None
    assert draft.title == "关于开发区目标责任落实情况的通报"
    assert "截至2019年12月31日" in draft.body and "湛开办〔2018〕84号" in draft.body
    annex = draft.annexes.get()
    assert annex.title == "湛江开发区精准扶贫精准脱贫目标责任分解表"
    assert annex.table["columns"] == [
        "序号",
        "目标任务",
        "牵头单位",
        "目标值",
        "实际值",
        "完成情况",
    ]
    enrolment = next(r for r in annex.table["rows"] if r[1].startswith("贫困户子女义务教育"))
    assert enrolment[2:6] == ["区教育局", "≥93%", "99.42%", "已达标"]

    pdf = pdfplumber.open(io.BytesIO(render_pdf(draft)))
    flat = "".join(p.extract_text() for p in pdf.pages).replace(" ", "").replace("\n", "")
    assert "附件：湛江开发区精准扶贫精准脱贫目标责任分解表" in flat
    assert f"方案共分解目标任务{len(annex.table['rows'])}项" in flat
    # The annex pages' table, cell by cell (wrapped cells joined again).
    printed = [
        ["".join((cell or "").split()) for cell in row]
        for page in pdf.pages
        # The draft's 草稿 watermark (issue 17) lies over the table; read the cells under it.
        for table in page.filter(lambda obj: obj.get("size", 0) < 60).extract_tables()
        for row in table
    ]
    assert ["序号", "目标任务", "牵头单位", "目标值", "实际值", "完成情况"] in printed
    for row in annex.table["rows"]:
        assert ["".join(cell.split()) for cell in row] in printed, row
    assert [enrolment[0], enrolment[1], "区教育局", "≥93%", "99.42%", "已达标"] in printed


def test_the_annex_is_frozen_when_drafted(login, zone, demo_plan):
    """A draft keeps the matrix as drafted; the page keeps following the data."""
    plant_children(zone, in_school=4492, out_of_school=26)
    draft_from_page(login("city"), demo_plan)
    draft = Bulletin.objects.get(organ_abbreviation="湛扶组", status="draft")
    plant_children(zone, in_school=0, out_of_school=2000, prefix="L")
    annex = draft.annexes.get()
    enrolment = next(r for r in annex.table["rows"] if r[1].startswith("贫困户子女义务教育"))
    assert enrolment[4] == "99.42%"


def test_only_the_city_office_may_draft(login, demo_plan):
    for user in ("leader",):
        client = login(user)
        page = client.get(reverse("plans:detail", args=[demo_plan.pk]))
        assert "起草通报" not in page.content.decode()
        assert draft_from_page(client, demo_plan).status_code == 403
    assert not Bulletin.objects.filter(status="draft").exists()


def test_a_new_organ_needs_an_issuing_mark(login, demo_plan):
    client = login("city")
    response = draft_from_page(client, demo_plan, organ_abbreviation="湛开办", follow=True)
    assert response.status_code == 200
    assert "湛开办没有以前的通报可复制发文机关标志" in response.content.decode()
    assert not Bulletin.objects.filter(organ_abbreviation="湛开办").exists()
    response = draft_from_page(
        client,
        demo_plan,
        organ_abbreviation="湛开办",
        issuing_mark="湛江经济技术开发区党政办公室文件",
    )
    assert response.status_code == 302
    assert Bulletin.objects.get(organ_abbreviation="湛开办").document_number.startswith("湛开办〔")
