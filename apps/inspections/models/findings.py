"""Findings (问题), their rectification, evidence and follow-up verdicts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.evidence.models import EvidenceFile

from .campaigns import Campaign, CampaignKind


class FindingCategory(models.Model):
    """A managed problem heading (seed 000's ten, seed 001's five, …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    source_document = models.CharField(_("source document"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("finding category")
        verbose_name_plural = _("finding categories")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    GRAVE = "grave", _("Grave")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Not rectified")
    IN_PROGRESS = "in_progress", _("Being rectified")
    AWAITING_VERIFICATION = "awaiting_verification", _("Rectified (awaiting verification)")
    CLOSED = "closed", _("Closed")


class Finding(models.Model):
    """A problem found (问题) at a county, town or village, optionally a household."""

    region_scope_field = "region"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="findings"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    household_number = models.CharField(
        _("household number"),
        max_length=40,
        blank=True,
        help_text=_("户编号, when the finding concerns one household."),
    )
    category = models.ForeignKey(
        FindingCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=CampaignKind.choices,
        help_text=_("Which kind of inspection found it (for the rectification tally)."),
    )
    description = models.TextField(_("description"))
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MINOR
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    # A monitoring case opened from this finding (防返贫监测, 核查发现).
    monitoring_case = models.ForeignKey(
        "monitoring.MonitoringCase",
        verbose_name=_("monitoring case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    # Optimistic locking: an edit opened at another version is refused (apps/audit/locking.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "status"]), models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return f"{self.region} · {self.category}"

    def clean(self) -> None:
        super().clean()
        if not self.campaign_id or not self.region_id:
            return
        if self.region.level == "city":
            raise ValidationError({"region": _("A finding belongs to a county, town or village.")})
        if not self.campaign.counties.filter(pk=self.region.county_id).exists():
            raise ValidationError(
                {"region": _("%(region)s is outside the campaign.") % {"region": self.region}}
            )


# What an edit may change; the campaign, status and author stay as recorded.
EDITABLE_FINDING_FIELDS = (
    "region",
    "household_number",
    "category",
    "source",
    "severity",
    "description",
    "responsible_unit",
    "deadline",
)


class FindingTransition(models.Model):
    """Who moved a finding from one status to another, when, and why."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from status"), max_length=24, choices=FindingStatus.choices)
    to_status = models.CharField(_("to status"), max_length=24, choices=FindingStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["finding", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Evidence(EvidenceFile):
    """A file proving a finding or its rectification; stored outside the web root
    and served only through a view that checks the user's scope."""

    region_scope_field = "finding__region"

    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["finding", "uploaded_at"]


class FollowUpVerdict(models.Model):
    """A follow-up review's (回头看) judgement of an earlier campaign's finding."""

    class Verdict(models.TextChoices):
        RECTIFIED = "rectified", _("Rectified (整改到位)")
        NOT_RECTIFIED = "not_rectified", _("Not rectified (整改不到位)")

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="verdicts",
        verbose_name=_("follow-up campaign"),
    )
    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="verdicts"
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "finding"], name="one_verdict_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.finding}: {self.get_verdict_display()}"
