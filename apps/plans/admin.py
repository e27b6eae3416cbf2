from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import scope_queryset
from apps.accounts.admin_mixins import (
    PlanKeepersOnly,
    RecordedRowsInline,
    RegionScopedAdmin,
    ScopedInlineMixin,
)
from apps.audit.admin import AuditedAdmin

from .models import Plan, PlanAction, ReportedValue, Target


class PlanListFilter(admin.SimpleListFilter):
    """The plans the user may see (the default related filter would list all)."""

    title = _("plan")
    parameter_name = "plan"

    def lookups(self, request, model_admin):
        plans = scope_queryset(Plan.objects.all(), request.user)
        return [(plan.pk, str(plan)) for plan in plans]

    def queryset(self, request, queryset):
        value = str(self.value() or "")  # an int when the admin counts facets
        return queryset.filter(action__plan=int(value)) if value.isdecimal() else queryset


class PlanActionInline(ScopedInlineMixin, admin.TabularInline):
    model = PlanAction
    extra = 0


@admin.register(Plan)
class PlanAdmin(PlanKeepersOnly, AuditedAdmin, RegionScopedAdmin):
    list_display = ("title", "document_number", "issuer", "year", "region")
    list_filter = ("year",)
    search_fields = ("title", "document_number", "issuer")
    autocomplete_fields = ("region",)
    inlines = [PlanActionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "region__county")


class ReportedValueInline(RecordedRowsInline, admin.TabularInline):
    model = ReportedValue
    fields = ("value", "reported_on", "note", "reported_by", "created_at")


@admin.register(Target)
class TargetAdmin(PlanKeepersOnly, AuditedAdmin, RegionScopedAdmin):
    list_display = (
        "description",
        "action",
        "lead_departments",
        "kind",
        "comparison",
        "target_value",
        "indicator",
        "deadline",
    )
    list_filter = (PlanListFilter, "kind", "indicator")
    search_fields = ("description", "lead_departments", "cooperating_departments")
    inlines = [ReportedValueInline]

    def plan_of(self, obj) -> Plan:
        return obj.action.plan

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("action", "action__plan__region")
