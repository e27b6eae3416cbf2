from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts.admin_mixins import RegionScopedAdmin, ScopedInlineMixin
from apps.audit.admin import AuditedAdmin

from . import services
from .models import Deliverable, Phase, Timetable


class PhaseInline(ScopedInlineMixin, admin.TabularInline):
    model = Phase
    extra = 0
    fields = ("order", "task", "starts_on", "deadline")


@admin.register(Timetable)
class TimetableAdmin(AuditedAdmin, RegionScopedAdmin):
    list_display = ("title", "issuer", "region", "issued_on")
    search_fields = ("title", "issuer")
    autocomplete_fields = ("region",)
    filter_horizontal = ("assisting_units",)
    readonly_fields = ("created_by",)
    inlines = [PhaseInline]
    actions = ["generate_checklist"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Add the per-village checklist from the paired villages"))
    def generate_checklist(self, request, queryset):
        added = sum(
            services.generate_checklist(user=request.user, timetable=timetable)
            for timetable in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d deliverable added.", "%(count)d deliverables added.", added)
            % {"count": added},
            messages.SUCCESS,
        )


@admin.register(Deliverable)
class DeliverableAdmin(AuditedAdmin, RegionScopedAdmin):
    list_display = ("title", "village", "phase", "assisting_unit", "completed_on")
    list_filter = ("phase__timetable", "phase__order")
    search_fields = ("title", "village__name")
    autocomplete_fields = ("village",)
    raw_id_fields = ("phase",)
    readonly_fields = ("completed_on", "completed_by", "note")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("village", "phase", "phase__timetable", "assisting_unit")
        )
