"""Reads: which ranking to show, its rows, rating counts, drill-down."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.accounts.access import (
    can_manage_campaigns,
    may_record_scores,
    region_scope,
    scope_queryset,
)
from apps.inspections.models import Campaign
from apps.regions.models import Level, Region, child_level

from .models import Ranking, RankingRow, RatingBand, ScoringScheme

# Column headers of the annexes, by level.
REGION_HEADERS = {Level.COUNTY: "县（市、区）", Level.TOWN: "乡 镇", Level.VILLAGE: "行政村"}


def scheme_for(*, campaign_slug: str, level: str) -> ScoringScheme:
    return get_object_or_404(
        ScoringScheme.objects.select_related("campaign"), campaign__slug=campaign_slug, level=level
    )


def shown_ranking(scheme: ScoringScheme, *, draft: bool = False) -> Ranking | None:
    """The newest published ranking, or the draft when asked or nothing is published."""
    rankings = Ranking.objects.filter(scheme=scheme)
    if not draft:
        published = rankings.filter(published_on__isnull=False).order_by("-published_on", "-pk")
        if ranking := published.first():
            return ranking
    return rankings.filter(published_on__isnull=True).first()


def shown_rankings(campaign: Campaign) -> dict[str, Ranking]:
    """Level → shown ranking for every scheme of the campaign (one query)."""
    chosen: dict[str, Ranking] = {}
    rankings = Ranking.objects.filter(scheme__campaign=campaign).select_related("scheme")
    # Published first (newest first), then drafts: the first seen per level wins.
    for ranking in rankings.order_by(F("published_on").desc(nulls_last=True), "-pk"):
        chosen.setdefault(ranking.scheme.level, ranking)
    return chosen


def ranking_rows(ranking: Ranking | None, *, user) -> QuerySet[RankingRow]:
    if ranking is None:
        return RankingRow.objects.none()
    return scope_queryset(RankingRow.objects.filter(ranking=ranking), user).order_by("position")


@dataclass(frozen=True)
class TableShape:
    """The columns a ranked table needs. 序号 and 排名 are one column while
    they agree on every row (no ties, no unranked rows); 初步打分 only when
    some row has a total (annexes 2 and 3 publish positions only)."""

    positions: bool
    totals: bool


def _differs(position: int, rank: int | None) -> bool:
    return rank is None or rank != position


def table_shape(rows: QuerySet[RankingRow]) -> TableShape:
    """The shape of a ranked table's rows (one aggregate query)."""
    found = rows.order_by().aggregate(
        differing=Count("pk", filter=Q(rank__isnull=True) | ~Q(rank=F("position"))),
        totals=Count("total"),
    )
    return TableShape(positions=found["differing"] > 0, totals=found["totals"] > 0)


def shape_of(rows: Iterable[RankingRow]) -> TableShape:
    """The same for rows already read (no query)."""
    rows = list(rows)
    return TableShape(
        positions=any(_differs(r.position, r.rank) for r in rows),
        totals=any(r.total is not None for r in rows),
    )


def rating_counts(rankings: dict[str, Ranking], *, user) -> dict[str, dict[str, int]]:
    """Level → rating → number of rows the user may see (one query)."""
    rows = scope_queryset(
        RankingRow.objects.filter(ranking__in=list(rankings.values())), user
    ).exclude(rating="")
    counts: dict[str, dict[str, int]] = {level: {} for level in rankings}
    for item in rows.values("ranking__scheme__level", "rating").annotate(n=Count("pk")):
        counts[item["ranking__scheme__level"]][item["rating"]] = item["n"]
    return counts


def rows_below(
    rankings: dict[str, Ranking], region: Region, *, user
) -> tuple[str | None, QuerySet[RankingRow]]:
    """The ranked rows of the level below ``region`` that lie inside it."""
    level = child_level(region.level)
    ranking = rankings.get(level) if level else None
    if ranking is None:
        return level, RankingRow.objects.none()
    rows = ranking_rows(ranking, user=user).filter(Region.subtree_q(region, prefix="region__"))
    return level, rows


def dashboard_campaigns(user) -> list[Campaign]:
    """The campaigns the user may see (touching a county in scope, or naming none),
    newest first, marked with what they have so far (one query): the switcher lists
    them and the empty state says what is missing. Another city's campaigns in the
    same installation are not listed."""
    in_campaign = OuterRef("pk")
    campaigns = Campaign.objects.all()
    if region_scope(user).granted:  # a department holds no region: it reads every campaign's
        counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), user)
        touching = Campaign.objects.filter(Q(counties__in=counties) | Q(counties__isnull=True))
        campaigns = campaigns.filter(pk__in=touching.values("pk"))
    return list(
        campaigns.annotate(
            has_scheme=Exists(ScoringScheme.objects.filter(campaign=in_campaign)),
            has_scores=Exists(RankingRow.objects.filter(ranking__scheme__campaign=in_campaign)),
            has_published=Exists(
                RankingRow.objects.filter(
                    ranking__scheme__campaign=in_campaign, ranking__published_on__isnull=False
                )
            ),
        ).order_by("-year", F("start_date").desc(nulls_last=True), "-pk")
    )


