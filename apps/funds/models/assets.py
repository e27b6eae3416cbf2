"""Poverty-alleviation assets (扶贫资产) left by projects, their yearly income
and its distribution, and each county's three asset documents."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.evidence.models import EvidenceFile
from apps.regions.models import Level

from .base import not_negative, require_level, version_field, wan_field


class AssetKind(models.TextChoices):
    BUSINESS = "business", _("Income-generating")
    PUBLIC = "public", _("Public-welfare")
    HOUSEHOLD = "household", _("Household")


class Asset(models.Model):
    region_scope_field = "project__region"

    project = models.ForeignKey(
        "funds.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="assets",
        help_text=_("The project the asset came from."),
    )
    name = models.CharField(_("asset name"), max_length=200)
    kind = models.CharField(_("asset kind"), max_length=10, choices=AssetKind.choices)
    value_wan = wan_field(_("value (万元)"))
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("e.g. the village collective (村集体).")
    )
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("poverty-alleviation asset")
        verbose_name_plural = _("poverty-alleviation assets")
        ordering = ["project", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="asset_unique_per_project"),
            *not_negative("asset", "value_wan"),
        ]

    def __str__(self) -> str:
        return self.name


class AssetIncome(models.Model):
    """An asset's income in a year and what of it went to households."""

    region_scope_field = "asset__project__region"

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="incomes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    income_wan = wan_field(_("income (万元)"))
    distributed_to_households_wan = wan_field(_("distributed to households (万元)"))
    households_count = models.PositiveIntegerField(_("households receiving"), default=0)
    version = version_field()

    class Meta:
        verbose_name = _("asset income")
        verbose_name_plural = _("asset income")
        ordering = ["asset", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "year"], name="asset_income_unique_year"),
            *not_negative("asset_income", "income_wan", "distributed_to_households_wan"),
            models.CheckConstraint(
                condition=Q(distributed_to_households_wan__lte=F("income_wan")),
                name="asset_income_distributed_lte_income",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.year}"

    def clean(self) -> None:
        super().clean()
        distributed, income = self.distributed_to_households_wan, self.income_wan
        if distributed is not None and income is not None and distributed > income:
            raise ValidationError(
                {
                    "distributed_to_households_wan": _(
                        "More is distributed (%(distributed)s万元) than was earned "
                        "(%(income)s万元)."
                    )
                    % {"distributed": distributed, "income": income}
                }
            )


class AssetDocumentKind(models.TextChoices):
    """The three documents seed 000 (六) says some counties lack."""

    OPERATION = "operation", _("Asset operation mechanism")
    DISTRIBUTION = "distribution", _("Income and distribution plan")
    MANAGEMENT = "management", _("Asset management rules")


class AssetDocument(models.Model):
    """A county's asset document; it counts as in place once a file proves it."""

    region_scope_field = "county"

    county = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="asset_documents",
        limit_choices_to={"level": Level.COUNTY},
    )
    kind = models.CharField(_("document kind"), max_length=12, choices=AssetDocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("asset document")
        verbose_name_plural = _("asset documents")
        ordering = ["county", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "kind"],
                name="asset_document_one_per_kind",
                violation_error_message=_("The county already has a document of this kind."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.county_id:
            require_level(self.county, (Level.COUNTY,), "county")


class AssetDocumentEvidence(EvidenceFile):
    region_scope_field = "document__county"

    document = models.ForeignKey(
        AssetDocument,
        verbose_name=_("asset document"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to="fund-evidence/assets/%Y/%m/")

    class Meta:
        verbose_name = _("asset document file")
        verbose_name_plural = _("asset document files")
        ordering = ["document", "uploaded_at", "pk"]
