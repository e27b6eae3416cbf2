"""Official bulletins (通报 / 简报 / 报告) in GB/T 9704-2012 format.

A bulletin is drafted from a campaign's records, edited, and issued; an issued
bulletin is frozen and keeps the PDF it was issued with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Disclosure(models.TextChoices):
    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_DISCLOSED = "not_disclosed", "不予公开"


class DocumentKind(models.TextChoices):
    """What the document is: the layout and the key it is found by follow from it."""

    NOTICE = "notice", "通报"
    REPORT = "report", "报告"
    BRIEFING = "briefing", "简报"


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class BriefingSeries(models.Model):
    """A 简报 series (佛山市三水区扶贫工作简报): its masthead, the office that
    edits it and its counters. Issue N of a year (第N期) and the running total
    (总第M期) are taken from here under a row lock and only ever go up, so a
    number is never given twice, not even after a draft is deleted."""

    name = models.CharField(_("name"), max_length=20, unique=True)
    masthead = models.CharField(
        _("masthead"),
        max_length=60,
        help_text=_("The red masthead, e.g. 佛山市三水区扶贫 工作简报."),
    )
    editing_office = models.CharField(_("editing office (编印)"), max_length=100)
    last_running_number = models.PositiveIntegerField(
        _("last running number"), default=0, help_text=_("总第M期 of the newest issue.")
    )

    class Meta:
        verbose_name = _("briefing series")
        verbose_name_plural = _("briefing series")

    def __str__(self) -> str:
        return self.name


class BriefingYear(models.Model):
    """The last issue number (第N期) a series gave in a year."""

    series = models.ForeignKey(
        BriefingSeries,
        verbose_name=_("briefing series"),
        on_delete=models.CASCADE,
        related_name="years",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_issue = models.PositiveIntegerField(_("last issue"), default=0)

    class Meta:
        verbose_name = _("briefing year")
        verbose_name_plural = _("briefing years")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="briefing_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}"


class Bulletin(models.Model):
    campaign = models.ForeignKey(
        "inspections.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    # A bulletin drafted from other records (a plan, a timetable) has no
    # campaign; its region decides who may read it once issued.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The region the bulletin concerns, when it was not drafted from a campaign."),
    )
    # The sample draw the draft was written from: kept after a redraw, so the
    # bulletin goes on citing the towns, villages and households it was about.
    draw = models.ForeignKey(
        "inspections.SampleDraw",
        verbose_name=_("sample draw"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    kind = models.CharField(
        _("document type"), max_length=8, choices=DocumentKind.choices, default=DocumentKind.NOTICE
    )
    status = models.CharField(
        _("status"), max_length=8, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    # 发文机关标志 and 发文字号: organ abbreviation〔year〕sequence号
    issuing_mark = models.CharField(
        _("issuing-authority mark"),
        max_length=60,
        blank=True,
        help_text=_("The red header, e.g. 湛江市扶贫开发领导小组文件; a report has none."),
    )
    organ_abbreviation = models.CharField(_("organ abbreviation"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    signer = models.CharField(_("signer"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    recipients = models.TextField(_("recipients"), blank=True)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Paragraphs separated by blank lines. Headings start with 一、 （一） 1. "
            "or （1）; **text** is bold."
        ),
    )
    signature = models.CharField(_("issuing authority (signature)"), max_length=100, blank=True)
    written_on = models.DateField(_("date written"), null=True, blank=True)
    disclosure = models.CharField(
        _("disclosure"), max_length=16, choices=Disclosure.choices, default=Disclosure.ACTIVE
    )
    copy_to = models.CharField(_("copy to"), max_length=300, blank=True)
    printing_office = models.CharField(_("printing office"), max_length=100, blank=True)
    printed_on = models.DateField(_("printing date"), null=True, blank=True)
    proofreader = models.CharField(_("proofreader"), max_length=40, blank=True)
    # A briefing's series and running total (总第M期); its 第N期 is ``sequence``.
    series = models.ForeignKey(
        BriefingSeries,
        verbose_name=_("briefing series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
    )
    running_number = models.PositiveIntegerField(_("running number"), null=True, blank=True)
    editing_office = models.CharField(_("editing office (编印)"), max_length=100, blank=True)
    report_to = models.CharField(_("report to (抄报)"), max_length=300, blank=True)
    pdf = models.FileField(_("issued PDF"), upload_to="bulletins/", blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    # Optimistic locking: an edit opened at another version is refused (apps/audit/locking.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ_abbreviation", "year", "sequence"],
                name="bulletin_unique_number",
                violation_error_message=_("This document number is already taken."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(pdf=""), name="issued_bulletin_has_pdf"
            ),
            models.UniqueConstraint(
                fields=["series", "running_number"],
                condition=Q(series__isnull=False),
                name="briefing_unique_running_number",
                violation_error_message=_("This running number is already taken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"

    @property
    def is_county_report(self) -> bool:
        """A county's own report (自评报告): drafted from its records, no campaign."""
        return (
            self.kind == DocumentKind.REPORT and self.campaign_id is None and bool(self.region_id)
        )

    @property
    def document_number(self) -> str:
        """湛扶组〔2020〕33号: hexagonal brackets, no 第, no leading zeros."""
        return f"{self.organ_abbreviation}〔{self.year}〕{self.sequence}号"

    @property
    def issue_number(self) -> str:
        """What the document is known by (render_bulletin's KEY): 〔2018〕第20期
        for a briefing, the title for a report (it has no number), the document
        number otherwise."""
        if self.kind == DocumentKind.BRIEFING:
            return f"〔{self.year}〕第{self.sequence}期"
        if self.kind == DocumentKind.REPORT:
            return self.title
        return self.document_number

    @property
    def is_briefing(self) -> bool:
        return self.kind == DocumentKind.BRIEFING

    @property
    def is_report(self) -> bool:
        return self.kind == DocumentKind.REPORT

    @property
    def is_issued(self) -> bool:
        return self.status == BulletinStatus.ISSUED


class BulletinAnnex(models.Model):
    """An attachment (附件), printed on its own pages: the ranked table of a
    scheme, or a table frozen when the draft was made (``table``: title,
    columns, rows) so that an issued bulletin never changes."""

    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), on_delete=models.CASCADE, related_name="annexes"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(
        _("title in the attachment note"),
        max_length=200,
        help_text=_("As listed after 附件：; the table keeps its own title."),
    )
    scheme = models.ForeignKey(
        "scorecards.ScoringScheme",
        verbose_name=_("ranked table"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    table = models.JSONField(_("table"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["bulletin", "order"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "order"], name="annex_unique_order"),
            models.CheckConstraint(
                condition=Q(scheme__isnull=False, table__isnull=True)
                | Q(scheme__isnull=True, table__isnull=False),
                name="annex_scheme_or_table",
                violation_error_message=_("An attachment is either a ranked table or a table."),
            ),
        ]

    def __str__(self) -> str:
        return f"附件{self.order} {self.title}"
