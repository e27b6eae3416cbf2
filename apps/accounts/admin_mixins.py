"""The admin's scoping and permission classes: every admin uses these, each
permission decided by a named function of ``access.py``.

Scoping: an admin's rows, the choices of every foreign key and many-to-many
field (selects, raw-id and autocomplete alike: the form field's queryset
is what a posted value is checked against) and the choices of its related
list filters are limited to the user's scope.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import Http404

from apps.regions.forms import offer_active_regions
from apps.regions.models import Region

from . import access
from .access import can_be_scoped, scope_queryset


def scoped_choices(model: type[Model], user) -> QuerySet | None:
    """The rows of ``model`` a form may offer ``user``; None when the model has
    no region (campaigns, categories: not a county's records)."""
    if not can_be_scoped(model):
        return None
    queryset = model._default_manager.all()
    if model is Region:
        queryset = queryset.select_related("county", "town")  # names show the county
    return scope_queryset(queryset, user)


def _offering_active_regions(form_class):
    """``form_class`` whose region choices leave out regions gone from the
    official list, except those the edited record already points to."""

    class Form(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            offer_active_regions(self)

    Form.__name__ = Form.__qualname__ = form_class.__name__
    return Form


class ScopedForeignKeys:
    """For ModelAdmin and InlineModelAdmin: foreign keys and many-to-many
    fields offer, and accept on save, only rows in the user's scope — and of
    regions only active ones, but for those a record already names."""

    def get_form(self, request, obj=None, **kwargs):  # ModelAdmin
        return _offering_active_regions(super().get_form(request, obj, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):  # InlineModelAdmin
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _offering_active_regions(formset.form)
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _limit_choices(self, db_field, request, kwargs: dict) -> None:
        queryset = scoped_choices(db_field.related_model, request.user)
        if queryset is None:
            return
        ordered = self.get_field_queryset(None, db_field, request)
        if ordered is not None and ordered.query.order_by:
            queryset = queryset.order_by(*ordered.query.order_by)
        kwargs["queryset"] = queryset


class ScopedRelatedFieldListFilter(admin.RelatedOnlyFieldListFilter):
    """A related filter listing only the values the (scoped) changelist holds,
    and of those only the rows in the user's scope — never every county."""

    def field_choices(self, field, request, model_admin):
        choices = super().field_choices(field, request, model_admin)
        allowed = scoped_choices(field.related_model, request.user)
        if allowed is None or access.region_scope(request.user).unrestricted:
            return choices
        listed = [pk for pk, _label in choices]
        keep = set(allowed.filter(pk__in=listed).values_list("pk", flat=True))
        return [(pk, label) for pk, label in choices if pk in keep]


def _is_relation_path(model: type[Model], path: str) -> bool:
    """Whether ``village__county`` (say) ends on a foreign key or M2M of a scopable model."""
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if not field.is_relation:
            return False
        model = field.related_model
    return field is not None and can_be_scoped(model)


class RegionScopedAdmin(ScopedForeignKeys, admin.ModelAdmin):
    """ModelAdmin whose changelist, filters, forms and object pages honour the user's scope."""

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Same answer for "missing" and "not yours": nothing is revealed.
            raise Http404
        return obj

    def get_list_filter(self, request):
        return [
            (item, ScopedRelatedFieldListFilter)
            if isinstance(item, str) and _is_relation_path(self.model, item)
            else item
            for item in super().get_list_filter(request)
        ]


class ScopedInlineMixin(ScopedForeignKeys):
    """For inlines: the same limited choices as the admin they sit in."""


class RecordedRowsInline(ScopedInlineMixin):
    """An inline that shows what a service recorded (transitions, evidence,
    reported values): nothing added, changed or deleted from here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or ()

    def has_add_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------- permissions


class CityOfficeOnly:
    """Campaigns, teams, tasks, the category list, scoring schemes, scorecards
    and rankings belong to the city office."""

    def has_module_permission(self, request):
        return access.can_manage_campaigns(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_manage_campaigns(request.user)

    def has_add_permission(self, request, *args):
        return access.can_manage_campaigns(request.user)

    def has_change_permission(self, request, obj=None):
        return access.can_manage_campaigns(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_manage_campaigns(request.user)


class RegistryKeepersOnly:
    """The registry holds ID numbers in full: only the offices that keep it
    (city office, county staff within their county) open it in the admin."""

    def has_module_permission(self, request):
        return access.may_keep_registry(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_keep_registry(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_keep_registry(request.user)

    def has_add_permission(self, request, *args):
        return access.may_keep_registry(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_delete_registry_records(request.user)


class AssistingUnitKeepers(RegistryKeepersOnly):
    """Registry keepers read the pairings in their scope; the city office changes them."""

    def has_change_permission(self, request, obj=None):
        return access.can_manage_assisting_units(request.user)

    def has_add_permission(self, request, *args):
        return access.can_manage_assisting_units(request.user)


class PlanKeepersOnly:
    """Plans are kept by the city office (everywhere) and county staff (their
    county's plans, the admin's queryset being scoped); others read the pages."""

    def has_module_permission(self, request):
        return access.may_keep_plans(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_keep_plans(request.user)

    def has_add_permission(self, request, *args):
        return access.may_keep_plans(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.may_keep_plans(request.user)
        return access.can_edit_plans(request.user, self.plan_of(obj).region)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def plan_of(self, obj):
        return obj


class RegionTreeKeepersOnly:
    """Everyone reads the region tree (in scope); the city office changes it."""

    def has_add_permission(self, request):
        return access.can_manage_regions(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return access.can_manage_regions(request.user) and allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return access.can_manage_regions(request.user) and allowed


class ReadOnlyRecords:
    """Rows written by the system (failed logins, imports, the change log):
    never added or edited by hand."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportLogForCityOffice(ReadOnlyRecords):
    """Every upload of the household file: the city office reads and deletes them."""

    def has_module_permission(self, request):
        return access.can_see_import_log(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_see_import_log(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_see_import_log(request.user)


class AuditLogForSuperuser(ReadOnlyRecords):
    """The whole change log: the superuser reads it; nobody changes it."""

    def has_module_permission(self, request):
        return access.can_see_audit_log(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_see_audit_log(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


def region_of_record(obj) -> Region:
    """The region a record lies in, along its model's ``region_scope_field``."""
    for name in obj.region_scope_field.split("__"):
        obj = getattr(obj, name)
    return obj


class FundKeepersOnly:
    """Fund, project, asset and loan records: kept by the city office
    (everywhere) and county staff (their county's, the admin's queryset being
    scoped); inspectors and leadership read them on the portal's pages."""

    def has_module_permission(self, request):
        return access.may_keep_funds(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_keep_funds(request.user)

    def has_add_permission(self, request, *args):
        return access.may_keep_funds(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.may_keep_funds(request.user)
        return access.can_keep_funds(request.user, region_of_record(obj))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class FundListsForCityOffice:
    """The managed lists of fund sources and project kinds: the city office."""

    def has_module_permission(self, request):
        return access.can_manage_fund_lists(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_manage_fund_lists(request.user)

    def has_add_permission(self, request, *args):
        return access.can_manage_fund_lists(request.user)

    def has_change_permission(self, request, obj=None):
        return access.can_manage_fund_lists(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_manage_fund_lists(request.user)


class LedgerTemplateKeepersOnly:
    """Ledger templates (台账目录) and their items belong to the city office."""

    def has_module_permission(self, request):
        return access.can_manage_ledgers(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_manage_ledgers(request.user)

    def has_add_permission(self, request, *args):
        return access.can_manage_ledgers(request.user)

    def has_change_permission(self, request, obj=None):
        return access.can_manage_ledgers(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_manage_ledgers(request.user)
