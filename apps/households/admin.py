from django.contrib import admin

from apps.accounts.access import can_import_households, is_city_office
from apps.accounts.mixins import RegionScopedAdmin
from apps.audit.admin import AuditedAdmin

from .models import AssistingUnit, Household, HouseholdImport, Member


class RegistryKeepersOnly:
    """The registry holds ID numbers in full: only the offices that keep it
    (city office, county staff within their county) open it in the admin."""

    def has_module_permission(self, request):
        return can_import_households(request.user)

    def has_view_permission(self, request, obj=None):
        return can_import_households(request.user)

    def has_change_permission(self, request, obj=None):
        return can_import_households(request.user)

    def has_add_permission(self, request, *args):
        return can_import_households(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_city_office(request.user)


class MemberInline(admin.StackedInline):
    model = Member
    extra = 0
    exclude = ("version",)


@admin.register(Household)
class HouseholdAdmin(RegistryKeepersOnly, AuditedAdmin, RegionScopedAdmin):
    list_display = ("number", "village", "category", "exit_status", "exit_year")
    list_filter = ("category", "exit_status", "monitoring_status", "village__county")
    search_fields = ("number", "members__name", "members__id_number")
    autocomplete_fields = ("village",)
    inlines = [MemberInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("village", "village__county", "village__town")
        )


@admin.register(Member)
class MemberAdmin(RegistryKeepersOnly, AuditedAdmin, RegionScopedAdmin):
    list_display = ("name", "household", "relationship", "sex", "birth_date")
    search_fields = ("name", "id_number", "household__number")
    raw_id_fields = ("household",)


@admin.register(AssistingUnit)
class AssistingUnitAdmin(RegistryKeepersOnly, admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    filter_horizontal = ("villages",)

    def has_change_permission(self, request, obj=None):
        return is_city_office(request.user)

    def has_add_permission(self, request, *args):
        return is_city_office(request.user)


@admin.register(HouseholdImport)
class HouseholdImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "uploaded_by", "created_at", "status", "rows_total")
    readonly_fields = [f.name for f in HouseholdImport._meta.fields]

    def has_module_permission(self, request):
        return is_city_office(request.user)

    def has_view_permission(self, request, obj=None):
        return is_city_office(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_city_office(request.user)
