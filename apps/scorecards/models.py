"""Scoring schemes, scores and ranked evaluation tables (评价表 / 排名表).

A scheme belongs to a campaign and a level. Each inspected region has a
scorecard: indicator scores (the total is their sum), or — when a campaign
records only published results — a published total, or only a published
position and rating. A ranking is a stored table of rows computed from the
scorecards by one set-based query; the draft is recomputed after every change,
a published ranking is frozen.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.dates import official_date
from apps.regions.models import Level

SCORED_LEVELS = [
    (Level.COUNTY.value, Level.COUNTY.label),
    (Level.TOWN.value, Level.TOWN.label),
    (Level.VILLAGE.value, Level.VILLAGE.label),
]
POINTS = {"max_digits": 6, "decimal_places": 2}


class ScoringScheme(models.Model):
    campaign = models.ForeignKey(
        "inspections.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="schemes",
    )
    level = models.CharField(_("level"), max_length=8, choices=SCORED_LEVELS)
    title = models.CharField(
        _("table title"),
        max_length=200,
        help_text=_("As the annex is titled, e.g. 湛江市脱贫攻坚核查评价表（县级）."),
    )

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        ordering = ["campaign", "level"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "level"], name="scheme_unique_level")
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    scheme = models.ForeignKey(
        ScoringScheme,
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=100)
    max_points = models.DecimalField(
        _("maximum points"), **POINTS, validators=[MinValueValidator(Decimal("0.01"))]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="indicator_unique_name"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="indicator_max_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points.normalize():f}）"


class RatingBand(models.Model):
    """A rating (好 / 较好 / 一般 / 差 …) reached from ``min_total`` points up."""

    scheme = models.ForeignKey(
        ScoringScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="bands"
    )
    label = models.CharField(_("rating"), max_length=16)
    min_total = models.DecimalField(_("from total"), **POINTS)

    class Meta:
        verbose_name = _("rating band")
        verbose_name_plural = _("rating bands")
        ordering = ["scheme", "-min_total"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "label"], name="band_unique_label"),
            models.UniqueConstraint(fields=["scheme", "min_total"], name="band_unique_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.min_total.normalize():f}"


DEFAULT_BANDS = [("好", Decimal(90)), ("较好", Decimal(80)), ("一般", Decimal(0))]


class Scorecard(models.Model):
    """One region's result in a scheme."""

    region_scope_field = "region"

    scheme = models.ForeignKey(
        ScoringScheme,
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="scorecards",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    tie_break = models.PositiveIntegerField(
        _("tie-break order"),
        default=0,
        help_text=_("Among equal totals, lower numbers are listed first (then region code)."),
    )
    published_total = models.DecimalField(
        _("published total"),
        **POINTS,
        null=True,
        blank=True,
        help_text=_("Only when the campaign records published totals instead of scores."),
    )
    published_position = models.PositiveIntegerField(
        _("published position"),
        null=True,
        blank=True,
        help_text=_("Only when the campaign published a position and rating but no score."),
    )
    published_rating = models.CharField(_("published rating"), max_length=16, blank=True)
    published_label = models.CharField(
        _("published name"),
        max_length=100,
        blank=True,
        help_text=_("The region's name as the published table wrote it, if different."),
    )
    # Optimistic locking for score entry (apps/audit/locking.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["scheme", "region"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "region"], name="scorecard_unique_region"),
            models.CheckConstraint(
                condition=Q(published_total__isnull=True) | Q(published_position__isnull=True),
                name="scorecard_total_or_position",
            ),
            models.CheckConstraint(
                condition=Q(published_total__isnull=True) | Q(published_total__gte=0),
                name="scorecard_total_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.region}"

    @property
    def records_published_result(self) -> bool:
        return self.published_total is not None or self.published_position is not None

    def clean(self) -> None:
        super().clean()
        if not self.scheme_id or not self.region_id:
            return
        if self.region.level != self.scheme.level:
            raise ValidationError(
                {
                    "region": _("This scheme scores %(level)s regions.")
                    % {"level": self.scheme.get_level_display()}
                }
            )
        if not self.scheme.campaign.counties.filter(pk=self.region.county_id).exists():
            raise ValidationError(
                {"region": _("%(region)s is outside the campaign.") % {"region": self.region}}
            )
        if self.published_rating and self.published_position is None:
            raise ValidationError(
                {"published_rating": _("A published rating goes with a published position.")}
            )


class Score(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(_("points"), **POINTS)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "indicator"], name="score_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.points}"

    def clean(self) -> None:
        super().clean()
        if self.points is None or not self.indicator_id:
            return
        if self.points < 0:
            raise ValidationError({"points": _("A score cannot be negative.")})
        if self.points > self.indicator.max_points:
            raise ValidationError(
                {
                    "points": _("%(indicator)s allows at most %(max)s points.")
                    % {
                        "indicator": self.indicator.name,
                        "max": f"{self.indicator.max_points.normalize():f}",
                    }
                }
            )
        if self.scorecard_id and self.indicator.scheme_id != self.scorecard.scheme_id:
            raise ValidationError({"indicator": _("The indicator belongs to another scheme.")})


class Ranking(models.Model):
    """A computed ranked table of a scheme: the draft (no date) or a published one."""

    scheme = models.ForeignKey(
        ScoringScheme,
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="rankings",
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        ordering = ["scheme", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme"], condition=Q(published_on__isnull=True), name="one_draft_ranking"
            )
        ]

    def __str__(self) -> str:
        draft = _("draft")  # outside the f-string, where xgettext finds it
        return f"{self.scheme} · {official_date(self.published_on) or draft}"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class RankingRow(models.Model):
    """One row of a ranked table, as it is shown and exported (frozen once published)."""

    region_scope_field = "region"

    ranking = models.ForeignKey(
        Ranking, verbose_name=_("ranking"), on_delete=models.CASCADE, related_name="rows"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("No."))
    rank = models.PositiveIntegerField(_("rank"), null=True)
    tie_size = models.PositiveIntegerField(_("tie size"), default=1)
    total = models.DecimalField(_("total"), **POINTS, null=True)
    rating = models.CharField(_("rating"), max_length=16, blank=True)
    label = models.CharField(_("region"), max_length=100)
    is_poor_village = models.BooleanField(_("poor village"), null=True)

    class Meta:
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "position"], name="row_unique_position"),
            models.UniqueConstraint(fields=["ranking", "region"], name="row_unique_region"),
        ]
        indexes = [
            models.Index(fields=["ranking", "total"]),
            models.Index(fields=["ranking", "rating"]),
        ]

    def __str__(self) -> str:
        return f"{self.position} {self.label}"

    @property
    def is_tied(self) -> bool:
        return self.tie_size > 1

    @property
    def repeats_rank(self) -> bool:
        """The rank is shared with the row above (marked 并列): rows are
        numbered in rank order, so only a tie's first row has 序号 = 排名."""
        return self.rank is not None and self.position > self.rank
