"""Bulletin pages: who sees what, drafting, editing, issuing, downloading."""

import io

import pdfplumber
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from apps.accounts.models import User
from apps.bulletins.models import Bulletin
from apps.bulletins.services import draft_bulletin_from_campaign, issue_bulletin, update_bulletin
from apps.inspections.models import Campaign

from .conftest import demo_bulletin


@pytest.fixture
def draft(demo):
    return draft_bulletin_from_campaign(
        user=User.objects.get(username="city"),
        campaign=Campaign.objects.get(slug="zhanjiang-2020"),
        organ_abbreviation="湛扶组",
        year=2020,
    )


@pytest.mark.parametrize("username", ["city", "leader", "wuchuan", "inspector"])
def test_every_recipient_downloads_the_issued_pdf(login, username):
    client = login(username)
    bulletin = demo_bulletin()
    page = client.get(reverse("bulletins:index"))
    assert "湛扶组〔2020〕33号" in page.content.decode()
    response = client.get(reverse("bulletins:pdf", args=[bulletin.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        assert "湛扶组〔2020〕33号" in pdf.pages[0].extract_text()


def test_drafts_are_hidden_from_everyone_but_the_city_office(login, draft):
    for username in ("leader", "wuchuan", "inspector"):
        client = login(username)
        assert client.get(reverse("bulletins:detail", args=[draft.pk])).status_code == 404
        assert client.get(reverse("bulletins:pdf", args=[draft.pk])).status_code == 404
        assert draft.document_number not in client.get(reverse("bulletins:index")).content.decode()
    assert login("city").get(reverse("bulletins:detail", args=[draft.pk])).status_code == 200


def test_county_staff_cannot_draft_edit_or_issue(login, draft):
    client = login("wuchuan")
    campaign = Campaign.objects.get(slug="zhanjiang-2020")
    data = {"campaign": campaign.pk, "organ_abbreviation": "湛扶组", "year": 2020}
    assert client.post(reverse("bulletins:create"), data).status_code == 403
    # County staff edit their county's own reports only; the city's draft is
    # not theirs to read either (as on its detail page): not found.
    assert client.get(reverse("bulletins:edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("bulletins:issue", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_issued


def test_city_office_drafts_edits_and_issues(login):
    client = login("city")
    campaign = Campaign.objects.get(slug="zhanjiang-2020")
    response = client.post(
        reverse("bulletins:create"),
        {"campaign": campaign.pk, "organ_abbreviation": "湛扶组", "year": 2020},
    )
    bulletin = Bulletin.objects.get(sequence=34)
    assert response.url == reverse("bulletins:edit", args=[bulletin.pk])
    edit = client.get(response.url)
    assert "该机关本年度下一个可用序号：35" in edit.content.decode()
    form = edit.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["title"] = "湛江市2020年脱贫攻坚核查整改情况通报"
    response = client.post(reverse("bulletins:edit", args=[bulletin.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    client.post(reverse("bulletins:issue", args=[bulletin.pk]), {"confirm": "yes"})
    bulletin.refresh_from_db()
    assert bulletin.is_issued and bulletin.pdf
    # Frozen: the edit page sends the user back with a message; the PDF stays.
    page = client.get(reverse("bulletins:edit", args=[bulletin.pk]), follow=True)
    assert "已印发的文件不能修改" in page.content.decode()
    with bulletin.pdf.open("rb") as stored, pdfplumber.open(stored) as pdf:
        assert "整改情况通报" in pdf.pages[0].extract_text()


def test_a_taken_number_is_refused_with_a_message(login, draft):
    client = login("city")
    form = client.get(reverse("bulletins:edit", args=[draft.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["sequence"] = 33
    response = client.post(reverse("bulletins:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "该发文字号已被使用" in response.content.decode()
    draft.refresh_from_db()
    assert draft.sequence == 34


def test_a_failed_issue_leaves_no_pdf_behind(draft, monkeypatch):
    """The PDF is stored before the row is saved; when the save fails, the
    bulletin stays a draft and the file is removed again."""
    from django.core.files.storage import default_storage

    def failing_version(bulletin):
        raise RuntimeError("database went away")

    saved = []
    real_save = default_storage.save

    def recording_save(name, content, **options):
        saved.append(real_save(name, content, **options))
        return saved[-1]

    monkeypatch.setattr(default_storage, "save", recording_save)
    monkeypatch.setattr("apps.bulletins.services.next_version", failing_version)
    with pytest.raises(RuntimeError):
        issue_bulletin(user=User.objects.get(username="city"), bulletin=draft)
    assert saved and not default_storage.exists(saved[0])
    draft.refresh_from_db()
    assert not draft.is_issued and not draft.pdf


def test_issued_bulletins_cannot_change(demo):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        update_bulletin(user=User.objects.get(username="city"), bulletin=demo_bulletin(), title="x")
    with pytest.raises(ValidationError):
        issue_bulletin(user=User.objects.get(username="city"), bulletin=demo_bulletin())


def test_index_queries_do_not_grow_with_bulletins(login, draft, django_assert_max_num_queries):
    client = login("city")
    with django_assert_max_num_queries(12):
        client.get(reverse("bulletins:index"))
    for n in range(5):
        Bulletin.objects.create(
            issuing_mark="湛江市扶贫开发领导小组文件",
            organ_abbreviation="湛扶组",
            year=2021,
            sequence=n + 1,
            title=f"通报{n}",
            body="正文。",
            campaign=draft.campaign,
        )
    with django_assert_max_num_queries(12):
        client.get(reverse("bulletins:index"))


def test_render_bulletin_command(demo, tmp_path):
    output = tmp_path / "33.pdf"
    call_command("render_bulletin", "湛扶组〔2020〕33号", "-o", str(output))
    assert output.read_bytes() == demo_bulletin().pdf.open("rb").read()
    # Neither a number, an issue nor a report's title: the message says what KEY may be.
    with pytest.raises(CommandError, match="没有“湛扶组2020-33”这份文件：请给出发文字号"):
        call_command("render_bulletin", "湛扶组2020-33", "-o", str(output))
    with pytest.raises(CommandError, match="没有“湛扶组〔2020〕99号”这份文件"):
        call_command("render_bulletin", "湛扶组〔2020〕99号", "-o", str(output))
