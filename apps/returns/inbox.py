"""What waits for each role (我的待办), for the home page and the menu's count.

The returns app sits at the top of the import graph, so the one provider here
reads every app's records; it registers itself with apps.core.inbox, which the
home page (scorecards) and the menu (accounts) read without knowing it. Each
role's items cost one query each: a constant number whatever the data."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import (
    can_approve_returns,
    is_department_user,
    region_scope,
    scope_queryset,
)
from apps.accounts.roles import Role
from apps.bulletins.models import BulletinStatus
from apps.bulletins.selectors import bulletins_for
from apps.core.inbox import InboxItem
from apps.inspections.models import Finding, FindingStatus
from apps.inspections.models.campaigns import Team
from apps.inspections.task_selectors import awaiting_reply
from apps.reports.models import HouseholdRedLight
from apps.scorecards.models import Scorecard

from .models import InboxVisit, ReturnInstance, State


def _url(name: str, **query) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def _county_items(user) -> list[InboxItem]:
    today = timezone.localdate()
    returns = scope_queryset(ReturnInstance.objects.all(), user).aggregate(
        due=Count("pk", filter=Q(state=State.NOT_FILED)),
        overdue=Count("pk", filter=Q(state=State.NOT_FILED, due_on__lt=today)),
        returned=Count("pk", filter=Q(state=State.RETURNED)),
    )
    findings = scope_queryset(Finding.objects.all(), user).aggregate(
        open=Count("pk", filter=Q(status__in=[FindingStatus.OPEN, FindingStatus.IN_PROGRESS])),
        late=Count("pk", filter=Q(deadline__lt=today) & ~Q(status=FindingStatus.CLOSED)),
    )
    lights = scope_queryset(
        HouseholdRedLight.objects.filter(cleared_at__isnull=True), user, region_field="county"
    ).count()
    return [
        InboxItem(
            _("Returns returned for correction"),
            returns["returned"],
            _url("returns:index", state=State.RETURNED),
            urgent=True,
        ),
        InboxItem(
            _("Returns to submit"),
            returns["due"],
            _url("returns:index", state=State.NOT_FILED),
            urgent=bool(returns["overdue"]),
        ),
        InboxItem(
            _("Findings past their rectification deadline"),
            findings["late"],
            _url("inspections:finding_list", overdue="true"),
            urgent=True,
        ),
        InboxItem(
            _("Findings awaiting rectification"),
            findings["open"],
            _url("inspections:finding_list", status=FindingStatus.OPEN),
        ),
        InboxItem(_("Red lights to clear"), lights, _url("reports:redlight_queue")),
    ]


def _city_items(user) -> list[InboxItem]:
    returns = ReturnInstance.objects.aggregate(
        submitted=Count("pk", filter=Q(state=State.SUBMITTED)),
        unlock=Count("pk", filter=Q(unlock_requested_at__isnull=False)),
    )
    verify = Finding.objects.filter(status=FindingStatus.AWAITING_VERIFICATION).count()
    return [
        InboxItem(
            _("Unlock requests"),
            returns["unlock"],
            _url("returns:index", state=State.APPROVED),
            urgent=True,
        ),
        InboxItem(
            _("Returns to approve"),
            returns["submitted"],
            _url("returns:index", state=State.SUBMITTED),
        ),
        InboxItem(
            _("Rectifications to verify"),
            verify,
            _url("inspections:finding_list", status=FindingStatus.AWAITING_VERIFICATION),
        ),
    ]


def _inspector_items(user) -> list[InboxItem]:
    """The team's regions of the newest campaign that have no scorecard yet."""
    team = (
        Team.objects.filter(members=user)
        .select_related("campaign")
        .order_by("-campaign__start_date", "-pk")
        .first()
    )
    if team is None:
        return []
    scored = Scorecard.objects.filter(scheme__campaign=team.campaign).values("region_id")
    missing = team.regions.exclude(pk__in=scored).count()
    verify = scope_queryset(
        Finding.objects.filter(status=FindingStatus.AWAITING_VERIFICATION), user
    ).count()
    return [
        InboxItem(
            _("Regions of your team without scores"),
            missing,
            reverse("scorecards:index"),
        ),
        InboxItem(
            _("Rectifications to verify"),
            verify,
            _url("inspections:finding_list", status=FindingStatus.AWAITING_VERIFICATION),
        ),
    ]


def _leadership_items(request: HttpRequest) -> list[InboxItem]:
    user = request.user
    visit = InboxVisit.objects.filter(user=user).first()
    issued = bulletins_for(user).filter(status=BulletinStatus.ISSUED)
    if visit is not None and visit.previous_login_at is not None:
        issued = issued.filter(issued_at__gt=visit.previous_login_at)
    return [
        InboxItem(
            _("Bulletins issued since your last visit"), issued.count(), _url("bulletins:index")
        )
    ]


def inbox_items(request: HttpRequest) -> list[InboxItem]:
    user = request.user
    if is_department_user(user):
        tasks = awaiting_reply(user).count()
        return [
            InboxItem(_("Tasks waiting for your department's reply"), tasks, _url("tasks:board"))
        ]
    role = getattr(user, "role", None)
    if can_approve_returns(user):
        return _city_items(user)
    if role == Role.COUNTY_STAFF:
        scope = region_scope(user)
        return _county_items(user) if not scope.unrestricted else []
    if role == Role.INSPECTOR:
        return _inspector_items(user)
    if role == Role.LEADERSHIP:
        return _leadership_items(request)
    return []
