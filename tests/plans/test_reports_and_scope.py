"""Reported values with evidence, who may enter them, and region scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.access import can_edit_plans
from apps.accounts.models import User
from apps.audit.selectors import history_for
from apps.plans.models import ReportedValue, TargetEvidence
from apps.plans.services import report_value
from tests.factories import PlanActionFactory, PlanFactory, TargetFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plans(county):
    """A plan of 吴川市 and one of 雷州市, each with a reported and a linked target."""
    found = {}
    for side, name in (("a", "吴川市"), ("b", "雷州市")):
        plan = PlanFactory(region=county(name), title=f"{name}目标责任方案")
        action = PlanActionFactory(plan=plan)
        found[f"plan_{side}"] = plan
        found[f"training_{side}"] = TargetFactory(action=action)
        found[f"enrolment_{side}"] = TargetFactory(
            action=action,
            description="义务教育入学率达到93%以上",
            kind="percent",
            target_value=93,
            unit="",
            indicator="enrolment",
        )
    return found


def post_report(client, target, *, value="3", on="2020-12-20", files=()):
    return client.post(
        reverse("plans:target", args=[target.pk]),
        {"value": value, "reported_on": on, "note": "全年培训3次", "evidence": list(files)},
    )


def pdf(name="培训签到表.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def matrix_row(client, plan, target, as_of="2020-12-31"):
    page = client.get(reverse("plans:detail", args=[plan.pk]), {"as_of": as_of})
    return next(r for r in page.context["matrix"].rows if r.target.pk == target.pk)


def test_county_staff_report_a_value_with_evidence_and_the_matrix_shows_it(login, plans):
    client = login("wuchuan")
    training = plans["training_a"]
    assert matrix_row(client, plans["plan_a"], training).verdict == "not_measurable"
    response = post_report(client, training, files=[pdf()])
    assert response.status_code == 302
    row = matrix_row(client, plans["plan_a"], training)
    assert (row.shown_target, row.shown_actual, row.verdict) == ("≥2次", "3次", "met")
    assert "2020年12月20日" in row.basis
    evidence = TargetEvidence.objects.get(report__target=training)
    assert evidence.original_name == "培训签到表.pdf"
    # The matrix links the evidence; it downloads for those who see the plan.
    page = client.get(reverse("plans:detail", args=[plans["plan_a"].pk]))
    assert reverse("plans:evidence_download", args=[evidence.pk]) in page.content.decode()
    for user in ("wuchuan", "leader", "inspector", "city"):
        download = login(user).get(reverse("plans:evidence_download", args=[evidence.pk]))
        assert download.status_code == 200, user
        assert b"".join(download.streaming_content) == PDF
    assert (
        login("leizhou").get(reverse("plans:evidence_download", args=[evidence.pk])).status_code
        == 404
    )
    # The target page lists the report and its change history.
    target_page = login("leader").get(reverse("plans:target", args=[training.pk])).content.decode()
    assert "全年培训3次" in target_page and "培训签到表.pdf" in target_page
    assert "修改记录" in target_page and "上报值" in target_page


def test_a_newer_report_replaces_the_older_and_later_reports_wait_for_their_day(login, plans):
    client = login("wuchuan")
    training = plans["training_a"]
    post_report(client, training, value="1", on="2020-06-30")
    post_report(client, training, value="2", on="2020-12-20")
    assert matrix_row(client, plans["plan_a"], training).shown_actual == "2次"
    mid_year = matrix_row(client, plans["plan_a"], training, as_of="2020-07-01")
    assert (mid_year.shown_actual, mid_year.verdict) == ("1次", "not_met")
    before = matrix_row(client, plans["plan_a"], training, as_of="2020-01-01")
    assert before.verdict == "not_measurable"


def test_who_may_report(login, plans):
    a, b = plans["training_a"], plans["training_b"]
    assert post_report(login("wuchuan"), b).status_code == 404  # not their county
    for user in ("inspector", "leader"):
        assert post_report(login(user), a).status_code == 403, user
    assert post_report(login("city"), b).status_code == 302
    assert not ReportedValue.objects.filter(target=a).exists()
    # Reading pages show no form to those who may not report.
    page = login("leader").get(reverse("plans:target", args=[a.pk]))
    assert page.context["form"] is None


def test_access_functions(plans):
    users = {name: User.objects.get(username=name) for name in ("city", "wuchuan", "leizhou")}
    a, b = plans["plan_a"].region, plans["plan_b"].region
    assert can_edit_plans(users["city"], a) and can_edit_plans(users["city"], b)
    assert can_edit_plans(users["wuchuan"], a) and not can_edit_plans(users["wuchuan"], b)
    for name in ("inspector", "leader"):
        assert not can_edit_plans(User.objects.get(username=name), a)


def test_linked_targets_take_no_reported_value(login, plans):
    enrolment = plans["enrolment_a"]
    assert (
        login("wuchuan").get(reverse("plans:target", args=[enrolment.pk])).context["form"] is None
    )
    assert post_report(login("wuchuan"), enrolment).status_code == 403
    with pytest.raises(ValidationError):
        report_value(
            user=User.objects.get(username="city"),
            target=enrolment,
            value=95,
            reported_on=dt.date(2020, 12, 31),
        )


def test_reported_values_are_checked(login, plans):
    training = plans["training_a"]
    client = login("wuchuan")
    fake = SimpleUploadedFile("签到表.pdf", b"<html>not a pdf</html>", "application/pdf")
    refused = post_report(client, training, files=[fake])
    assert refused.status_code == 200 and "不是真正的" in refused.content.decode()
    assert post_report(client, training, value="-1").status_code == 200
    assert not ReportedValue.objects.filter(target=training).exists()
    with pytest.raises(PermissionDenied):
        report_value(
            user=User.objects.get(username="leizhou"),
            target=training,
            value=3,
            reported_on=dt.date(2020, 12, 31),
        )


def test_lists_and_pages_are_region_scoped(login, plans, demo_plan):
    mine = {
        "wuchuan": {plans["plan_a"].pk},
        "inspector": {plans["plan_a"].pk},  # 第一核查组: 吴川市 and 廉江市
        "leizhou": {plans["plan_b"].pk},
        "leader": {plans["plan_a"].pk, plans["plan_b"].pk, demo_plan.pk},
    }
    every = {plans["plan_a"].pk, plans["plan_b"].pk, demo_plan.pk}
    for user, visible in mine.items():
        client = login(user)
        listed = {plan.pk for plan in client.get(reverse("plans:index")).context["table"].data}
        assert listed & every == visible, user
        for pk in every:
            expected = 200 if pk in visible else 404
            assert client.get(reverse("plans:detail", args=[pk])).status_code == expected
            xlsx = client.get(reverse("plans:detail", args=[pk]), {"export": "xlsx"})
            assert xlsx.status_code == expected
    for target in (plans["training_b"], plans["enrolment_b"]):
        assert login("wuchuan").get(reverse("plans:target", args=[target.pk])).status_code == 404


def test_admin_keeps_plans_in_scope(login, plans):
    client = login("wuchuan")
    for name, obj in (("plan", plans["plan_a"]), ("target", plans["training_a"])):
        assert client.get(reverse(f"admin:plans_{name}_change", args=[obj.pk])).status_code == 200
    for name, obj in (("plan", plans["plan_b"]), ("target", plans["training_b"])):
        assert client.get(reverse(f"admin:plans_{name}_change", args=[obj.pk])).status_code == 404
    # The county's own plan is saved through the admin; its history records who.
    url = reverse("admin:plans_target_change", args=[plans["training_a"].pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "action": plans["training_a"].action_id,
        "target_value": "3",
        "deadline": "2020-12-31",
        "opened_version": plans["training_a"].version,
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    plans["training_a"].refresh_from_db()
    assert plans["training_a"].target_value == 3
    change = history_for(plans["training_a"]).first()
    assert change.user.username == "wuchuan" and change.changes["target_value"][1] == "3"
    assert login("leader").get(url).status_code == 302  # not staff: the admin login
