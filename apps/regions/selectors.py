"""Reads of the region tree (per-user reads: ``apps.region_browser.selectors``)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Level, Region

# Reverse relations of the ancestor keys: region X's subtree is X.<level>_subtree.
_SUBTREE_RELATIONS = ("city_subtree", "county_subtree", "town_subtree")


def _count_below(level: str) -> Count:
    """Rows of ``level`` in the subtree, whatever the annotated region's level.

    A region has rows in exactly one of the three reverse relations (its own
    level's), so the LEFT JOINs don't multiply and the sum is exact.
    """
    total = None
    for relation in _SUBTREE_RELATIONS:
        term = Count(relation, filter=Q(**{f"{relation}__level": level}), distinct=True)
        total = term if total is None else total + term
    return total


def with_subtree_counts(regions: QuerySet[Region]) -> QuerySet[Region]:
    """Annotate each region with the number of towns and villages below it (one query)."""
    return regions.annotate(
        town_count=_count_below(Level.TOWN), village_count=_count_below(Level.VILLAGE)
    )


def pickable_regions(regions: QuerySet[Region], *, keep=()) -> QuerySet[Region]:
    """The regions a picker offers for a new record: the active ones. A region
    gone from the official list (inactive) is offered only where the record
    already points to it (``keep``: ids or a queryset of ids), so that an old
    record can still be saved as it is."""
    return regions.filter(Q(is_active=True) | Q(pk__in=keep))