def default_campaign(campaigns: list[Campaign]) -> Campaign | None:
    """The newest campaign with a published ranking, else the newest with any
    scores: saving a scheme alone (an empty draft) must not take over the home page."""
    for wanted in ("has_published", "has_scores"):
        if chosen := next((c for c in campaigns if getattr(c, wanted)), None):
            return chosen
    return None


def previous_campaign(campaign: Campaign, campaigns: list[Campaign]) -> Campaign | None:
    """The newest older campaign of the same kind that has results."""
    older = campaigns[campaigns.index(campaign) + 1 :]
    return next((c for c in older if c.kind == campaign.kind and c.has_scores), None)


def previous_totals(
    previous: Campaign | None, level: str | None, *, user, within: Region | None = None
) -> dict[int, Decimal | None]:
    """Region id → total in the previous campaign's shown ranking of ``level``,
    inside ``within`` if given (two queries, none without a previous campaign)."""
    if previous is None or level is None:
        return {}
    rows = ranking_rows(shown_rankings(previous).get(level), user=user)
    if within is not None:
        rows = rows.filter(Region.subtree_q(within, prefix="region__"))
    return dict(rows.values_list("region_id", "total"))


def campaigns_with_schemes() -> QuerySet[Campaign]:
    return Campaign.objects.prefetch_related("schemes").order_by("-year", "title")


def rating_labels(campaign: Campaign) -> list[str]:
    """The campaign's rating labels, best first (for count tables)."""
    labels: list[str] = []
    bands = (
        RatingBand.objects.filter(scheme__campaign=campaign)
        .order_by("-min_total")
        .values_list("label", flat=True)
    )
    for label in bands:
        if label not in labels:
            labels.append(label)
    return labels


def scorable_regions(scheme: ScoringScheme, *, user) -> QuerySet[Region]:
    """Regions of the scheme's level inside the campaign that the user may score,
    with the number of indicators already scored."""
    regions = Region.objects.filter(
        level=scheme.level, county__in=scheme.campaign.counties.all()
    ).select_related("county", "town")
    if not can_manage_campaigns(user):
        regions = scope_queryset(regions, user) if may_record_scores(user) else regions.none()
    return regions.annotate(
        scored=Count("scorecards__scores", filter=Q(scorecards__scheme=scheme), distinct=True),
        published=Count(
            "scorecards",
            filter=Q(scorecards__scheme=scheme)
            & (
                Q(scorecards__published_total__isnull=False)
                | Q(scorecards__published_position__isnull=False)
            ),
        ),
    ).order_by("county__code", "county__name", "town__name", "name")


@dataclass(frozen=True)
class ScorePreview:
    """What the score entry page shows under the boxes: the running total and
    the band it reaches (the JS in static/js/score-entry.js recomputes the same
    while typing)."""

    entered: Decimal  # the sum of the boxes filled so far
    filled: int
    count: int
    has_bands: bool
    rating: str  # the band reached once every box is filled ("" otherwise)

    @property
    def complete(self) -> bool:
        return self.count > 0 and self.filled == self.count


def band_reached(bands: list[RatingBand], total: Decimal) -> str:
    """The label of the highest band whose threshold ``total`` reaches, as the
    ranking computes it (``bands`` best first); "" below every band."""
    return next((band.label for band in bands if total >= band.min_total), "")


def score_preview(points: dict[int, Decimal | None], bands: list[RatingBand]) -> ScorePreview:
    entered = [value for value in points.values() if value is not None]
    total = sum(entered, Decimal(0))
    complete = bool(points) and len(entered) == len(points)
    return ScorePreview(
        entered=total,
        filled=len(entered),
        count=len(points),
        has_bands=bool(bands),
        rating=band_reached(bands, total) if complete else "",
    )


def next_region_to_score(scheme: ScoringScheme, *, user, after: Region) -> Region | None:
    """The region after ``after`` in the score list's order that still takes
    indicator scores (regions recording a published result are passed over)."""
    order = list(scorable_regions(scheme, user=user).values_list("pk", "published"))
    pks = [pk for pk, _published in order]
    if after.pk not in pks:
        return None
    following = order[pks.index(after.pk) + 1 :]
    pk = next((pk for pk, published in following if not published), None)
    return Region.objects.select_related("county", "town").get(pk=pk) if pk else None
