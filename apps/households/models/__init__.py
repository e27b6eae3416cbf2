"""Household registry: registered poor households (建档立卡贫困户), their members,
and the assisting units (帮扶单位) paired with villages.

Codes are English; the national system's Chinese wording of each choice is kept
in ``NATIONAL_TERMS`` so that imports read the export's own words.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..idnumbers import mask_id_number


class HouseholdCategory(models.TextChoices):
    GENERAL = "general", _("General poor household")
    DIBAO = "dibao", _("Dibao poor household")
    DESTITUTE = "destitute", _("Destitute-support poor household")


class ExitStatus(models.TextChoices):
    NOT_LIFTED = "not_lifted", _("Not lifted")
    LIFTED = "lifted", _("Lifted")
    EXITED = "exited", _("Exited")


class MonitoringStatus(models.TextChoices):
    NONE = "", _("Not monitored")
    UNSTABLE = "unstable", _("Lifted but unstable")
    MARGINAL = "marginal", _("Marginal, at risk")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class SchoolStatus(models.TextChoices):
    NOT_STUDENT = "not_student", _("Not a student")
    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary")
    VOCATIONAL = "vocational", _("Secondary vocational")
    HIGHER_VOCATIONAL = "higher_vocational", _("Higher vocational")
    COLLEGE = "college", _("College or university")
    DROPPED_OUT = "dropped_out", _("Dropped out")


# In school for the enrolment indicator and the "student" tests of the rules.
IN_SCHOOL = (
    SchoolStatus.PRIMARY,
    SchoolStatus.JUNIOR,
    SchoolStatus.SENIOR,
    SchoolStatus.VOCATIONAL,
    SchoolStatus.HIGHER_VOCATIONAL,
    SchoolStatus.COLLEGE,
)


class Health(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    CHRONIC = "chronic", _("Long-term chronic illness")
    SERIOUS = "serious", _("Serious illness")
    DISABLED = "disabled", _("Disabled")


class LabourCapacity(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary labour")
    SKILLED = "skilled", _("Skilled labour")
    LOST = "lost", _("Lost labour capacity")
    NONE = "none", _("No labour capacity")


HAS_LABOUR = (LabourCapacity.ORDINARY, LabourCapacity.SKILLED)


# The national export's words for each choice (what the importer accepts).
NATIONAL_TERMS: dict[type[models.TextChoices], dict[str, str]] = {
    HouseholdCategory: {
        "一般贫困户": HouseholdCategory.GENERAL,
        "一般户": HouseholdCategory.GENERAL,
        "低保贫困户": HouseholdCategory.DIBAO,
        "低保户": HouseholdCategory.DIBAO,
        "特困供养贫困户": HouseholdCategory.DESTITUTE,
        "特困供养户": HouseholdCategory.DESTITUTE,
        "五保户": HouseholdCategory.DESTITUTE,
        "五保贫困户": HouseholdCategory.DESTITUTE,
    },
    ExitStatus: {
        "未脱贫": ExitStatus.NOT_LIFTED,
        "已脱贫": ExitStatus.LIFTED,
        "脱贫": ExitStatus.LIFTED,
        "已退出": ExitStatus.EXITED,
        "退出": ExitStatus.EXITED,
    },
    MonitoringStatus: {
        "": MonitoringStatus.NONE,
        "无": MonitoringStatus.NONE,
        "脱贫不稳定户": MonitoringStatus.UNSTABLE,
        "边缘易致贫户": MonitoringStatus.MARGINAL,
    },
    Sex: {"男": Sex.MALE, "女": Sex.FEMALE},
    SchoolStatus: {
        "": SchoolStatus.NOT_STUDENT,
        "非在校生": SchoolStatus.NOT_STUDENT,
        "学龄前儿童": SchoolStatus.PRESCHOOL,
        "学前教育": SchoolStatus.PRESCHOOL,
        "小学": SchoolStatus.PRIMARY,
        "初中": SchoolStatus.JUNIOR,
        "七年级": SchoolStatus.JUNIOR,
        "八年级": SchoolStatus.JUNIOR,
        "九年级": SchoolStatus.JUNIOR,
        "高中": SchoolStatus.SENIOR,
        "中职": SchoolStatus.VOCATIONAL,
        "高职": SchoolStatus.HIGHER_VOCATIONAL,
        "大专及以上": SchoolStatus.COLLEGE,
        "大专": SchoolStatus.COLLEGE,
        "本科及以上": SchoolStatus.COLLEGE,
        "辍学": SchoolStatus.DROPPED_OUT,
        "失学": SchoolStatus.DROPPED_OUT,
    },
    Health: {
        "健康": Health.HEALTHY,
        "长期慢性病": Health.CHRONIC,
        "患有大病": Health.SERIOUS,
        "大病": Health.SERIOUS,
        "残疾": Health.DISABLED,
    },
    LabourCapacity: {
        "普通劳动力": LabourCapacity.ORDINARY,
        "技能劳动力": LabourCapacity.SKILLED,
        "丧失劳动力": LabourCapacity.LOST,
        "无劳动力": LabourCapacity.NONE,
    },
}


class AssistingUnit(models.Model):
    """帮扶单位: a unit (often from another city) responsible for villages."""

    # In scope when one of its paired villages is (access.scope_queryset).
    region_scope_field = "villages"

    name = models.CharField(_("name"), max_length=120, unique=True)
    villages = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("paired villages"),
        blank=True,
        related_name="assisting_units",
        limit_choices_to={"level": "village"},
    )

    class Meta:
        verbose_name = _("assisting unit")
        verbose_name_plural = _("assisting units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    region_scope_field = "village"

    # Indexes are what an import pays for per row, so each one earns its place:
    # the number is unique through a constraint (``unique=True`` would add a
    # LIKE-pattern index no search uses), the village through (village, exit_status).
    number = models.CharField(_("household number"), max_length=32)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"level": "village"},
        db_index=False,
    )
    category = models.CharField(
        _("household category"),
        max_length=12,
        choices=HouseholdCategory.choices,
        default=HouseholdCategory.GENERAL,
    )
    exit_status = models.CharField(
        _("exit status"), max_length=12, choices=ExitStatus.choices, default=ExitStatus.NOT_LIFTED
    )
    exit_year = models.PositiveSmallIntegerField(_("exit year"), null=True, blank=True)
    monitoring_status = models.CharField(
        _("monitoring status"), max_length=12, choices=MonitoringStatus.choices, blank=True
    )
    main_cause = models.CharField(_("main cause of poverty"), max_length=32, blank=True)
    other_causes = models.CharField(_("other causes"), max_length=120, blank=True)
    per_capita_income = models.DecimalField(
        _("per-capita net income"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    wage_income = models.DecimalField(
        _("wage income"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    business_income = models.DecimalField(
        _("business income"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    business_expenditure = models.DecimalField(
        _("business expenditure"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    annual_expenditure = models.DecimalField(
        _("annual household expenditure"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    housing_area = models.DecimalField(
        _("housing area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    housing_safe = models.BooleanField(_("safe housing"), null=True, blank=True)
    # 危房改造 (seed 002): the year the renovation task was set, the day it was completed.
    renovation_year = models.PositiveSmallIntegerField(
        _("housing renovation task year"), null=True, blank=True
    )
    renovation_completed_on = models.DateField(
        _("housing renovation completed on"), null=True, blank=True
    )
    water_safe = models.BooleanField(_("safe drinking water"), null=True, blank=True)
    water_difficult = models.BooleanField(_("drinking water difficult"), null=True, blank=True)
    helper = models.CharField(_("helper"), max_length=64, blank=True)
    assisting_unit = models.ForeignKey(
        AssistingUnit,
        verbose_name=_("assisting unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
    )
    has_assistance_plan = models.BooleanField(_("annual assistance plan"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["number"]
        indexes = [models.Index(fields=["village", "exit_status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="household_unique_number",
                violation_error_message=_("A household with this number already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.number


class Member(models.Model):
    region_scope_field = "household__village"
    audit_masked_fields = ("id_number", "disability_certificate")

    # Indexed through the (household, ID number) constraint and the plain index
    # below: no LIKE-pattern index (searches match whole IDs or their endings).
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="members",
        db_index=False,
    )
    name = models.CharField(_("full name"), max_length=64)
    id_number = models.CharField(_("ID number"), max_length=22)
    relationship = models.CharField(_("relationship to head"), max_length=16)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=16, blank=True)
    education = models.CharField(_("education"), max_length=32, blank=True)
    school_status = models.CharField(
        _("school status"),
        max_length=20,
        choices=SchoolStatus.choices,
        default=SchoolStatus.NOT_STUDENT,
        blank=True,
    )
    health = models.CharField(_("health"), max_length=12, choices=Health.choices, blank=True)
    labour_capacity = models.CharField(
        _("labour capacity"), max_length=12, choices=LabourCapacity.choices, blank=True
    )
    migrant_work = models.CharField(_("migrant work"), max_length=32, blank=True)
    migrant_months = models.PositiveSmallIntegerField(
        _("months worked away"), null=True, blank=True
    )
    has_medical_insurance = models.BooleanField(_("basic medical insurance"), null=True, blank=True)
    has_serious_illness_insurance = models.BooleanField(
        _("serious-illness insurance"), null=True, blank=True
    )
    has_pension_insurance = models.BooleanField(_("basic pension insurance"), null=True, blank=True)
    receives_dibao = models.BooleanField(_("receives dibao"), null=True, blank=True)
    dibao_amount = models.DecimalField(
        _("dibao amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    receives_destitute_support = models.BooleanField(
        _("receives destitute support"), null=True, blank=True
    )
    destitute_amount = models.DecimalField(
        _("destitute support amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    disability_certificate = models.CharField(
        _("disability certificate number"), max_length=24, blank=True
    )
    receives_disability_subsidy = models.BooleanField(
        _("receives disability subsidies"), null=True, blank=True
    )
    # 生活费补助 of students from registered households (seed 004's first gap).
    receives_living_subsidy = models.BooleanField(
        _("receives the student living subsidy"), null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "pk"]
        indexes = [
            models.Index(fields=["id_number"], name="member_id_number_idx"),
            # The indicators page counts the members born in two boundary months
            # exactly (apps/reports/indicators.py); everything else comes from counters.
            models.Index(fields=["birth_date"], name="member_birth_date_idx"),
        ]
        constraints = [
            # Re-imports update by 户编号 + 证件号码; the pair is the member's key.
            models.UniqueConstraint(
                fields=["household", "id_number"], name="member_unique_id_in_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    CHECKING = "checking", _("Checking")
    WRITING = "writing", _("Writing")
    # Checked, but the write would blank stored values: the uploader confirms first.
    AWAITING = "awaiting", _("Awaiting confirmation")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED, ImportStatus.CANCELLED)
# A worker holds these; one whose lease ran out has died (see imports.sweep_stalled_imports).
RUNNING = (ImportStatus.CHECKING, ImportStatus.WRITING)


class HouseholdImport(models.Model):
    """One upload of the national file and what became of it.

    The background task updates ``rows_done`` batch by batch in its own
    short transactions, so the page can poll progress while the import's
    all-or-nothing transaction is still open.
    """

    file = models.FileField(_("file"), upload_to="household-imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="household_imports",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problem_count = models.PositiveIntegerField(_("problem count"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # Renewed by the running worker; past it, the worker is taken for dead.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    # The blanking counts the uploader confirmed (None: not confirmed).
    confirmed_blanks = models.JSONField(_("confirmed blanks"), null=True, blank=True)

    class Meta:
        verbose_name = _("household import")
        verbose_name_plural = _("household imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        """Checking is the first half of the work, writing the second."""
        if self.status in FINISHED or self.status == ImportStatus.AWAITING:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / (2 * self.rows_total)))

    @property
    def blank_total(self) -> int:
        """Stored values the file would empty (a job awaiting confirmation)."""
        return sum((self.result or {}).get("blanks", {}).values())

    @property
    def finished(self) -> bool:
        """Nothing more happens without someone acting (polling may stop)."""
        return self.status in FINISHED or self.status == ImportStatus.AWAITING


from .vocabulary import ChoiceSynonym, VocabularyColumn, normalise_word  # noqa: E402, F401 (re-exported)
