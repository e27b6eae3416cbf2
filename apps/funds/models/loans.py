"""Micro-credit (扶贫小额信贷): loans to registered households, their
repayments, and the counties' guarantee funds (担保金). Amounts in 万元 to
four decimals (one 元): loans are repaid to the yuan. The overdue amount is
never stored; selectors compute it for an as-of date."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.dates import official_date
from apps.regions.models import Level

from .base import ZERO, not_negative, require_level, version_field, wan_field

LOAN_PLACES = 4


class MicroLoan(models.Model):
    """Natural key (re-import): bank and contract number."""

    region_scope_field = "borrower__village"

    borrower = models.ForeignKey(
        "households.Household",
        verbose_name=_("borrower household"),
        on_delete=models.PROTECT,
        related_name="micro_loans",
    )
    bank = models.CharField(_("bank"), max_length=100)
    contract_number = models.CharField(_("contract number"), max_length=60)
    amount_wan = wan_field(_("loan amount (万元)"), decimal_places=LOAN_PLACES)
    issued_on = models.DateField(_("issued on"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    due_on = models.DateField(_("due on"))
    interest_subsidy_wan = wan_field(
        _("interest subsidy (万元)"), decimal_places=LOAN_PLACES, default=ZERO
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("micro-loan")
        verbose_name_plural = _("micro-loans")
        ordering = ["-issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "contract_number"],
                name="loan_natural_key",
                violation_error_message=_(
                    "This bank already has a loan with this contract number."
                ),
            ),
            *not_negative("loan", "amount_wan", "interest_subsidy_wan"),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("issued_on")), name="loan_due_after_issue"
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="loan_due_on")]

    def __str__(self) -> str:
        return f"{self.bank} {self.contract_number}"

    def clean(self) -> None:
        super().clean()
        if self.issued_on and self.due_on and self.due_on < self.issued_on:
            raise ValidationError({"due_on": _("A loan falls due after it is issued.")})


class LoanRepayment(models.Model):
    region_scope_field = "loan__borrower__village"

    loan = models.ForeignKey(
        MicroLoan, verbose_name=_("micro-loan"), on_delete=models.CASCADE, related_name="repayments"
    )
    paid_on = models.DateField(_("paid on"))
    amount_wan = wan_field(_("amount (万元)"), decimal_places=LOAN_PLACES)
    version = version_field()

    class Meta:
        verbose_name = _("loan repayment")
        verbose_name_plural = _("loan repayments")
        ordering = ["loan", "paid_on", "pk"]
        constraints = not_negative("repayment", "amount_wan")
        indexes = [models.Index(fields=["loan", "paid_on"], name="repayment_loan_paid")]

    def __str__(self) -> str:
        return f"{self.loan} {official_date(self.paid_on)}"


class GuaranteeFund(models.Model):
    """Money a county deposits with a bank to guarantee its households' loans.
    Natural key: county, bank and deposit date."""

    region_scope_field = "county"

    county = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="guarantee_funds",
        limit_choices_to={"level": Level.COUNTY},
    )
    bank = models.CharField(_("bank"), max_length=100)
    amount_wan = wan_field(_("amount (万元)"))
    deposited_on = models.DateField(_("deposited on"))
    version = version_field()

    class Meta:
        verbose_name = _("guarantee fund")
        verbose_name_plural = _("guarantee funds")
        ordering = ["county", "bank", "-deposited_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "bank", "deposited_on"], name="guarantee_natural_key"
            ),
            *not_negative("guarantee", "amount_wan"),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.bank}"

    def clean(self) -> None:
        super().clean()
        if self.county_id:
            require_level(self.county, (Level.COUNTY,), "county")
