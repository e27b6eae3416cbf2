"""Filters every list shares: the county choice, offering only counties in scope."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.regions.models import Level, Region

from .access import scope_queryset


def counties_in_scope(request) -> QuerySet[Region]:
    """The counties the request's user may see, in code order (none without a request)."""
    if request is None:
        return Region.objects.none()
    counties = Region.objects.filter(level=Level.COUNTY).order_by("code", "name")
    return scope_queryset(counties, request.user)


def county_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    """A 县（市、区） choice over ``field_name`` (e.g. ``region__county``), scoped to the user."""
    return django_filters.ModelChoiceFilter(
        label=_("County"),
        field_name=field_name,
        queryset=counties_in_scope,
        empty_label=_("All counties"),
    )
