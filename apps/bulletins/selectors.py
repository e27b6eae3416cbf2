"""Reads: which bulletins a user may see, the next number, the facts a draft states."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, QuerySet

from apps.accounts.access import can_edit_bulletins, may_draft_county_reports, region_scope
from apps.inspections.models import Campaign, Finding, Task
from apps.inspections.selectors import current_draw, sample_counts
from apps.inspections.task_selectors import department_progress
from apps.inspections.visits.selectors import visited_household_count
from apps.regions.models import Level, Region
from apps.scorecards.models import Ranking, RankingRow
from apps.scorecards.selectors import rating_labels, shown_rankings

from .models import Bulletin, BulletinStatus, DocumentKind


def bulletins_for(user) -> QuerySet[Bulletin]:
    """The city office: its city's, drafts included (all where it is granted no
    city). Everyone else: issued bulletins only — leadership its city's, others
    those of campaigns covering a region in their scope (they are among the
    recipients, 主送) and those drafted from other records about a region in
    their scope — and county staff also the drafts of their county's own reports
    (自评报告), which they write."""
    bulletins = Bulletin.objects.select_related("campaign", "region")
    if not user.is_authenticated:
        return bulletins.none()
    scope = region_scope(user)
    if can_edit_bulletins(user):
        # Never another city's sharing the installation.
        return bulletins if scope.unrestricted else bulletins.filter(_in_scope(scope, True))
    issued = Q(status=BulletinStatus.ISSUED)
    if scope.unrestricted:
        return bulletins.filter(issued)
    visible = issued & _in_scope(scope, scope.city_wide)
    if may_draft_county_reports(user):
        visible |= _about_region(scope) & Q(kind=DocumentKind.REPORT, region__level=Level.COUNTY)
    return bulletins.filter(visible)


def _about_region(scope) -> Q:
    return Q(campaign__isnull=True, region__isnull=False) & scope.q("region__")


def _in_scope(scope, with_unplaced: bool) -> Q:
    """Bulletins of campaigns covering a region in scope, or about such a region;
    ``with_unplaced``: also those about no region and no campaign (city-wide)."""
    campaigns = Campaign.objects.filter(scope.q("counties__"))
    placed = Q(campaign__in=campaigns.values("pk")) | _about_region(scope)
    if with_unplaced:
        placed |= Q(campaign__isnull=True, region__isnull=True)
    return placed


def report_counties_for(user) -> QuerySet[Region]:
    """The counties whose self-assessment report the user may draft."""
    if not may_draft_county_reports(user):
        return Region.objects.none()
    counties = Region.objects.filter(level=Level.COUNTY).order_by("code", "name")
    scope = region_scope(user)
    return counties if scope.unrestricted else counties.filter(scope.q())


def next_sequence(*, organ_abbreviation: str, year: int) -> int:
    """One more than the highest number the organ used that year."""
    used = Bulletin.objects.filter(organ_abbreviation=organ_abbreviation, year=year)
    return (used.aggregate(highest=Max("sequence"))["highest"] or 0) + 1


def latest_bulletin_like(campaign: Campaign | None) -> Bulletin | None:
    """The newest bulletin of the same organiser: a model for a new one's header."""
    bulletins = Bulletin.objects.order_by("-year", "-sequence", "-pk")
    if campaign is not None and campaign.organiser:
        same = bulletins.filter(campaign__organiser=campaign.organiser).first()
        if same:
            return same
    return bulletins.first()


def latest_bulletin_of_organ(organ_abbreviation: str) -> Bulletin | None:
    """The organ's newest bulletin: a model for a new one's header."""
    return (
        Bulletin.objects.filter(organ_abbreviation=organ_abbreviation)
        .order_by("-year", "-sequence", "-pk")
        .first()
    )


# --- facts for a draft ---------------------------------------------------------------


@dataclass
class SampleFacts:
    teams: int
    counties: int
    towns: int
    villages: int
    households: int
    visited: int = 0  # households with a household visit (入户核查) on record


def sample_facts(campaign: Campaign) -> SampleFacts:
    draw = current_draw(campaign)
    counts = sample_counts(draw)
    villages = counts.get(Level.VILLAGE, 0)
    # Households drawn from the registry; a campaign recorded before the
    # registry held them (the demo's seed 000) keeps its planned K per village.
    drawn_households = draw.households.count() if draw else 0
    households = drawn_households or (villages * draw.households_per_village if draw else 0)
    return SampleFacts(
        teams=campaign.teams.count(),
        counties=campaign.counties.count(),
        towns=counts.get(Level.TOWN, 0),
        villages=villages,
        households=households,
        visited=visited_household_count(campaign),
    )


@dataclass
class RatingGroup:
    """One rating at one level: how many rows, the first (best placed) and, for
    the top rating, every label."""

    rating: str
    count: int
    first_label: str
    labels: list[str] = field(default_factory=list)


def rating_groups(campaign: Campaign) -> tuple[list[str], dict[str, list[RatingGroup]]]:
    """Ratings best first, and level → groups in that order (three queries)."""
    labels = rating_labels(campaign)
    rankings: dict[str, Ranking] = {
        level: ranking
        for level, ranking in shown_rankings(campaign).items()
        if ranking.is_published
    }
    rows = RankingRow.objects.filter(ranking__in=list(rankings.values())).exclude(rating="")
    groups_q = rows.values("ranking__scheme__level", "rating").annotate(
        n=Count("pk"), first_position=Min("position")
    )
    firsts = {
        (row["ranking__scheme__level"], row["rating"]): (row["n"], row["first_position"])
        for row in groups_q
    }
    first_rows = rows.filter(
        _positions_q([(level, pos) for (level, _r), (_n, pos) in firsts.items()])
    ).values_list("ranking__scheme__level", "position", "label")
    first_labels = {(level, position): label for level, position, label in first_rows}
    top = labels[0] if labels else None
    top_labels: dict[str, list[str]] = {}
    for level, label in (
        rows.filter(rating=top)
        .order_by("ranking__scheme__level", "position")
        .values_list("ranking__scheme__level", "label")
    ):
        top_labels.setdefault(level, []).append(label)
    result: dict[str, list[RatingGroup]] = {}
    for level in rankings:
        result[level] = [
            RatingGroup(
                rating=rating,
                count=firsts[(level, rating)][0],
                first_label=first_labels.get((level, firsts[(level, rating)][1]), ""),
                labels=top_labels.get(level, []) if rating == top else [],
            )
            for rating in labels
            if (level, rating) in firsts
        ]
    return labels, result


def _positions_q(pairs: list[tuple[str, int]]) -> Q:
    condition = Q(pk__in=[])
    for level, position in pairs:
        condition |= Q(ranking__scheme__level=level, position=position)
    return condition


def findings_by_category(campaign: Campaign) -> QuerySet[Finding]:
    """The campaign's findings by category, in the order they were entered."""
    return (
        Finding.objects.filter(campaign=campaign)
        .select_related("category", "region", "region__county", "region__town")
        .order_by("category__order", "category__pk", "created_at", "pk")
    )


def campaign_tasks(campaign: Campaign) -> QuerySet[Task]:
    return campaign.tasks.order_by("order", "pk")


def department_task_progress(campaign: Campaign | None, *, today: datetime.date):
    """Per lead department: tasks, confirmed done, proposed, overdue (in the database)."""
    tasks = Task.objects.all() if campaign is None else campaign.tasks.all()
    return department_progress(tasks, today=today)
