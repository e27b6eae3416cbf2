"""Bulletins drafted from records other than a campaign's: a plan's matrix or a
timetable's progress, attached as a table frozen when the draft is made."""

import io

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.accounts.models import User
from apps.bulletins.annexes import TableSnapshot
from apps.bulletins.models import Bulletin
from apps.bulletins.rendering import render_pdf
from apps.bulletins.selectors import bulletins_for
from apps.bulletins.services import draft_bulletin, issue_bulletin

PROGRESS = TableSnapshot(
    title="迎考工作进度表",
    columns=["序号", "行政村", "第一阶段", "第二阶段"],
    rows=[["1", "名利村", "已完成", "逾期未完成"], ["2", "=SUM(A1)", "已完成", "进行中"]],
)


def _user(name: str) -> User:
    return User.objects.get(username=name)


@pytest.fixture
def draft(demo, county):
    return draft_bulletin(
        user=_user("city"),
        title="关于迎考工作进度的通报",
        body="一、总体情况\n\n各驻村工作队按时间表推进。",
        organ_abbreviation="湛扶办",
        issuing_mark="湛江市扶贫开发领导小组办公室文件",
        region=county("吴川市"),
        year=2018,
        annexes=[("迎考工作进度表", PROGRESS)],
    )


def test_draft_takes_the_next_number_and_keeps_the_table(draft):
    assert draft.document_number == "湛扶办〔2018〕1号"
    assert draft.campaign is None
    annex = draft.annexes.get()
    assert annex.scheme is None
    assert annex.table["rows"][0] == ["1", "名利村", "已完成", "逾期未完成"]


def test_second_draft_of_the_organ_copies_the_header(draft, county):
    second = draft_bulletin(
        user=_user("city"), title="第二期", body="正文。", organ_abbreviation="湛扶办", year=2018
    )
    assert second.sequence == 2
    assert second.issuing_mark == "湛江市扶贫开发领导小组办公室文件"


def test_only_the_city_office_drafts(demo):
    with pytest.raises(PermissionDenied):
        draft_bulletin(
            user=_user("wuchuan"),
            title="t",
            body="b",
            organ_abbreviation="吴扶办",
            issuing_mark="文件",
        )


def test_pdf_prints_the_table_annex(draft):
    pdf = pdfplumber.open(io.BytesIO(render_pdf(draft)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    # GB/T 9704: a single attachment carries no number, in the note or on its page
    assert "附件：迎考工作进度表" in text.replace(" ", "")
    assert "\n附件\n迎考工作进度表\n" in text
    assert "名利村 已完成 逾期未完成" in text
    assert "=SUM(A1)" in text  # printed as text, never evaluated


def test_issued_draft_is_read_by_staff_of_its_region_only(draft, client):
    issue_bulletin(user=_user("city"), bulletin=draft)
    assert bulletins_for(_user("wuchuan")).filter(pk=draft.pk).exists()
    assert not bulletins_for(_user("leizhou")).filter(pk=draft.pk).exists()
    assert bulletins_for(_user("leader")).filter(pk=draft.pk).exists()
    client.force_login(_user("leizhou"))
    assert client.get(reverse("bulletins:detail", args=[draft.pk])).status_code == 404
    client.force_login(_user("wuchuan"))
    page = client.get(reverse("bulletins:detail", args=[draft.pk]))
    assert page.status_code == 200
    assert "迎考工作进度表" in page.content.decode()


def test_an_annex_is_a_ranked_table_or_a_table_never_neither(draft):
    from django.db import IntegrityError, transaction

    from apps.bulletins.models import BulletinAnnex

    with pytest.raises(IntegrityError), transaction.atomic():
        BulletinAnnex.objects.create(bulletin=draft, order=2, title="空")
    assert Bulletin.objects.get(pk=draft.pk).annexes.count() == 1
