"""Reads of the region tree."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from apps.accounts.access import get_object_in_scope, region_scope, scope_queryset

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


def browsable_children(*, user, parent: Region | None) -> QuerySet[Region]:
    """The regions a browser page lists: the parent's children in scope or, at
    the top, where the user's scope starts."""
    if parent is None:
        base = region_scope(user).top_regions()
    else:
        base = scope_queryset(parent.children.all(), user)
    return with_subtree_counts(base.select_related("county", "town")).order_by("code", "name")


def region_for_browser(*, user, pk: int) -> Region:
    """The region, or 404 outside the user's scope."""
    return get_object_in_scope(Region.objects.select_related("city", "county", "town"), user, pk=pk)
