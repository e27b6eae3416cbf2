"""The admin for monitoring cases: scoped like the other apps; the status is
read-only and changes only through the lifecycle (an admin action)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from apps.accounts import access
from apps.accounts.admin_mixins import RegionScopedAdmin, region_of_record
from apps.audit.admin import AuditedAdmin
from apps.locks.guard import LockAwareAdmin

from . import services
from .models import MonitoringCase, StepAction


class MonitoringKeepersOnly:
    def has_module_permission(self, request):
        return access.may_keep_monitoring(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_keep_monitoring(request.user)

    def has_add_permission(self, request, *args):
        return False  # cases are opened on the household page (services.do_open_case)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.may_keep_monitoring(request.user)
        return access.can_keep_monitoring(request.user, region_of_record(obj))

    def has_delete_permission(self, request, obj=None):
        return False  # closed cases are kept


@admin.action(description=_("Confirm risk removal"))
def confirm_removal(modeladmin, request, queryset):
    for case in queryset:
        try:
            services.do_take_step(actor=request.user, case=case, action=StepAction.CONFIRM)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, f"{case}: {'；'.join(getattr(exc, 'messages', [str(exc)]))}")


@admin.register(MonitoringCase)
class MonitoringCaseAdmin(LockAwareAdmin, MonitoringKeepersOnly, AuditedAdmin, RegionScopedAdmin):
    list_display = ("household", "kind", "identified_on", "status")
    list_filter = ("kind", "status", "household__village__county")
    search_fields = ("household__number",)
    readonly_fields = ("household", "status", "opened_by")
    exclude = ("risk_types",)
    actions = [confirm_removal]

    def save_model(self, request, obj, form, change):
        # The same checks as the page: through the service, never a bare save.
        services.do_update_case(
            actor=request.user,
            case=obj,
            expected_version=form.cleaned_data.get("opened_version"),
            changes={name: form.cleaned_data[name] for name in form.changed_data
                     if name in services.CASE_FIELDS},
        )  # fmt: skip
