from django.contrib import admin

from apps.accounts.access import can_edit_bulletins
from apps.accounts.admin_mixins import ScopedForeignKeys, ScopedInlineMixin
from apps.audit.admin import AuditedAdmin

from .models import Bulletin, BulletinAnnex


class BulletinAnnexInline(ScopedInlineMixin, admin.TabularInline):
    model = BulletinAnnex
    extra = 0
    autocomplete_fields = ()
    readonly_fields = ("table",)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_issued)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Bulletin)
class BulletinAdmin(ScopedForeignKeys, AuditedAdmin):
    """Bulletins are city-wide documents: the city office edits drafts here or on
    the bulletin pages; an issued bulletin is shown read-only."""

    list_display = ("document_number", "title", "status", "written_on", "campaign")
    list_filter = ("status", "year", "organ_abbreviation")
    search_fields = ("title", "body", "organ_abbreviation")
    autocomplete_fields = ("region",)
    inlines = [BulletinAnnexInline]
    readonly_fields = ("status", "pdf", "issued_at", "created_by", "updated_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("campaign")
        return queryset if can_edit_bulletins(request.user) else queryset.none()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj) and can_edit_bulletins(request.user)
        return allowed and not (obj and obj.is_issued)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
