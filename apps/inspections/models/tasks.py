"""Tasks given to departments (督办): a next-step requirement, a plan action or
an escalated finding, answered by its departments' replies and confirmed done
by the city office. The status machine is ``apps/inspections/task_machine.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.evidence.models import EvidenceFile

from .campaigns import Campaign
from .findings import Finding


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    IN_PROGRESS = "in_progress", _("In progress")
    PROPOSED = "proposed", _("Proposed as done")
    DONE = "done", _("Done (confirmed)")


# Statuses in which the lead department still owes an answer.
AWAITING_DEPARTMENT = (TaskStatus.PENDING, TaskStatus.IN_PROGRESS)


class TaskSource(models.TextChoices):
    NEXT_STEP = "next_step", _("Campaign next-step requirement")
    PLAN_ACTION = "plan_action", _("Plan action")
    FINDING = "finding", _("Finding escalated")


class Task(models.Model):
    """A task (督办事项) with a lead department, co-operating ones, the regions it
    concerns, a deadline and, where there is one, a measurable target."""

    source = models.CharField(
        pgettext_lazy("task", "source"),
        max_length=16,
        choices=TaskSource.choices,
        default=TaskSource.NEXT_STEP,
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    # A plan action lives in apps/plans, a layer above; the plan is named here
    # in words (plans may link its actions to tasks from its side).
    source_reference = models.CharField(_("source reference"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(pgettext_lazy("task", "description"), blank=True)
    # The old free-text field, kept for rows written before departments existed.
    responsible_units = models.CharField(_("responsible units"), max_length=300, blank=True)
    lead_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("lead department"),
        null=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    co_departments = models.ManyToManyField(
        "accounts.Department",
        verbose_name=_("co-operating departments"),
        blank=True,
        related_name="co_tasks",
    )
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("regions concerned"), blank=True, related_name="+"
    )
    issued_on = models.DateField(pgettext_lazy("task", "issued on"), null=True, blank=True)
    deadline = models.DateField(pgettext_lazy("task", "deadline"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("target unit"), max_length=40, blank=True)
    target_note = models.CharField(pgettext_lazy("task", "target"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    return_reason = models.TextField(_("reason returned"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, null=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, null=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["campaign", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(deadline__gte=F("issued_on")),
                name="task_deadline_not_before_issue",
                violation_error_message=_(
                    "The deadline cannot be before the day the task was issued."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def target_text(self) -> str:
        """ "≥ 400 专柜", or the target's note."""
        if self.target_value is None:
            return self.target_note
        value = f"{self.target_value:f}".rstrip("0").rstrip(".")
        return f"≥ {value} {self.target_unit}".strip()


class TaskTransition(models.Model):
    """Who moved a task from one status to another, when, and why."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from status"), max_length=16, choices=TaskStatus.choices)
    to_status = models.CharField(_("to status"), max_length=16, choices=TaskStatus.choices)
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
        verbose_name = _("task transition")
        verbose_name_plural = _("task transitions")
        ordering = ["task", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class TaskReply(models.Model):
    """A department's progress reply: what was done, the value reached."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="replies"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="task_replies",
    )
    replied_on = models.DateField(_("reply date"))
    text = models.TextField(_("reply"))
    value_reached = models.DecimalField(
        _("value reached"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task reply")
        verbose_name_plural = _("task replies")
        ordering = ["task", "replied_on", "pk"]

    def __str__(self) -> str:
        return f"{self.department} {self.replied_on}"


class TaskEvidence(EvidenceFile):
    """A file proving a reply; served only to those who may see the task."""

    reply = models.ForeignKey(
        TaskReply, verbose_name=_("reply"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="task-evidence/%Y/%m/")

    class Meta:
        verbose_name = _("task evidence")
        verbose_name_plural = _("task evidence")
        ordering = ["reply", "uploaded_at"]
