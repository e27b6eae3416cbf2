"""Seed 002 by the county itself: 徐闻县's staff draft, edit and issue their
own self-assessment report; other counties' staff never see it (404), and
roles that draft no report are refused."""

from __future__ import annotations

from django.urls import reverse

from apps.accounts.models import User
from apps.bulletins.models import Bulletin
from apps.bulletins.services import draft_self_assessment
from apps.regions.models import Level, Region

TITLE = "徐闻县2019年扶贫开发工作自评报告"


def _xuwen() -> Region:
    return Region.objects.get(level=Level.COUNTY, name="徐闻县")


def _form_data(page) -> dict:
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[form.add_prefix(name)] = (
                value.isoformat() if hasattr(value, "isoformat") else value
            )
    return data


def test_xuwen_staff_draft_edit_and_issue_their_own_report(login):
    xuwen = _xuwen()
    client = login("xuwen")
    index = client.get(reverse("bulletins:index"))
    assert "县级自评报告" in index.content.decode()
    # Their own county only is offered.
    assert list(index.context["report_form"].fields["county"].queryset) == [xuwen]

    response = client.post(reverse("bulletins:draft_report"), {"county": xuwen.pk, "year": 2019})
    report = Bulletin.objects.get(title=TITLE)
    assert response.status_code == 302
    assert response.url == reverse("bulletins:edit", args=[report.pk])
    assert report.region == xuwen and not report.is_issued
    assert report.recipients == "湛江市扶贫开发领导小组："
    detail = client.get(reverse("bulletins:detail", args=[report.pk]))
    assert detail.status_code == 200 and "截止2019年12月31日" in detail.content.decode()

    page = client.get(reverse("bulletins:edit", args=[report.pk]))
    assert page.status_code == 200
    data = _form_data(page) | {"body": report.body.replace("〔待填写〕", "我县已逐项自查。", 1)}
    saved = client.post(reverse("bulletins:edit", args=[report.pk]), data)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else ""
    report.refresh_from_db()
    assert "我县已逐项自查。" in report.body

    issued = client.post(reverse("bulletins:issue", args=[report.pk]), {"confirm": "yes"})
    assert issued.status_code == 302
    report.refresh_from_db()
    assert report.is_issued and report.pdf
    assert client.get(reverse("bulletins:pdf", args=[report.pk])).status_code == 200


def test_other_counties_staff_get_404_for_xuwens_report(login):
    xuwen = _xuwen()
    report = draft_self_assessment(user=User.objects.get(username="xuwen"), county=xuwen, year=2019)
    for username in ("leizhou", "wuchuan"):
        client = login(username)
        for name in ("detail", "edit", "pdf"):
            url = reverse(f"bulletins:{name}", args=[report.pk])
            assert client.get(url).status_code == 404, (username, name)
        issue = reverse("bulletins:issue", args=[report.pk])
        assert client.post(issue, {"confirm": "yes"}).status_code == 404
        drafted = client.post(reverse("bulletins:draft_report"), {"county": xuwen.pk, "year": 2019})
        assert drafted.status_code == 404, username
        assert TITLE not in client.get(reverse("bulletins:index")).content.decode()
    report.refresh_from_db()
    assert not report.is_issued
    assert Bulletin.objects.filter(title=TITLE).count() == 1


def test_roles_that_draft_no_report_are_refused(login):
    xuwen = _xuwen()
    for username in ("inspector", "leader", "yibao"):
        client = login(username)
        response = client.post(
            reverse("bulletins:draft_report"), {"county": xuwen.pk, "year": 2019}
        )
        assert response.status_code == 403, username
    # County staff draft reports, not campaign bulletins, and change none of the city's.
    client = login("xuwen")
    assert client.post(reverse("bulletins:create")).status_code == 403
    city_bulletin = Bulletin.objects.get(organ_abbreviation="湛扶组", year=2020, sequence=33)
    assert client.get(reverse("bulletins:edit", args=[city_bulletin.pk])).status_code in (403, 404)
    assert not Bulletin.objects.filter(title=TITLE).exists()


def test_city_office_drafts_any_countys_report(login):
    client = login("city")
    leizhou = Region.objects.get(level=Level.COUNTY, name="雷州市")
    response = client.post(reverse("bulletins:draft_report"), {"county": leizhou.pk, "year": 2019})
    assert response.status_code == 302
    assert Bulletin.objects.get(title="雷州市2019年扶贫开发工作自评报告").region == leizhou
    bad = client.post(reverse("bulletins:draft_report"), {"county": "x", "year": 2019})
    assert bad.status_code == 404
