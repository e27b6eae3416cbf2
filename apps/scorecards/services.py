"""Writes: schemes, scores, published results, rankings."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import can_manage_campaigns, can_record_scores
from apps.audit.locking import lock_current_version, next_version
from apps.inspections.models import Campaign
from apps.regions.models import Region

from .models import (
    DEFAULT_BANDS,
    Indicator,
    Ranking,
    RatingBand,
    Score,
    Scorecard,
    ScoringScheme,
)
from .ranking import insert_ranking_rows


@transaction.atomic
def create_scheme(
    *,
    campaign: Campaign,
    level: str,
    title: str,
    indicators: list[tuple[str, Decimal]] | tuple = (),
    bands: list[tuple[str, Decimal]] | tuple = tuple(DEFAULT_BANDS),
) -> ScoringScheme:
    scheme = ScoringScheme(campaign=campaign, level=level, title=title)
    scheme.full_clean()
    scheme.save()
    for order, (name, max_points) in enumerate(indicators, start=1):
        Indicator.objects.create(scheme=scheme, name=name, max_points=max_points, order=order)
    for label, min_total in bands:
        RatingBand.objects.create(scheme=scheme, label=label, min_total=min_total)
    refresh_draft_ranking(scheme=scheme)
    return scheme


def _scorecard_for(scheme: ScoringScheme, region: Region) -> Scorecard:
    scorecard = Scorecard.objects.filter(scheme=scheme, region=region).first()
    if scorecard is None:
        scorecard = Scorecard(scheme=scheme, region=region)
        scorecard.full_clean()
        scorecard.save()
    return scorecard


@transaction.atomic
def record_scores(
    *,
    user,
    scheme: ScoringScheme,
    region: Region,
    points: dict[int, Decimal],
    expected_version: int | None = None,
) -> Scorecard:
    """Set indicator scores (indicator id → points) for a region; refuses the
    whole entry if any score is out of range or the region is not the user's,
    or when someone saved this region's scores after ``expected_version``."""
    if not can_record_scores(user, region):
        raise PermissionDenied(_("You may not score %(region)s.") % {"region": region})
    scorecard = _scorecard_for(scheme, region)
    scorecard = lock_current_version(Scorecard, scorecard.pk, expected_version)
    if scorecard.records_published_result:
        raise ValidationError(
            _("%(region)s records a published result; it has no indicator scores.")
            % {"region": region}
        )
    indicators = {i.pk: i for i in scheme.indicators.all()}
    errors = {}
    for indicator_id, value in points.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ValidationError(_("The indicator belongs to another scheme."))
        score = Score(scorecard=scorecard, indicator=indicator, points=value)
        try:
            score.clean()
        except ValidationError as exc:
            errors[indicator.name] = exc.messages
    if errors:
        raise ValidationError(errors)
    for indicator_id, value in points.items():
        Score.objects.update_or_create(
            scorecard=scorecard, indicator_id=indicator_id, defaults={"points": value}
        )
    next_version(scorecard)
    scorecard.save(update_fields=["version"])
    refresh_draft_ranking(scheme=scheme)
    return scorecard


@transaction.atomic
def record_published_result(
    *,
    scheme: ScoringScheme,
    region: Region,
    total: Decimal | None = None,
    position: int | None = None,
    rating: str = "",
    label: str = "",
    tie_break: int = 0,
    refresh: bool = True,
) -> Scorecard:
    """A result as a campaign published it: a total, or a position and rating."""
    if (total is None) == (position is None):
        raise ValidationError(_("Give either a published total or a published position."))
    scorecard = Scorecard.objects.filter(scheme=scheme, region=region).first() or Scorecard(
        scheme=scheme, region=region
    )
    if scorecard.pk and scorecard.scores.exists():
        raise ValidationError(_("%(region)s already has indicator scores.") % {"region": region})
    scorecard.published_total = total
    scorecard.published_position = position
    scorecard.published_rating = rating
    scorecard.published_label = label
    scorecard.tie_break = tie_break
    scorecard.full_clean()
    scorecard.save()
    if refresh:
        refresh_draft_ranking(scheme=scheme)
    return scorecard


@transaction.atomic
def refresh_draft_ranking(*, scheme: ScoringScheme) -> Ranking:
    """Recompute the scheme's draft ranking from its scorecards."""
    # Lock the scheme row so two refreshes don't interleave their DELETE/INSERT.
    ScoringScheme.objects.select_for_update().filter(pk=scheme.pk).first()
    ranking, _created = Ranking.objects.get_or_create(
        scheme=scheme, published_on=None, defaults={"computed_at": timezone.now()}
    )
    ranking.computed_at = timezone.now()
    ranking.save(update_fields=["computed_at"])
    insert_ranking_rows(ranking)
    return ranking


@transaction.atomic
def publish_ranking(*, user, scheme: ScoringScheme, published_on: datetime.date) -> Ranking:
    """Freeze the current draft as the published table; later edits make a new draft."""
    if not can_manage_campaigns(user):
        raise PermissionDenied(_("Only the city office publishes rankings."))
    ranking = refresh_draft_ranking(scheme=scheme)
    ranking.published_on = published_on
    ranking.save(update_fields=["published_on"])
    refresh_draft_ranking(scheme=scheme)
    return ranking
