"""Reads of the region tree as one user may see it."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.accounts.access import get_object_in_scope, region_scope, scope_queryset
from apps.regions.models import Region
from apps.regions.selectors import with_subtree_counts


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


def scope_label(user) -> str:
    """The regions a user's pages cover, for a printed heading: 湛江市 for the
    city-wide roles, else the granted regions (吴川市、廉江市)."""
    regions = region_scope(user).top_regions().select_related("county", "town")
    return "、".join(r.full_name for r in regions.order_by("code", "name"))
