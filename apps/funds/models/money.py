"""Allocations (到位资金), what is spent from them (已使用资金) and the monthly
planned-versus-actual progress return."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.regions.models import Level

from .base import ZERO, cents, not_negative, require_level, version_field, wan_field

ALLOCATION_LEVELS = (Level.COUNTY, Level.TOWN, Level.VILLAGE)


class FundAllocation(models.Model):
    """Money a source level allocated to a county, town or village in a year.
    Natural key (re-import): region, year, source and document number (文号)."""

    region_scope_field = "region"

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="fund_allocations",
        limit_choices_to={"level__in": list(ALLOCATION_LEVELS)},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.ForeignKey(
        "funds.FundSource", verbose_name=_("fund source"), on_delete=models.PROTECT
    )
    document_number = models.CharField(
        _("document number"), max_length=60, help_text=_("e.g. 粤财农〔2019〕12号")
    )
    allocated_on = models.DateField(_("allocated on"))
    amount_wan = wan_field(_("amount (万元)"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    # The sum of this allocation's expenditures, kept by the services under the
    # allocation's row lock; the database refuses a sum above the amount.
    spent_wan = models.DecimalField(
        _("spent (万元)"), max_digits=14, decimal_places=2, default=ZERO, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("fund allocation")
        verbose_name_plural = _("fund allocations")
        ordering = ["-year", "region__code", "source__order", "document_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "source", "document_number"],
                name="allocation_natural_key",
                violation_error_message=_(
                    "An allocation with this document number already exists for this region, "
                    "year and source."
                ),
            ),
            *not_negative("allocation", "amount_wan", "spent_wan"),
            models.CheckConstraint(
                condition=Q(spent_wan__lte=F("amount_wan")), name="allocation_not_overspent"
            ),
        ]
        indexes = [models.Index(fields=["year", "region"], name="allocation_year_region")]

    def __str__(self) -> str:
        return f"{self.year} {self.source} {self.document_number}"

    @property
    def remaining_wan(self) -> Decimal:
        return self.amount_wan - self.spent_wan

    def clean(self) -> None:
        super().clean()
        if self.region_id:
            require_level(self.region, ALLOCATION_LEVELS, "region")
        if self.amount_wan is not None and self.amount_wan < self.spent_wan:
            raise ValidationError(
                {
                    "amount_wan": _(
                        "%(spent)s万元 of this allocation is already spent: the amount "
                        "cannot be lower."
                    )
                    % {"spent": cents(self.spent_wan)}
                }
            )


class Expenditure(models.Model):
    """A payment (拨付使用) from an allocation, usually for a project — funds
    follow projects (seed 003) — or for spending that is no project (training,
    loan interest subsidies): then ``project`` is empty."""

    region_scope_field = "allocation__region"

    # No single-column indexes on the two keys: the composite indexes below
    # (and the voucher constraint) lead with them, and every index is work for
    # the bulk import.
    allocation = models.ForeignKey(
        FundAllocation,
        verbose_name=_("fund allocation"),
        on_delete=models.PROTECT,
        related_name="expenditures",
        db_index=False,
    )
    project = models.ForeignKey(
        "funds.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
        db_index=False,
        help_text=_("Empty for spending that is no project."),
    )
    paid_on = models.DateField(_("paid on"))
    amount_wan = wan_field(_("amount (万元)"))
    payee = models.CharField(_("payee"), max_length=200)
    voucher_number = models.CharField(_("voucher number"), max_length=60)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "voucher_number"],
                name="expenditure_voucher_unique_per_allocation",
                violation_error_message=_("This voucher number is already used in the allocation."),
            ),
            *not_negative("expenditure", "amount_wan"),
        ]
        indexes = [
            models.Index(fields=["project", "paid_on"], name="expenditure_project_paid"),
            # What an allocation paid by a day, read from the index alone (the
            # disbursement-by-deadline sum: 0.7 s → see benchmarks/funds.py).
            models.Index(
                fields=["allocation", "paid_on", "amount_wan"], name="expenditure_alloc_paid"
            ),
            # The payments after a day (all allocations), from the index alone:
            # what disbursement_by subtracts from the kept spent sums.
            models.Index(
                fields=["paid_on", "allocation", "amount_wan"], name="expenditure_paid_alloc"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_number} {self.payee}"


class MonthlyProgress(models.Model):
    """Planned and actual cumulative spending for a month (the progress return
    of seed 004): of one project, or of a whole county when ``project`` is
    empty. ``month`` is the month's first day."""

    region_scope_field = "region"

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="fund_progress",
        help_text=_("The county, or the project's own region."),
    )
    project = models.ForeignKey(
        "funds.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    planned_cumulative_wan = wan_field(_("planned cumulative spending (万元)"))
    actual_cumulative_wan = wan_field(_("actual cumulative spending (万元)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("monthly progress")
        verbose_name_plural = _("monthly progress")
        ordering = ["region", "project", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month"],
                condition=Q(project__isnull=False),
                name="progress_unique_project_month",
            ),
            models.UniqueConstraint(
                fields=["region", "month"],
                condition=Q(project__isnull=True),
                name="progress_unique_county_month",
            ),
            *not_negative("progress", "planned_cumulative_wan", "actual_cumulative_wan"),
        ]

    def __str__(self) -> str:
        return f"{self.project or self.region} {self.month:%Y-%m}"

    def clean(self) -> None:
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Give the month's first day.")})
        if self.project_id is None and self.region_id:
            require_level(self.region, (Level.COUNTY,), "region")
        if self.project_id is not None and self.region_id != self.project.region_id:
            raise ValidationError({"region": _("A project's progress lies in its own region.")})
