"""Scoping for class-based views: use this, don't filter by hand. (The admin's
scoping and permission classes live in ``admin_mixins.py``.)"""

from __future__ import annotations

from .access import scope_queryset


class ScopedQuerysetMixin:
    """For ListView/DetailView: the queryset holds only rows in the user's scope,
    so a detail URL of another county's row answers 404."""

    def get_queryset(self):
        return scope_queryset(super().get_queryset(), self.request.user)
