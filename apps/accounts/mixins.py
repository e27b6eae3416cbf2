"""Scoping for class-based views and the admin: use these, don't filter by hand."""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404

from apps.regions.models import Region

from .access import scope_queryset


class ScopedQuerysetMixin:
    """For ListView/DetailView: the queryset holds only rows in the user's scope,
    so a detail URL of another county's row answers 404."""

    def get_queryset(self):
        return scope_queryset(super().get_queryset(), self.request.user)


class RegionScopedAdmin(admin.ModelAdmin):
    """ModelAdmin whose changelist, forms and object pages honour the user's scope."""

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Same answer for "missing" and "not yours": nothing is revealed.
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Region:
            kwargs["queryset"] = scope_queryset(
                Region.objects.select_related("county", "town"), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Region:
            kwargs["queryset"] = scope_queryset(
                Region.objects.select_related("county", "town"), request.user
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
