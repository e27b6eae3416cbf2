"""The rectification lifecycle, rejection, overdue flag and follow-up verdicts."""

import datetime
import re
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.accounts.models import User
from apps.inspections.models import FindingStatus as S
from apps.inspections.selectors import findings_for
from apps.inspections.services import create_campaign, record_verdict, transition_finding
from apps.regions.models import Level, Region


def user(name):
    return User.objects.get(username=name)


def name(username: str) -> str:
    """How the finding page names a user."""
    found = user(username)
    return found.first_name or found.username


def history_lines(response) -> list[str]:
    """The finding page's history entries, without their timestamps."""
    html = response.content.decode()
    entries = re.findall(r"<li>\d{4}年\d+月\d+日 \d\d:\d\d · (.*?)</li>", html)
    return [unescape(entry) for entry in entries]


def test_full_lifecycle_keeps_who_when_and_notes(login, make_finding):
    finding = make_finding()
    finding = transition_finding(user=user("wuchuan"), finding=finding, to_status=S.IN_PROGRESS)
    finding = transition_finding(
        user=user("wuchuan"), finding=finding, to_status=S.AWAITING_VERIFICATION, note="已落实低保"
    )
    finding = transition_finding(user=user("inspector"), finding=finding, to_status=S.CLOSED)
    assert finding.status == S.CLOSED
    history = list(
        finding.transitions.values_list("from_status", "to_status", "by__username", "note")
    )
    assert history == [
        (S.OPEN, S.IN_PROGRESS, "wuchuan", ""),
        (S.IN_PROGRESS, S.AWAITING_VERIFICATION, "wuchuan", "已落实低保"),
        (S.AWAITING_VERIFICATION, S.CLOSED, "inspector", ""),
    ]
    # The finding's page tells the history: who moved it, from what to what, and why.
    page = login("city").get(reverse("inspections:finding_detail", args=[finding.pk]))
    assert history_lines(page) == [f"{name('city')} · 录入"] + [
        f"{name(u)} · {S(a).label} → {S(b).label}" + (f"：{note}" if note else "")
        for (a, b, u, note) in history
    ]


def test_rejected_verification_goes_back_to_in_progress_with_a_reason(make_finding):
    finding = make_finding()
    for step in (S.IN_PROGRESS, S.AWAITING_VERIFICATION):
        finding = transition_finding(user=user("wuchuan"), finding=finding, to_status=step)
    with pytest.raises(ValidationError):
        transition_finding(user=user("city"), finding=finding, to_status=S.IN_PROGRESS)
    finding = transition_finding(
        user=user("city"), finding=finding, to_status=S.IN_PROGRESS, note="佐证材料不全"
    )
    assert finding.status == S.IN_PROGRESS
    assert finding.transitions.last().note == "佐证材料不全"


def test_county_staff_cannot_close_their_own_findings(make_finding):
    finding = make_finding()
    for step in (S.IN_PROGRESS, S.AWAITING_VERIFICATION):
        finding = transition_finding(user=user("wuchuan"), finding=finding, to_status=step)
    with pytest.raises(PermissionDenied):
        transition_finding(user=user("wuchuan"), finding=finding, to_status=S.CLOSED)
    finding.refresh_from_db()
    assert finding.status == S.AWAITING_VERIFICATION


def test_close_button_is_not_offered_to_county_staff(login, make_finding):
    finding = make_finding()
    for step in (S.IN_PROGRESS, S.AWAITING_VERIFICATION):
        finding = transition_finding(user=user("wuchuan"), finding=finding, to_status=step)
    url = reverse("inspections:finding_detail", args=[finding.pk])
    assert login("wuchuan").get(url).context["steps"] == []
    response = login("wuchuan").post(
        reverse("inspections:finding_transition", args=[finding.pk]), {"to_status": S.CLOSED}
    )
    assert response.status_code == 403


