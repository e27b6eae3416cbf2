"""Assessment ledgers (考核台账): what materials each assessment indicator
requires, per region and year, and whether each region has them.

A template (台账目录) belongs to a campaign or a scoring scheme: a tree of items
(一、扶贫责任 › 1. 三级书记遍访台账 › (1) …), each applying to one level. Each
region of that level fills an entry: a status, a note, who checked it, and its
evidence files. An item without an entry counts as missing (缺失).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.evidence.models import EvidenceFile


class ItemLevel(models.TextChoices):
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")
    # Household files are kept (and checked) per village: entries sit on villages.
    HOUSEHOLD = "household", _("Household")


# Which region level fills an item of each level.
ENTRY_LEVEL = {
    ItemLevel.COUNTY: "county",
    ItemLevel.TOWN: "town",
    ItemLevel.VILLAGE: "village",
    ItemLevel.HOUSEHOLD: "village",
}


class EvidenceKind(models.TextChoices):
    """The kinds of file an item accepts, by the evidence base's extensions."""

    PDF = "pdf", "PDF"
    IMAGE = "image", _("Image")
    WORD = "word", "Word"
    EXCEL = "excel", "Excel"


KIND_EXTENSIONS = {
    EvidenceKind.PDF: (".pdf",),
    EvidenceKind.IMAGE: (".jpg", ".jpeg", ".png"),
    EvidenceKind.WORD: (".docx",),
    EvidenceKind.EXCEL: (".xlsx",),
}


class EntryStatus(models.TextChoices):
    COMPLETE = "complete", _("Complete")
    PARTIAL = "partial", _("Partial")
    MISSING = "missing", _("Missing")


class LedgerTemplate(models.Model):
    title = models.CharField(_("title"), max_length=200)
    campaign = models.ForeignKey(
        "inspections.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_templates",
    )
    scheme = models.ForeignKey(
        "scorecards.ScoringScheme",
        verbose_name=_("scoring scheme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_templates",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"), max_length=50, blank=True, help_text=_("e.g. 2020年度 or 2020年1月至11月.")
    )

    class Meta:
        verbose_name = _("ledger template")
        verbose_name_plural = _("ledger templates")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(campaign__isnull=False) | Q(scheme__isnull=False),
                name="ledger_template_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title


class LedgerItem(models.Model):
    template = models.ForeignKey(
        LedgerTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(
        _("code"),
        max_length=30,
        help_text=_("Unique in the template, as the import file's 编号 column (e.g. 1.2)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    numbering = models.CharField(_("numbering"), max_length=10, help_text=_("一、 / 1. / (1)"))
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("applies to"), max_length=10, choices=ItemLevel.choices)
    poor_villages_only = models.BooleanField(
        _("poor villages only"),
        default=False,
        help_text=_("Village items filled only by 贫困村 (the ten exit indicators)."),
    )
    evidence_kinds = models.CharField(
        _("accepted evidence"),
        max_length=40,
        default="pdf,image",
        help_text=_("Comma-separated: pdf, image, word, excel."),
    )
    required = models.BooleanField(_("required"), default=True)
    indicator = models.ForeignKey(
        "scorecards.Indicator",
        verbose_name=_("scheme indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ledger_items",
    )

    class Meta:
        verbose_name = _("ledger item")
        verbose_name_plural = _("ledger items")
        ordering = ["template", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="ledger_item_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.numbering}{self.title}"

    @property
    def kinds(self) -> list[str]:
        return [k for k in self.evidence_kinds.split(",") if k]

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(ext for kind in self.kinds for ext in KIND_EXTENSIONS.get(kind, ()))

    @property
    def kinds_label(self) -> str:
        return "、".join(str(EvidenceKind(k).label) for k in self.kinds if k in EvidenceKind.values)


class LedgerEntry(models.Model):
    """One region's state for one item."""

    region_scope_field = "region"

    item = models.ForeignKey(
        LedgerItem, verbose_name=_("ledger item"), on_delete=models.CASCADE, related_name="entries"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.MISSING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["item", "region__code", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "region"], name="ledger_entry_unique_region")
        ]

    def __str__(self) -> str:
        return f"{self.region.name} · {self.item}"


class LedgerEvidence(EvidenceFile):
    """A file proving a ledger entry (佐证材料); served only through a scoped view."""

    region_scope_field = "entry__region"

    entry = models.ForeignKey(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to="ledgers/%Y/%m/")

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["entry", "uploaded_at"]
