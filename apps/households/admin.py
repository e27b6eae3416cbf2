from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import scope_queryset
from apps.accounts.admin_mixins import (
    AssistingUnitKeepers,
    CityOfficeOnly,
    ImportLogForCityOffice,
    RegionScopedAdmin,
    RegistryKeepersOnly,
    ScopedForeignKeys,
    ScopedInlineMixin,
)
from apps.audit.admin import AuditedAdmin, VersionedAdminForm
from apps.core.numbers import format_count
from apps.locks.guard import LockAwareAdmin

from .forms import MemberChecks
from .models import AssistingUnit, ChoiceSynonym, Household, HouseholdImport, Member
from .vocabulary import vocabulary_choices


class MemberAdminForm(MemberChecks, VersionedAdminForm):
    """The portal's member checks (ID number, birth date, sex, certificate)."""


class MemberInlineForm(MemberChecks, forms.ModelForm):
    pass


class MemberInline(ScopedInlineMixin, admin.StackedInline):
    model = Member
    form = MemberInlineForm
    extra = 0
    exclude = ("version",)


@admin.register(Household)
class HouseholdAdmin(LockAwareAdmin, RegistryKeepersOnly, AuditedAdmin, RegionScopedAdmin):
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
class MemberAdmin(LockAwareAdmin, RegistryKeepersOnly, AuditedAdmin, RegionScopedAdmin):
    list_display = ("name", "household", "relationship", "sex", "birth_date")
    search_fields = ("name", "id_number", "household__number")
    raw_id_fields = ("household",)
    form = MemberAdminForm


@admin.register(AssistingUnit)
class AssistingUnitAdmin(AssistingUnitKeepers, RegionScopedAdmin):
    """Units paired with a village in scope; their page names only those villages."""

    list_display = ("name",)
    search_fields = ("name",)
    filter_horizontal = ("villages",)

    def get_object(self, request, object_id, from_field=None):
        unit = super().get_object(request, object_id, from_field)
        villages = unit.villages.select_related("county", "town")
        unit.villages_in_scope = list(scope_queryset(villages, request.user))
        return unit

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ["name", "villages"]
        # Read-only, the plain field would list every paired village, any county's.
        return ["name", "paired_villages"]

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ()
        return ("name", "paired_villages")

    @admin.display(description=_("paired villages"))
    def paired_villages(self, unit: AssistingUnit) -> str:
        return "、".join(v.full_name for v in getattr(unit, "villages_in_scope", ())) or "-"


@admin.register(HouseholdImport)
class HouseholdImportAdmin(ImportLogForCityOffice, ScopedForeignKeys, admin.ModelAdmin):
    list_display = ("original_name", "uploaded_by", "created_at", "status", "shown_rows")
    readonly_fields = [f.name for f in HouseholdImport._meta.fields]

    @admin.display(description=_("rows"), ordering="rows_total")
    def shown_rows(self, obj: HouseholdImport) -> str:
        return format_count(obj.rows_total)


class ChoiceSynonymForm(forms.ModelForm):
    # Grouped by column: the answer a synonym stands for, in the import's words.
    value = forms.ChoiceField(label=_("stands for"), choices=vocabulary_choices, required=False)

    class Meta:
        model = ChoiceSynonym
        fields = ("column", "word", "value", "note")


@admin.register(ChoiceSynonym)
class ChoiceSynonymAdmin(CityOfficeOnly, ScopedForeignKeys, AuditedAdmin):
    """The import vocabulary: the city office adds the spellings real files use."""

    form = ChoiceSynonymForm
    list_display = ("word", "column", "value", "note", "updated_at")
    list_filter = ("column",)
    search_fields = ("word", "note")
