"""Reads for the field pages and the office: a team's assigned households
(what the phone may hold), visits done / pending per team and village."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from apps.accounts.access import can_see_full_id_numbers, require_actor, scope_queryset
from apps.households.idnumbers import mask_id_number
from apps.households.models import Member
from apps.households.selectors import head_name
from apps.regions.models import Region

from ..models import Campaign, SampledHousehold, Team, Visit, VisitForm
from .form import default_questions

SCHOOL_AGES = range(6, 16)  # 义务教育: six to fifteen


def visit_form(campaign: Campaign) -> VisitForm:
    """The campaign's form; a campaign without one gets the default (stored,
    so later changes to the default never change a running campaign)."""
    form, _created = VisitForm.objects.get_or_create(
        campaign=campaign, defaults={"questions": default_questions()}
    )
    return form


def field_teams(user, campaign: Campaign) -> QuerySet[Team]:
    """The campaign's teams the user is a member of (their field work)."""
    require_actor(user)
    if not getattr(user, "pk", None):
        return Team.objects.none()
    return campaign.teams.filter(members=user).prefetch_related("regions")


def field_campaigns(user) -> QuerySet[Campaign]:
    require_actor(user)
    if not getattr(user, "pk", None):
        return Campaign.objects.none()
    return Campaign.objects.filter(teams__members=user, current_draw__isnull=False).distinct()


def _teams_q(teams) -> Q:
    condition = Q(pk__in=[])
    for team in teams:
        for region in team.regions.all():
            condition |= Region.subtree_q(region, "household__village__")
    return condition


def assigned_households(user, campaign: Campaign) -> QuerySet[SampledHousehold]:
    """The current draw's households in the regions of the user's teams: the
    only households the phone fetches, and the only ones a visit may be for."""
    teams = list(field_teams(user, campaign))
    if campaign.current_draw_id is None or not teams:
        return SampledHousehold.objects.none()
    return (
        SampledHousehold.objects.filter(draw_id=campaign.current_draw_id)
        .filter(_teams_q(teams))
        .select_related("household__village__town", "household__village__county")
        .annotate(head=head_name("household_id"))
        .order_by("household__village__town__name", "household__village__name", "order")
    )


def assigned_household(user, campaign: Campaign, pk: int) -> SampledHousehold:
    """One assigned household, or 404 (another team's answers as if absent)."""
    try:
        return assigned_households(user, campaign).get(pk=pk)
    except SampledHousehold.DoesNotExist as exc:
        raise Http404 from exc


def team_of(user, campaign: Campaign, sampled: SampledHousehold) -> Team | None:
    village = sampled.household.village
    for team in field_teams(user, campaign):
        if any(_covers(r, village) for r in team.regions.all()):
            return team
    return None


def _covers(region: Region, village: Region) -> bool:
    if region.pk == village.pk:
        return True
    return getattr(village, f"{region.level}_id", None) == region.pk


def _age(birth: datetime.date | None, on: datetime.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def phone_households(user, campaign: Campaign) -> list[dict]:
    """What the phone keeps of each assigned household: only the fields the
    form needs, ID numbers masked unless the role may see them (two queries)."""
    rows = list(assigned_households(user, campaign))
    on = campaign.start_date or datetime.date(campaign.year, 1, 1)
    full_ids = can_see_full_id_numbers(user)
    members: dict[int, list[dict]] = {}
    for m in Member.objects.filter(household__in=[r.household_id for r in rows]).order_by("pk"):
        age = _age(m.birth_date, on)
        members.setdefault(m.household_id, []).append(
            {
                "id": m.pk,
                "name": m.name,
                "relationship": m.relationship,
                "id_number": m.id_number if full_ids else mask_id_number(m.id_number),
                "age": age,
                "school_age": age in SCHOOL_AGES if age is not None else False,
            }
        )
    return [
        {
            "id": r.pk,
            "number": r.household.number,
            "head": r.head or "",
            "village": r.household.village.name,
            "town": r.household.village.town.name if r.household.village.town else "",
            "county": r.household.village.county.name if r.household.village.county else "",
            "per_capita_income": (
                str(r.household.per_capita_income)
                if r.household.per_capita_income is not None
                else None
            ),
            "members": members.get(r.household_id, []),
        }
        for r in rows
    ]


def member_ids(sampled: SampledHousehold, question: dict, campaign: Campaign) -> list[int]:
    """The members a per-member question must answer for."""
    on = campaign.start_date or datetime.date(campaign.year, 1, 1)
    rows = Member.objects.filter(household_id=sampled.household_id).order_by("pk")
    if question.get("members") == "school_age":
        return [m.pk for m in rows if _age(m.birth_date, on) in SCHOOL_AGES]
    return [m.pk for m in rows]


def visit_progress(campaign: Campaign, *, user) -> list[dict]:
    """Per team, per sampled village in the user's scope: households sampled,
    visited and pending (one GROUP BY, the villages, the teams)."""
    if campaign.current_draw_id is None:
        return []
    sampled = scope_queryset(
        SampledHousehold.objects.filter(draw_id=campaign.current_draw_id), user
    )
    counts = {
        r["household__village_id"]: r
        for r in sampled.values("household__village_id")
        .annotate(
            total=Count("pk", distinct=True),
            visited=Count("pk", filter=Q(visits__isnull=False), distinct=True),
        )
        .order_by()
    }
    villages = (
        Region.objects.filter(pk__in=counts)
        .select_related("town")
        .order_by("county__name", "town__name", "name")
    )
    progress = []
    for team in campaign.teams.prefetch_related("regions"):
        rows = []
        for village in villages:
            if any(_covers(r, village) for r in team.regions.all()):
                c = counts[village.pk]
                rows.append(
                    {
                        "village": village,
                        "total": c["total"],
                        "visited": c["visited"],
                        "pending": c["total"] - c["visited"],
                    }
                )
        if rows:
            progress.append(
                {
                    "team": team,
                    "rows": rows,
                    "total": sum(r["total"] for r in rows),
                    "visited": sum(r["visited"] for r in rows),
                    "pending": sum(r["pending"] for r in rows),
                }
            )
    return progress


def visited_household_count(campaign: Campaign) -> int:
    """Households of the current draw with at least one visit stored."""
    if campaign.current_draw_id is None:
        return 0
    return (
        SampledHousehold.objects.filter(draw_id=campaign.current_draw_id)
        .filter(Exists(Visit.objects.filter(sampled=OuterRef("pk"))))
        .count()
    )
