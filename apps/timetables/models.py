"""Work timetables (迎考工作时间表, seed 004): an issuer sets phases with
deadlines for the assisting units' village teams; each phase has a checklist
of deliverables per village, ticked with a completion date and evidence.

A phase's state (completed, overdue, partly done, not started) is never
stored: selectors compute it in the database for a given day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.evidence.models import EvidenceFile


class PhaseState(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    OVERDUE = "overdue", _("Overdue, not done")
    PARTLY_DONE = "partly_done", _("Partly done")
    NOT_STARTED = "not_started", _("Not started")


class Timetable(models.Model):
    region_scope_field = "region"

    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(
        _("issuer"), max_length=100, help_text=_("e.g. 佛山市三水区扶贫开发工作领导小组办公室")
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="timetables",
        help_text=_("Where the work is done (usually a county); its villages get the checklist."),
    )
    assisting_units = models.ManyToManyField(
        "households.AssistingUnit",
        verbose_name=_("assisting units"),
        blank=True,
        related_name="timetables",
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    organ_abbreviation = models.CharField(
        _("organ abbreviation"),
        max_length=20,
        blank=True,
        help_text=_("For the progress notices' document numbers, e.g. 三扶办."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("work timetable")
        verbose_name_plural = _("work timetables")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    region_scope_field = "timetable__region"

    timetable = models.ForeignKey(
        Timetable, verbose_name=_("timetable"), on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    task = models.CharField(
        _("task"), max_length=200, help_text=_("What every village team must have done.")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    deadline = models.DateField(_("due date"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["timetable", "order"]
        constraints = [
            models.UniqueConstraint(fields=["timetable", "order"], name="phase_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.task}"

    @property
    def label(self) -> str:
        """第一阶段, 第二阶段 … (the seed's words)."""
        from apps.bulletins.drafting import chinese_number

        return f"第{chinese_number(self.order)}阶段"


class Deliverable(models.Model):
    """One checklist item: what one village's team must deliver in one phase."""

    region_scope_field = "village"

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="deliverables"
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="deliverables",
        limit_choices_to={"level": "village"},
    )
    assisting_unit = models.ForeignKey(
        "households.AssistingUnit",
        verbose_name=_("assisting unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliverables",
    )
    title = models.CharField(_("deliverable"), max_length=200)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ticked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["phase", "village__code", "village__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "village", "title"], name="deliverable_unique_per_village"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_by__isnull=False),
                name="deliverable_ticked_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village.name} · {self.title}"


class DeliverableEvidence(EvidenceFile):
    """A file proving a deliverable (佐证材料); served only through a scoped view."""

    region_scope_field = "deliverable__village"

    deliverable = models.ForeignKey(
        Deliverable,
        verbose_name=_("deliverable"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to="timetables/%Y/%m/")

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["deliverable", "uploaded_at"]
