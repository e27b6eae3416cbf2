"""Projects (扶贫项目): what the money pays for, with the stage machine
立项 → 实施 → 验收 → 完工 kept here, in one place."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.evidence.models import EvidenceFile
from apps.regions.models import Level

from .base import not_negative, require_level, version_field, wan_field


class Stage(models.IntegerChoices):
    """Ordered: a project only moves forward (the city office may step back one)."""

    APPROVED = 1, _("Approved")
    UNDER_WAY = 2, _("Under way")
    ACCEPTED = 3, _("Accepted")
    COMPLETED = 4, _("Completed")


# The date each stage was reached on.
STAGE_DATE_FIELDS: dict[int, str] = {
    Stage.APPROVED: "approved_on",
    Stage.UNDER_WAY: "started_on",
    Stage.ACCEPTED: "accepted_on",
    Stage.COMPLETED: "completed_on",
}


def next_stage(stage: int) -> Stage | None:
    return Stage(stage + 1) if stage < Stage.COMPLETED else None


def previous_stage(stage: int) -> Stage | None:
    return Stage(stage - 1) if stage > Stage.APPROVED else None


def _stage_dates_match() -> list[models.CheckConstraint]:
    """A stage's date is set exactly when the project has reached that stage."""
    return [
        models.CheckConstraint(
            condition=(Q(stage__gte=stage) & Q(**{f"{field}__isnull": False}))
            | (Q(stage__lt=stage) & Q(**{f"{field}__isnull": True})),
            name=f"project_{field}_iff_stage_reached",
        )
        for stage, field in STAGE_DATE_FIELDS.items()
    ]


class Project(models.Model):
    """A project of a town or village. Natural key (re-import): region, year
    approved (立项年度) and name — a name is unique in its region and year."""

    region_scope_field = "region"

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="fund_projects",
        limit_choices_to={"level__in": [Level.TOWN, Level.VILLAGE]},
        help_text=_("The town or village where the project is carried out."),
    )
    kind = models.ForeignKey(
        "funds.ProjectKind", verbose_name=_("project kind"), on_delete=models.PROTECT
    )
    name = models.CharField(_("project name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year approved"))
    special_funds_wan = wan_field(_("special funds (万元)"), default=Decimal("0"))
    self_raised_wan = wan_field(_("self-raised funds (万元)"), default=Decimal("0"))
    other_wan = wan_field(_("other funds (万元)"), default=Decimal("0"))
    households_benefiting = models.PositiveIntegerField(_("households benefiting"), default=0)
    people_benefiting = models.PositiveIntegerField(_("people benefiting"), default=0)
    households = models.ManyToManyField(
        "households.Household",
        verbose_name=_("registered households benefiting"),
        blank=True,
        related_name="fund_projects",
    )
    stage = models.PositiveSmallIntegerField(
        _("stage"), choices=Stage.choices, default=Stage.APPROVED
    )
    approved_on = models.DateField(_("approved on"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notice_on = models.DateField(
        _("public notice on"),
        null=True,
        blank=True,
        help_text=_("When the project was publicly notified (公示)."),
    )
    tender_reference = models.CharField(
        _("tender / procurement reference"), max_length=100, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-year", "region__code", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "name"],
                name="project_natural_key",
                violation_error_message=_(
                    "A project of this name already exists in this region and year."
                ),
            ),
            *not_negative("project", "special_funds_wan", "self_raised_wan", "other_wan"),
            *_stage_dates_match(),
        ]
        indexes = [models.Index(fields=["year", "kind"], name="project_year_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def total_wan(self) -> Decimal:
        """Planned investment: special + self-raised + other (selectors compute
        the same sum in the database as ``total_investment``)."""
        return self.special_funds_wan + self.self_raised_wan + self.other_wan

    def clean(self) -> None:
        super().clean()
        if self.region_id:
            require_level(self.region, (Level.TOWN, Level.VILLAGE), "region")


class ProjectEvidence(EvidenceFile):
    """A project file (立项批复, 公示照片, 验收报告 …) in the shared evidence base:
    stored outside the web root, served through a view that checks scope."""

    region_scope_field = "project__region"

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="fund-evidence/projects/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("project evidence")
        verbose_name_plural = _("project evidence")
        ordering = ["project", "uploaded_at", "pk"]
