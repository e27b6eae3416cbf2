"""Chart data and the dashboard's words, built from rows already read (no queries)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from apps.inspections.models import Campaign

from .models import RankingRow

# One colour per rating, shared by the bars and the legend under the chart.
RATING_COLOURS = {"好": "#2e7d32", "较好": "#1565c0", "一般": "#ef6c00", "差": "#c62828"}
OTHER_COLOUR = "#757575"
PREVIOUS_COLOUR = "#bdbdbd"


def rating_colour(rating: str) -> str:
    return RATING_COLOURS.get(rating, OTHER_COLOUR)


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def chart_rows(
    rows: Iterable[RankingRow],
    *,
    campaign: Campaign,
    drillable: bool,
    previous: dict[int, Decimal | None] | None = None,
) -> list[dict]:
    """One bar per row: name, total, rating, colour, drill link, previous total."""
    previous = previous or {}
    return [
        {
            "name": row.label,
            "value": _number(row.total),
            "rating": row.rating,
            "colour": rating_colour(row.rating),
            "url": reverse("scorecards:drill", args=[campaign.slug, row.region_id])
            if drillable
            else None,
            "previous": _number(previous.get(row.region_id)),
        }
        for row in rows
    ]


def rating_count_rows(rows: Iterable[RankingRow], ratings: list[str]) -> list[dict]:
    """One bar per rating: how many rows reached it (for results published as
    positions and ratings only, which have no totals to draw)."""
    counts = dict.fromkeys(ratings, 0)
    for row in rows:
        if row.rating:
            counts[row.rating] = counts.get(row.rating, 0) + 1
    return [
        {
            "name": label,
            "value": n,
            "rating": label,
            "colour": rating_colour(label),
            "url": None,
            "previous": None,
        }
        for label, n in counts.items()
    ]


def region_chart(
    rows: list[RankingRow],
    *,
    campaign: Campaign,
    drillable: bool,
    ratings: list[str],
    previous: dict[int, Decimal | None] | None = None,
) -> tuple[list[dict], bool]:
    """The bars for ranked regions, and whether they count regions: totals where
    any row has one, else the number of regions per rating."""
    if not rows:
        return [], False
    bars = chart_rows(rows, campaign=campaign, drillable=drillable, previous=previous)
    if any(bar["value"] is not None for bar in bars):
        return bars, False
    return rating_count_rows(rows, ratings), True


def chart_unit(counts: bool) -> str:
    """The value axis's name: 分 for totals, 个 for counts of regions."""
    return pgettext("chart axis", "regions") if counts else pgettext("chart axis", "points")


def compared_with(previous: Campaign | None, bars: list[dict]) -> Campaign | None:
    """The previous campaign, only when some bar actually carries its total."""
    return previous if any(bar["previous"] is not None for bar in bars) else None


def chart_height(bars: list[dict]) -> int:
    """Pixels: about 36 per bar (two bars each with a comparison), at least 240."""
    per_bar = 56 if any(bar["previous"] is not None for bar in bars) else 36
    return max(240, len(bars) * per_bar + 70)


def legend(ratings: list[str]) -> list[tuple[str, str]]:
    return [(label, rating_colour(label)) for label in ratings]


def count_cells(counts: dict[str, dict[str, int]], level: str, ratings: list[str]) -> list[int]:
    """The level's count per rating, 0 where none: a blank cell shifted the row."""
    per_level = counts.get(level, {})
    return [per_level.get(label, 0) for label in ratings]


def missing_step(campaign: Campaign) -> tuple[str, str] | None:
    """What the campaign lacks before the dashboard can show it, and who fills it."""
    if not campaign.has_scheme:
        return (
            _("No scoring scheme yet"),
            _(
                "The city office sets up this campaign's scoring scheme (county, town or "
                "village level) in data entry."
            ),
        )
    if not campaign.has_scores:
        return (
            _("No scores yet"),
            _(
                "The scoring scheme exists. The inspection teams enter each region's scores "
                "under Scorecards, or the city office enters the published results in data entry."
            ),
        )
    if not campaign.has_published:
        return (
            _("Ranking not published yet"),
            _(
                "Below is the draft ranking; it becomes the official result once the city "
                "office publishes it."
            ),
        )
    return None
