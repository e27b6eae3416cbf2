"""Monitoring against return to poverty (防返贫监测): a case per watched
household, the assistance measures it gets, the visits that record them, and
the steps of its risk removal (风险消除). The lifecycle is in lifecycle.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.evidence.models import EvidenceFile


class CaseKind(models.TextChoices):
    NOT_LIFTED = "not_lifted", _("Household not yet lifted")
    UNSTABLE = "unstable", _("Lifted but unstable")
    MARGINAL = "marginal", _("Marginal, at risk")
    SUDDEN = "sudden", _("Sudden severe hardship")


class IdentifiedHow(models.TextChoices):
    APPLICATION = "application", _("Household application")
    CADRE_CHECK = "cadre_check", _("Cadre check")
    DEPARTMENT_ALERT = "department_alert", _("Department screening alert")
    INSPECTION = "inspection", _("Found in an inspection")


class RiskType(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    DISABILITY = "disability", _("Disability")
    SCHOOLING = "schooling", _("Schooling costs")
    DISASTER = "disaster", _("Disaster")
    ACCIDENT = "accident", _("Accident")
    UNSTABLE_WORK = "unstable_work", _("Unstable work or employment")
    INCOME_DROP = "income_drop", _("Sudden income drop or expense rise")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    MONITORING = "monitoring", _("Being monitored")
    PENDING_REMOVAL = "pending_removal", _("Risk removal awaiting confirmation")
    REMOVED = "removed", _("Risk removed")


# A case in these states is open: the household is still watched.
OPEN_STATUSES = (CaseStatus.MONITORING, CaseStatus.PENDING_REMOVAL)


class MonitoringCase(models.Model):
    """监测对象: one registry household watched from ``identified_on``."""

    region_scope_field = "household__village"

    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="monitoring_cases",
    )
    # The household's village, copied (services.do_open_case; kept when the
    # household moves: sync.py) so that a county's list is read from this
    # table's own index instead of through the whole registry. Access checks
    # still go through the household (``region_scope_field``).
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    kind = models.CharField(_("monitoring kind"), max_length=12, choices=CaseKind.choices)
    identified_on = models.DateField(_("identified on"))
    identified_how = models.CharField(
        _("identified how"), max_length=20, choices=IdentifiedHow.choices
    )
    risk_types = models.JSONField(_("risk types"), default=list, blank=True)
    income_at_identification = models.DecimalField(
        _("per-capita income at identification (元)"), max_digits=12, decimal_places=2
    )
    helper = models.CharField(_("responsible helper"), max_length=64, blank=True)
    helper_unit = models.CharField(_("helper's unit"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Changed only through lifecycle.py (page, admin action, command).
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.MONITORING
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("monitoring case")
        verbose_name_plural = _("monitoring cases")
        ordering = ["-identified_on", "-pk"]
        indexes = [models.Index(fields=["status", "kind"])]
        constraints = [
            # A household is watched by one open case at a time; closed ones are kept.
            models.UniqueConstraint(
                fields=["household"],
                condition=~Q(status="removed"),
                name="monitoring_one_open_case_per_household",
                violation_error_message=_("This household already has an open monitoring case."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def risk_type_labels(self) -> list[str]:
        labels = dict(RiskType.choices)
        return [str(labels.get(code, code)) for code in self.risk_types]

    def audit_display(self, name: str) -> str | None:
        """The change history shows the risk types by their labels."""
        return "、".join(self.risk_type_labels()) if name == "risk_types" else None


class MeasureKind(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    EMPLOYMENT = "employment", _("Employment")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    WATER = "water", _("Drinking water")
    DIBAO = "dibao", _("Social-assistance guarantee (dibao)")
    FINANCE = "finance", _("Finance")
    PUBLIC_JOB = "public_job", _("Public-welfare job")
    OTHER = "other", _("Other")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


# The member fields a dibao (兜底保障) measure may say it changes.
DIBAO_MEMBER_FIELDS = (
    "receives_dibao",
    "dibao_amount",
    "receives_destitute_support",
    "destitute_amount",
    "receives_disability_subsidy",
)


class AssistanceMeasure(models.Model):
    """帮扶措施: what is done for a case, by which department, by when."""

    region_scope_field = "case__household__village"

    case = models.ForeignKey(
        MonitoringCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(_("measure kind"), max_length=12, choices=MeasureKind.choices)
    content = models.TextField(_("content"))
    department = models.CharField(_("responsible department"), max_length=120)
    planned_on = models.DateField(_("planned completion"))
    done_on = models.DateField(_("completed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    members = models.ManyToManyField(
        "households.Member", verbose_name=_("members concerned"), blank=True, related_name="+"
    )
    member_fields = models.JSONField(_("member fields changed"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("assistance measure")
        verbose_name_plural = _("assistance measures")
        ordering = ["case", "planned_on", "pk"]
        indexes = [models.Index(fields=["status", "planned_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.content[:30]}"

    def member_field_labels(self) -> list[str]:
        from apps.households.models import Member

        return [str(Member._meta.get_field(name).verbose_name) for name in self.member_fields]

    def audit_display(self, name: str) -> str | None:
        """The change history names the member fields by their labels."""
        return "、".join(self.member_field_labels()) if name == "member_fields" else None


class MeasureEvidence(EvidenceFile):
    """An image or PDF proving a measure (checked by content)."""

    region_scope_field = "measure__case__household__village"

    measure = models.ForeignKey(
        AssistanceMeasure,
        verbose_name=_("assistance measure"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to="monitoring/measures/%Y/%m/")

    class Meta:
        verbose_name = _("measure evidence")
        verbose_name_plural = _("measure evidence")
        ordering = ["measure", "uploaded_at", "pk"]


class Visit(models.Model):
    """走访 / 帮扶日志: a visit to the household and what was found."""

    region_scope_field = "case__household__village"

    case = models.ForeignKey(
        MonitoringCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    visitor = models.CharField(_("visited by"), max_length=120)
    findings = models.TextField(_("what was found"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["case", "-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.household} · {self.visitor}"


class VisitPhoto(EvidenceFile):
    region_scope_field = "visit__case__household__village"

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to="monitoring/visits/%Y/%m/")

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["visit", "uploaded_at", "pk"]


class StepAction(models.TextChoices):
    OPEN = "open", _("Opened")
    PROPOSE = "propose", _("Risk removal proposed")
    CONFIRM = "confirm", _("Risk removal confirmed")
    REJECT = "reject", _("Risk removal rejected")
    REOPEN = "reopen", _("Reopened")


class CaseStep(models.Model):
    """One step of a case's lifecycle: who, when, why (风险消除 steps)."""

    region_scope_field = "case__household__village"

    case = models.ForeignKey(
        MonitoringCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("step"), max_length=10, choices=StepAction.choices)
    from_status = models.CharField(
        _("from status"), max_length=16, choices=CaseStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=16, choices=CaseStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    income = models.DecimalField(
        _("per-capita income (元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_action_display()}"


class RemovalEvidence(EvidenceFile):
    """Income evidence (银行流水, 收入核算表) behind a proposed removal."""

    region_scope_field = "step__case__household__village"

    step = models.ForeignKey(
        CaseStep, verbose_name=_("case step"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="monitoring/removals/%Y/%m/")

    class Meta:
        verbose_name = _("removal evidence")
        verbose_name_plural = _("removal evidence")
        ordering = ["step", "uploaded_at", "pk"]