def test_inspector_outside_the_region_cannot_verify(make_finding):
    finding = make_finding("雷州市客路镇林排村")  # not the demo inspector's team
    for step in (S.IN_PROGRESS, S.AWAITING_VERIFICATION):
        finding = transition_finding(user=user("leizhou"), finding=finding, to_status=step)
    with pytest.raises(PermissionDenied):
        transition_finding(user=user("inspector"), finding=finding, to_status=S.CLOSED)


def test_skipping_a_step_is_refused(make_finding):
    with pytest.raises(ValidationError) as caught:
        transition_finding(user=user("city"), finding=make_finding(), to_status=S.CLOSED)
    assert "未整改" in " ".join(caught.value.messages)


def test_overdue_is_past_deadline_and_not_closed(make_finding):
    late = make_finding(deadline=datetime.date(2020, 11, 20))
    on_time = make_finding(deadline=datetime.date(2030, 1, 1))
    city = user("city")
    flags = dict(
        findings_for(city, today=datetime.date(2020, 11, 21))
        .filter(pk__in=[late.pk, on_time.pk])
        .values_list("pk", "is_overdue")
    )
    assert flags == {late.pk: True, on_time.pk: False}
    for step in (S.IN_PROGRESS, S.AWAITING_VERIFICATION):
        late = transition_finding(user=city, finding=late, to_status=step)
    transition_finding(user=city, finding=late, to_status=S.CLOSED)
    assert not findings_for(city, today=datetime.date(2020, 11, 21)).get(pk=late.pk).is_overdue


def test_overdue_is_shown_on_the_list(login, make_finding):
    make_finding(deadline=datetime.date(2020, 11, 20))
    content = login("wuchuan").get(reverse("inspections:finding_list")).content.decode()
    assert "逾期" in content


def test_follow_up_review_records_verdicts(login, campaign, make_finding):
    finding = make_finding("吴川市兰石镇名利村")
    review = create_campaign(
        slug="review-2021",
        title="回头看",
        kind="verification",
        year=2021,
        counties=list(Region.objects.filter(level=Level.COUNTY)),
        follow_up_of=campaign,
    )
    url = reverse("inspections:follow_up", args=[review.slug])
    rows = login("inspector").get(url).context["rows"]
    assert finding.pk in [f.pk for f, _verdict in rows]
    response = login("inspector").post(
        url, {"finding": finding.pk, "verdict": "not_rectified", "note": "仍未落实低保"}
    )
    assert response.status_code == 302
    verdict = finding.verdicts.get(campaign=review)
    assert (verdict.verdict, verdict.note, verdict.by.username) == (
        "not_rectified",
        "仍未落实低保",
        "inspector",
    )
    content = login("inspector").get(url).content.decode()
    assert "整改不到位" in content


def test_verdict_for_a_finding_of_another_campaign_is_refused(campaign, make_finding):
    unrelated = create_campaign(
        slug="other",
        title="其他",
        kind="audit",
        year=2021,
        counties=list(Region.objects.filter(level=Level.COUNTY)),
    )
    with pytest.raises(ValidationError):
        record_verdict(
            user=user("city"), campaign=unrelated, finding=make_finding(), verdict="rectified"
        )


def test_verify_and_close_asks_first_and_closes_on_the_second_click(login, make_finding):
    """Issue 17: 核实销号 is final, so the page says what it changes before it is done."""
    finding = make_finding()
    for step in (S.IN_PROGRESS, S.AWAITING_VERIFICATION):
        finding = transition_finding(user=user("wuchuan"), finding=finding, to_status=step)
    client = login("inspector")
    url = reverse("inspections:finding_transition", args=[finding.pk])
    question = client.post(url, {"to_status": S.CLOSED, "note": "已到现场核实"})
    page = question.content.decode()
    assert question.status_code == 200 and "确定核实销号" in page and "已到现场核实" in page
    finding.refresh_from_db()
    assert finding.status == S.AWAITING_VERIFICATION
    client.post(url, {"to_status": S.CLOSED, "note": "已到现场核实", "confirm": "yes"})
    finding.refresh_from_db()
    assert finding.status == S.CLOSED
    assert finding.transitions.last().note == "已到现场核实"
