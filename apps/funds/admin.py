"""The admin for every funds model, scoped like the other apps' admins.

Writes that carry a rule beyond one row go the services' way here too: an
expenditure locks its allocation and is refused when it would overspend it
(the admin's change form runs in one transaction, so the lock taken while
validating holds until the save); a repayment is refused above its loan."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.admin_mixins import (
    FundKeepersOnly,
    FundListsForCityOffice,
    RecordedRowsInline,
    RegionScopedAdmin,
    ScopedForeignKeys,
)
from apps.audit.admin import AuditedAdmin, VersionedAdminForm
from apps.locks.guard import LockAwareAdmin

from .models import (
    Asset,
    AssetDocument,
    AssetDocumentEvidence,
    AssetIncome,
    Expenditure,
    FundAllocation,
    FundSource,
    GuaranteeFund,
    LoanRepayment,
    MicroLoan,
    MonthlyProgress,
    Project,
    ProjectEvidence,
    ProjectKind,
)
from .services.allocations import check_fits, check_project, lock_allocations, refresh_spent
from .services.loans import check_repaid

EVIDENCE_FIELDS = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")


class FundAdmin(FundKeepersOnly, AuditedAdmin, RegionScopedAdmin):
    """Kept records: scoped rows, choices and objects; versioned edits."""


@admin.register(FundSource)
class FundSourceAdmin(FundListsForCityOffice, ScopedForeignKeys, AuditedAdmin):
    list_display = ("name", "order", "share", "is_active")
    list_editable = ("order", "share", "is_active")


@admin.register(ProjectKind)
class ProjectKindAdmin(FundListsForCityOffice, ScopedForeignKeys, AuditedAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(FundAllocation)
class FundAllocationAdmin(FundAdmin):
    list_display = ("document_number", "region", "year", "source", "amount_wan", "spent_wan")
    list_filter = ("year", "source", "region__county")
    search_fields = ("document_number", "purpose", "region__name")
    autocomplete_fields = ("region",)
    readonly_fields = ("spent_wan",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "region__county", "source")


class ExpenditureForm(VersionedAdminForm):
    def clean(self):
        cleaned = super().clean()
        allocation, amount = cleaned.get("allocation"), cleaned.get("amount_wan")
        if allocation is None or amount is None:
            return cleaned
        # Locked until the admin's transaction ends with the save.
        locked = lock_allocations(allocation.pk, self.instance.allocation_id)[allocation.pk]
        try:
            check_project(locked, cleaned.get("project"))
            check_fits(locked, amount, excluding=self.instance.pk)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return cleaned


@admin.register(Expenditure)
class ExpenditureAdmin(FundAdmin):
    form = ExpenditureForm
    list_display = ("voucher_number", "payee", "allocation", "project", "paid_on", "amount_wan")
    list_filter = ("allocation__year", "allocation__region__county")
    search_fields = ("voucher_number", "payee", "project__name")
    raw_id_fields = ("allocation", "project")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("allocation", "allocation__source", "project")
        )

    def save_model(self, request, obj, form, change):
        before = form.initial.get("allocation") if change else None
        super().save_model(request, obj, form, change)
        refresh_spent({obj.allocation_id, before} - {None})

    def delete_model(self, request, obj):
        with transaction.atomic():
            lock_allocations(obj.allocation_id)
            super().delete_model(request, obj)
            refresh_spent([obj.allocation_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            allocations = set(queryset.values_list("allocation_id", flat=True))
            lock_allocations(*allocations)
            super().delete_queryset(request, queryset)
            refresh_spent(allocations)


class ProjectEvidenceInline(RecordedRowsInline, admin.TabularInline):
    model = ProjectEvidence
    fields = ("caption", *EVIDENCE_FIELDS)


@admin.register(Project)
class ProjectAdmin(FundAdmin):
    list_display = ("name", "region", "kind", "year", "stage", "notice_on")
    list_filter = ("year", "kind", "stage", "region__county")
    search_fields = ("name", "tender_reference", "region__name")
    autocomplete_fields = ("region",)
    raw_id_fields = ("households",)
    # The stage moves only through services.do_advance_project / do_step_project_back.
    readonly_fields = ("stage", "started_on", "accepted_on", "completed_on")
    inlines = [ProjectEvidenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "region__county", "kind")


@admin.register(MonthlyProgress)
class MonthlyProgressAdmin(LockAwareAdmin, FundAdmin):
    """Locked while a return covering its region and month is submitted or approved."""

    list_display = ("region", "project", "month", "planned_cumulative_wan", "actual_cumulative_wan")
    list_filter = ("month", "region__county")
    autocomplete_fields = ("region",)
    raw_id_fields = ("project",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "region__county", "project")


@admin.register(Asset)
class AssetAdmin(FundAdmin):
    list_display = ("name", "project", "kind", "value_wan", "owner", "operator")
    list_filter = ("kind", "project__region__county")
    search_fields = ("name", "owner", "operator", "project__name")
    raw_id_fields = ("project",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project")


@admin.register(AssetIncome)
class AssetIncomeAdmin(FundAdmin):
    list_display = (
        "asset",
        "year",
        "income_wan",
        "distributed_to_households_wan",
        "households_count",
    )
    list_filter = ("year",)
    raw_id_fields = ("asset",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("asset")


class AssetDocumentEvidenceInline(RecordedRowsInline, admin.TabularInline):
    model = AssetDocumentEvidence
    fields = EVIDENCE_FIELDS


@admin.register(AssetDocument)
class AssetDocumentAdmin(FundAdmin):
    list_display = ("title", "county", "kind", "document_number", "issued_on")
    list_filter = ("kind",)
    search_fields = ("title", "document_number")
    autocomplete_fields = ("county",)
    inlines = [AssetDocumentEvidenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("county")


@admin.register(MicroLoan)
class MicroLoanAdmin(FundAdmin):
    list_display = ("contract_number", "bank", "borrower", "amount_wan", "issued_on", "due_on")
    list_filter = ("bank", "borrower__village__county")
    search_fields = ("contract_number", "bank", "borrower__number")
    raw_id_fields = ("borrower",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("borrower")


class RepaymentForm(VersionedAdminForm):
    def clean(self):
        cleaned = super().clean()
        loan, amount = cleaned.get("loan"), cleaned.get("amount_wan")
        if loan is not None and amount is not None:
            # Locked until the admin's transaction ends with the save.
            locked = MicroLoan._base_manager.select_for_update().get(pk=loan.pk)
            try:
                check_repaid(locked, amount, excluding=self.instance.pk)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return cleaned


@admin.register(LoanRepayment)
class LoanRepaymentAdmin(FundAdmin):
    form = RepaymentForm
    list_display = ("loan", "paid_on", "amount_wan")
    list_filter = ("paid_on",)
    raw_id_fields = ("loan",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("loan")


@admin.register(GuaranteeFund)
class GuaranteeFundAdmin(FundAdmin):
    list_display = ("county", "bank", "amount_wan", "deposited_on")
    list_filter = ("bank",)
    autocomplete_fields = ("county",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("county")
