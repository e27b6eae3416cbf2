"""Chart data and the dashboard's words, built from rows already read (no queries)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.urls import reverse

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
) -> tuple[list[dict], str]:
    """The bars for ranked regions and their unit: totals (分) where any row has
    one, else the number of regions (个) per rating."""
    if not rows:
        return [], ""
    bars = chart_rows(rows, campaign=campaign, drillable=drillable, previous=previous)
    if any(bar["value"] is not None for bar in bars):
        return bars, "分"
    return rating_count_rows(rows, ratings), "个"


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
        return ("尚无评分方案", "由市扶贫办在管理后台为本次核查建立评分方案（县级、镇级或村级）。")
    if not campaign.has_scores:
        return (
            "尚无分数",
            "评分方案已建立。由核查组在“评分”中录入各地分数，"
            "或由市扶贫办在管理后台录入已公布的结果。",
        )
    if not campaign.has_published:
        return ("排名尚未发布", "以下为草稿排名，由市扶贫办发布后即为正式结果。")
    return None
