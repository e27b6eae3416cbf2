from django.contrib import admin

from apps.accounts.admin_mixins import (
    CityOfficeOnly,
    RecordedRowsInline,
    RegionScopedAdmin,
    ScopedForeignKeys,
    ScopedInlineMixin,
)
from apps.audit.admin import AuditedAdmin

from .models import Campaign, Evidence, Finding, FindingCategory, FindingTransition, Task, Team


class TeamInline(ScopedInlineMixin, admin.TabularInline):
    model = Team
    extra = 0
    filter_horizontal = ("members", "regions")


class TaskInline(ScopedInlineMixin, admin.StackedInline):
    """The text and assignment of a campaign's tasks; the status moves only
    through the portal's steps (propose, confirm, return), never here."""

    model = Task
    extra = 0
    fields = (
        ("order", "title"),
        "description",
        ("lead_department", "co_departments"),
        "regions",
        ("issued_on", "deadline"),
        ("target_value", "target_unit", "target_note"),
        ("status", "return_reason"),
    )
    readonly_fields = ("status", "return_reason")
    filter_horizontal = ("co_departments", "regions")


@admin.register(Campaign)
class CampaignAdmin(CityOfficeOnly, ScopedForeignKeys, admin.ModelAdmin):
    list_display = ("title", "kind", "year", "start_date", "end_date")
    list_filter = ("kind", "year")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("counties",)
    inlines = [TeamInline, TaskInline]


@admin.register(FindingCategory)
class FindingCategoryAdmin(CityOfficeOnly, ScopedForeignKeys, admin.ModelAdmin):
    list_display = ("name", "source_document", "order", "is_active")
    list_editable = ("order", "is_active")


class TransitionInline(RecordedRowsInline, admin.TabularInline):
    model = FindingTransition
    fields = ("from_status", "to_status", "by", "at", "note")


class EvidenceInline(RecordedRowsInline, admin.TabularInline):
    model = Evidence
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(Finding)
class FindingAdmin(AuditedAdmin, RegionScopedAdmin):
    list_display = ("region", "category", "campaign", "status", "deadline", "responsible_unit")
    list_filter = ("campaign", "category", "status", "source")
    search_fields = ("description", "region__name", "household_number")
    autocomplete_fields = ("region",)
    # Status only moves through the rectification pages, which record who and when.
    readonly_fields = ("status", "created_by", "created_at", "updated_at")
    inlines = [TransitionInline, EvidenceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("region", "region__county", "region__town", "category", "campaign")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
