"""One upload of a funds file (allocations, projects, expenditures or loans)
and what became of it: who, when, which kind, rows created and updated, and
every problem when it was refused."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ALLOCATIONS = "allocations", _("Fund allocations")
    PROJECTS = "projects", _("Projects")
    EXPENDITURES = "expenditures", _("Expenditures")
    LOANS = "loans", _("Micro-loans")


class FundImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Checking and writing")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


FUND_IMPORT_FINISHED = (FundImportStatus.DONE, FundImportStatus.REJECTED, FundImportStatus.FAILED)


class FundImport(models.Model):
    file = models.FileField(_("file"), upload_to="fund-imports/%Y/%m/")
    kind = models.CharField(_("import kind"), max_length=12, choices=ImportKind.choices)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_imports",
        help_text=_("Empty for the command line."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FundImportStatus.choices,
        default=FundImportStatus.QUEUED,
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("rows created"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problem_count = models.PositiveIntegerField(_("problem count"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("fund import")
        verbose_name_plural = _("fund imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["uploaded_by", "-created_at"], name="fund_import_uploader")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def finished(self) -> bool:
        return self.status in FUND_IMPORT_FINISHED

    @property
    def percent(self) -> int:
        return 100 if self.finished else (50 if self.status == FundImportStatus.RUNNING else 0)
