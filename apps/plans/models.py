"""Target-responsibility plans (目标责任方案) and their breakdown table (目标责任分解表).

A plan (issuer, document number, year, region) holds actions (行动); each
action holds targets with their responsible departments, a target value and
comparison, and a deadline. A target linked to a household indicator has its
actual value computed live from the registry for the plan's region; any other
target takes reported values (上报值) with evidence files.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.evidence.models import EvidenceFile

from .measures import measure_choices


class Plan(models.Model):
    region_scope_field = "region"

    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issuing office"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    issued_on = models.DateField(pgettext_lazy("plan", "issued on"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="plans",
        help_text=_("Linked targets are measured over this region and everything below it."),
    )
    annex_title = models.CharField(
        _("breakdown table title"),
        max_length=200,
        blank=True,
        help_text=_("The annex's own title, e.g. 湛江开发区精准扶贫精准脱贫目标责任分解表."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("target-responsibility plan")
        verbose_name_plural = _("target-responsibility plans")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}".strip()

    @property
    def table_title(self) -> str:
        return self.annex_title or f"{self.title}目标责任分解表"


class PlanAction(models.Model):
    """One action (行动) of a plan, e.g. （六）实施教育扶贫行动."""

    region_scope_field = "plan__region"

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    numbering = models.CharField(
        _("numbering"), max_length=20, blank=True, help_text=_("As the plan numbers it, e.g. 一.")
    )
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = pgettext_lazy("plan", "action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="plan_action_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.numbering}、{self.title}" if self.numbering else self.title


class TargetKind(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    COUNT = "count", _("Count")
    YES_NO = "yes_no", _("Yes / no")


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"
    EQUAL = "eq", "="


class Target(models.Model):
    region_scope_field = "action__plan__region"

    action = models.ForeignKey(
        PlanAction,
        verbose_name=pgettext_lazy("plan", "action"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("target"))
    lead_departments = models.CharField(_("lead departments"), max_length=200)
    cooperating_departments = models.CharField(
        _("co-operating departments"), max_length=300, blank=True
    )
    kind = models.CharField(_("kind"), max_length=8, choices=TargetKind.choices)
    comparison = models.CharField(
        _("comparison"), max_length=3, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    target_value = models.DecimalField(
        _("target value"),
        max_digits=12,
        decimal_places=2,
        help_text=_("A percentage (93 for 93 %), a count, or 1 for yes and 0 for no."),
    )
    unit = models.CharField(
        _("unit"), max_length=10, blank=True, help_text=_("For counts, e.g. 次 or 天.")
    )
    deadline = models.DateField(pgettext_lazy("plan", "deadline"), null=True, blank=True)
    indicator = models.CharField(
        _("household indicator"),
        max_length=32,
        choices=measure_choices,
        blank=True,
        help_text=_(
            "When the registry can measure the target, its actual value is computed live "
            "for the plan's region; otherwise it is reported with evidence."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["action__plan", "action__order", "order", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_linked(self) -> bool:
        return bool(self.indicator)

    def clean(self) -> None:
        super().clean()
        if self.indicator and self.kind != TargetKind.PERCENT:
            raise ValidationError(
                {
                    "indicator": _(
                        "A household indicator is a rate: the target must be a percentage."
                    )
                }
            )
        if self.kind == TargetKind.YES_NO:
            if self.target_value not in (0, 1):
                raise ValidationError({"target_value": _("A yes/no target is 1 (yes) or 0 (no).")})
            if self.comparison != Comparison.EQUAL:
                raise ValidationError({"comparison": _("A yes/no target is compared with =.")})
        if (
            self.kind == TargetKind.PERCENT
            and self.target_value is not None
            and not 0 <= self.target_value <= 100
        ):
            raise ValidationError({"target_value": _("A percentage lies between 0 and 100.")})


class ReportedValue(models.Model):
    """A value reported for a target the records cannot measure; the newest counts."""

    region_scope_field = "target__action__plan__region"

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="reports"
    )
    value = models.DecimalField(_("reported value"), max_digits=12, decimal_places=2)
    reported_on = models.DateField(_("as of"))
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["target", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.target} = {self.value}"


class TargetEvidence(EvidenceFile):
    """A file proving a reported value; stored outside the web root and served
    only through a view that checks the user's scope."""

    region_scope_field = "report__target__action__plan__region"

    report = models.ForeignKey(
        ReportedValue,
        verbose_name=_("reported value"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to="plan-evidence/%Y/%m/")

    class Meta:
        verbose_name = _("target evidence")
        verbose_name_plural = _("target evidence")
        ordering = ["report", "uploaded_at", "pk"]
