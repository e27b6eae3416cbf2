"""A project's page: its stages, 公示 date, payments and evidence; the next
stage after a confirmation; keepers only, inside their county."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.funds.models import Project, Stage
from tests.factories import ExpenditureFactory, FundAllocationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_demo_project_shows_stages_notice_and_payments(login):
    project = Project.objects.get(name="南山镇“一村一品”菠萝产业提升项目")
    page = text(login("leader").get(reverse("funds:project", args=[project.pk])))
    assert "2,497.98万元" in page and "800.00万元" in page and "1,697.98万元" in page
    for stage in ("立项", "实施", "验收"):
        assert stage in page
    assert "2018年3月1日" in page  # approved, as the bulletins write dates
    assert "公示日期 2018年3月8日" in page
    assert "项目实施单位" in page and "XW2018-" in page  # payee and voucher number
    assert "移至" not in page and "进入“" not in page  # leadership reads only


def test_a_project_not_publicly_notified_says_so(login, wuchuan_village):
    project = ProjectFactory(region=wuchuan_village)
    page = text(login("wuchuan").get(reverse("funds:project", args=[project.pk])))
    assert "尚未公示" in page
    assert "尚无佐证材料" in page and "县（市、区）扶贫办" in page


def test_advancing_asks_first_then_moves_one_stage(login, wuchuan_village):
    project = ProjectFactory(region=wuchuan_village)
    client = login("wuchuan")
    url = reverse("funds:project_advance", args=[project.pk])
    data = {"on": "2019-05-02", "opened_version": project.version}
    asked = client.post(url, data)
    assert asked.status_code == 200
    assert "确认项目进入“实施”阶段" in text(asked) and "2019年5月2日" in text(asked)
    project.refresh_from_db()
    assert project.stage == Stage.APPROVED  # nothing changed yet
    done = client.post(url, data | {"confirm": "yes"})
    assert done.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.started_on) == (Stage.UNDER_WAY, dt.date(2019, 5, 2))
    page = text(client.get(reverse("funds:project", args=[project.pk])))
    assert "2019年5月2日" in page and "修改记录" in page
    # The same confirmation posted again is stale: refused, nothing moves.
    again = client.post(url, data | {"confirm": "yes"}, follow=True)
    assert "您的修改没有保存" in text(again)
    project.refresh_from_db()
    assert project.stage == Stage.UNDER_WAY


def test_a_future_date_is_refused(login, wuchuan_village):
    project = ProjectFactory(region=wuchuan_village)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = login("wuchuan").post(
        reverse("funds:project_advance", args=[project.pk]),
        {"on": future, "opened_version": project.version, "confirm": "yes"},
        follow=True,
    )
    assert "阶段日期不能晚于今天" in text(response)
    project.refresh_from_db()
    assert project.stage == Stage.APPROVED


def test_evidence_upload_and_download_by_scope(login, wuchuan_village, leizhou_village):
    project = ProjectFactory(region=wuchuan_village)
    client = login("wuchuan")
    upload = client.post(
        reverse("funds:project_evidence_upload", args=[project.pk]),
        {
            "evidence": SimpleUploadedFile("立项批复.pdf", PDF, "application/pdf"),
            "caption": "立项批复",
        },
    )
    assert upload.status_code == 302
    [evidence] = project.evidence.all()
    assert (evidence.original_name, evidence.caption) == ("立项批复.pdf", "立项批复")
    page = client.get(reverse("funds:project", args=[project.pk])).content.decode()
    download = reverse("funds:project_evidence_download", args=[evidence.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert login("leizhou").get(download).status_code == 404
    # A file that is no PDF is refused, and nothing is stored.
    refused = login("wuchuan").post(
        reverse("funds:project_evidence_upload", args=[project.pk]),
        {"evidence": SimpleUploadedFile("假.pdf", b"not a pdf", "application/pdf")},
        follow=True,
    )
    assert "假.pdf" in text(refused)
    assert project.evidence.count() == 1
    # Other counties' staff may neither upload nor advance.
    other = login("leizhou")
    for name in ("funds:project_evidence_upload", "funds:project_advance"):
        assert other.post(reverse(name, args=[project.pk])).status_code == 404
    theirs = ProjectFactory(region=leizhou_village)
    assert login("inspector").post(
        reverse("funds:project_advance", args=[project.pk])
    ).status_code in (403, 404)
    assert (
        login("leader").post(reverse("funds:project_advance", args=[theirs.pk])).status_code == 403
    )


def test_project_page_queries_do_not_grow(login, wuchuan_village, django_assert_max_num_queries):
    project = ProjectFactory(region=wuchuan_village)
    client = login("wuchuan")
    url = reverse("funds:project", args=[project.pk])

    def count() -> int:
        with django_assert_max_num_queries(16) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    allocation = FundAllocationFactory(region=wuchuan_village.county, amount_wan=100)

    def add(number: int) -> None:
        ExpenditureFactory(allocation=allocation, project=project, amount_wan=5)
        client.post(
            reverse("funds:project_evidence_upload", args=[project.pk]),
            {"evidence": SimpleUploadedFile(f"{number}.pdf", PDF, "application/pdf")},
        )

    add(0)
    before = count()
    for number in range(1, 5):
        add(number)
    assert count() == before
