"""Reads of campaigns, samples, findings and ledgers (counts run in the database)."""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, NullIf, Round
from django.utils import timezone

from apps.accounts.access import scope_queryset
from apps.households.selectors import head_name, households_for
from apps.regions.models import Level, Region

from .models import (
    Campaign,
    CampaignKind,
    Finding,
    FindingStatus,
    ProposedFinding,
    SampledHousehold,
    SampleDraw,
    SampledRegion,
    Task,
)


def team_regions(user) -> QuerySet[Region]:
    """Regions assigned to the teams the user belongs to (an inspector's scope)."""
    return Region.objects.filter(teams__members=user).distinct()


def campaigns_for(user) -> QuerySet[Campaign]:
    """Campaigns touching at least one county the user may see."""
    counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), user)
    return (
        Campaign.objects.filter(counties__in=counties)
        .distinct()
        .order_by("-year", "-start_date", "title")
    )


def current_draw(campaign: Campaign) -> SampleDraw | None:
    """The draw the city office chose as current (not merely the newest)."""
    # Read from the database: the campaign instance may predate a choice.
    chosen = Campaign.objects.filter(pk=campaign.pk).values("current_draw")
    return SampleDraw.objects.filter(pk__in=chosen).first()


def campaign_draws(campaign: Campaign) -> list[SampleDraw]:
    """Every kept draw of the campaign, newest first, each with ``counts``
    (towns, villages, households) as sample_counts gives them."""

    def count_of(model, **where):
        rows = model.objects.filter(draw=OuterRef("pk"), **where).order_by()
        return Subquery(rows.values("draw").annotate(n=Count("pk")).values("n")[:1])

    draws = list(
        campaign.draws.annotate(
            n_towns=count_of(SampledRegion, level=Level.TOWN),
            n_villages=count_of(SampledRegion, level=Level.VILLAGE),
            n_households=count_of(SampledHousehold),
        ).order_by("-drawn_at", "-pk")
    )
    for draw in draws:
        draw.counts = {
            Level.TOWN: draw.n_towns or 0,
            Level.VILLAGE: draw.n_villages or 0,
            "households": draw.n_households or 0,
        }
    return draws


def draw_change(campaign: Campaign, draw: SampleDraw) -> dict:
    """What choosing ``draw`` as current changes: counts before → after and
    the bulletins that keep citing the draw current now."""
    before = current_draw(campaign)
    return {
        "before": before,
        "before_counts": sample_counts(before),
        "after_counts": sample_counts(draw),
        "citing": list(before.bulletins.all()) if before else [],
    }


def sampled_regions(draw: SampleDraw | None, *, user) -> QuerySet[SampledRegion]:
    if draw is None:
        return SampledRegion.objects.none()
    rows = SampledRegion.objects.filter(draw=draw).select_related(
        "region", "region__county", "region__town"
    )
    return scope_queryset(rows, user)


def sampled_households(draw: SampleDraw | None) -> dict[int, list[tuple[str, str]]]:
    """Village id → (户编号, 户主's name) of its sampled households, in draw
    order (one query: the head's name is a subquery)."""
    households: dict[int, list[tuple[str, str]]] = {}
    if draw is None:
        return households
    rows = draw.households.annotate(head=head_name("household_id")).values_list(
        "household__village_id", "household__number", "head"
    )
    for village_id, number, head in rows:
        households.setdefault(village_id, []).append((number, head or ""))
    return households


def sample_counts(draw: SampleDraw | None) -> dict[str, int]:
    if draw is None:
        return {}
    counts = draw.regions.values("level").annotate(n=Count("pk"))
    return {row["level"]: row["n"] for row in counts} | {"households": draw.households.count()}


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(deadline__lt=today) & ~Q(status=FindingStatus.CLOSED)


def findings_for(user, *, today: datetime.date | None = None) -> QuerySet[Finding]:
    """Findings in the user's scope, with ``is_overdue`` computed in the query."""
    return (
        scope_queryset(Finding.objects.all(), user)
        .select_related("campaign", "category", "region", "region__county", "region__town")
        .annotate(
            is_overdue=Case(
                When(overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            # Drafted on a household visit and confirmed online (入户核查).
            from_visit=Exists(ProposedFinding.objects.filter(finding=OuterRef("pk"))),
        )
    )


def _rate(closed, found):
    """closed ÷ found as a percentage to two decimals, in SQL (NULL when nothing found).

    Through a float so SQLite does not divide integers; Round casts that to
    NUMERIC on PostgreSQL, and the result comes back as a Decimal.
    """
    percent = Cast(closed, FloatField()) * Value(100.0) / NullIf(found, 0)
    return Cast(Round(percent, 2), DecimalField(max_digits=7, decimal_places=2))


def rectification_tally(findings: QuerySet[Finding]) -> tuple[list[dict], dict]:
    """Seed 002's tally: per source the problems found, closed, in progress and the
    rate; then the same over all sources. One GROUP BY query and one aggregate."""
    found = Count("pk")
    closed = Count("pk", filter=Q(status=FindingStatus.CLOSED))
    per_source = list(
        findings.order_by()
        .values("source")
        .annotate(found=found, closed=closed)
        .annotate(open=F("found") - F("closed"), rate=_rate(F("closed"), F("found")))
        .order_by("source")
    )
    for row in per_source:
        row["label"] = CampaignKind(row["source"]).label
    total = findings.aggregate(found=found, closed=closed, rate=_rate(closed, found))
    total["open"] = total["found"] - total["closed"]
    return per_source, total


def ledger_by_category(findings: QuerySet[Finding]) -> list[dict]:
    """Per category: count of findings in each status, overdue and total (one query)."""
    counts = {status.value: Count("pk", filter=Q(status=status.value)) for status in FindingStatus}
    return list(
        findings.order_by()
        .values("category__name", "category__order")
        .annotate(total=Count("pk"), overdue=Count("pk", filter=overdue_q()), **counts)
        .order_by("category__order", "category__name")
    )


def problem_list(campaign: Campaign, *, user) -> QuerySet[Finding]:
    """Seed 001's annex: the findings of the campaign's sampled towns, town by town."""
    draw = current_draw(campaign)
    findings = findings_for(user).filter(campaign=campaign)
    if draw is not None:
        towns = draw.regions.filter(level=Level.TOWN).values("region_id")
        findings = findings.filter(Q(region__in=towns) | Q(region__town__in=towns))
    return findings.exclude(region__level=Level.COUNTY).order_by(
        "region__county__code", "region__county__name", "region__town__name", "pk"
    )


def follow_up_findings(campaign: Campaign, *, user) -> QuerySet[Finding]:
    """The earlier campaign's findings in the towns this follow-up review visits."""
    earlier = campaign.follow_up_of
    if earlier is None:
        return Finding.objects.none()
    findings = findings_for(user).filter(campaign=earlier)
    draw = current_draw(campaign)
    if draw is not None:
        towns = draw.regions.filter(level=Level.TOWN).values("region_id")
        findings = findings.filter(Q(region__in=towns) | Q(region__town__in=towns))
    else:
        findings = findings.filter(region__county__in=campaign.counties.all())
    return findings.prefetch_related("verdicts").order_by("region__county__name", "pk")


def campaign_tasks(campaign: Campaign) -> QuerySet[Task]:
    return campaign.tasks.order_by("order", "pk")


def households_for_finding(user, finding):
    """The households a case opened from ``finding`` may be for: those of its
    region's subtree in the user's scope."""
    return households_for(user).filter(Region.subtree_q(finding.region, "village__"))
