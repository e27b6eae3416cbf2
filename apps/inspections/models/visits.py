"""Household visits (入户核查) recorded in the field, the form they follow
(defined as data per campaign), their photos and the findings they propose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.evidence.models import EvidenceFile

from .campaigns import Campaign, SampledHousehold, Team


class VisitForm(models.Model):
    """The questions of a campaign's household verification form (入户核查表).

    ``questions`` is a list of {key, label, kind, required, choices, members,
    finding_category, compare}; see ``apps.inspections.visits.form`` for the
    kinds and the default form. A campaign changes its form here, without code.
    """

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="visit_form"
    )
    questions = models.JSONField(_("questions"), default=list)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("visit form")
        verbose_name_plural = _("visit forms")

    def __str__(self) -> str:
        return str(self.campaign)

    def clean(self) -> None:
        from apps.inspections.visits.form import check_questions

        super().clean()
        check_questions(self.questions)


class Visit(models.Model):
    """One household visit as the inspector's device sent it, stored whole.

    ``key`` is the UUID the device generated when the visit was saved: a resend
    of the same visit (after a lost response) finds it and stores nothing twice.
    """

    region_scope_field = "sampled__household__village"

    key = models.UUIDField(_("idempotency key"), unique=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="visits"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="visits"
    )
    sampled = models.ForeignKey(
        SampledHousehold,
        verbose_name=_("sampled household"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answers = models.JSONField(_("answers"), default=dict)
    satisfaction = models.CharField(_("satisfaction"), max_length=16, blank=True)
    visited_at = models.DateTimeField(_("visited at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-visited_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "team"])]

    def __str__(self) -> str:
        return f"{self.sampled} · {self.visited_at:%Y-%m-%d}"


class VisitPhoto(EvidenceFile):
    """A photo taken for one question of a visit (resized on the device)."""

    region_scope_field = "visit__sampled__household__village"

    visit = models.ForeignKey(
        Visit, verbose_name=_("household visit"), on_delete=models.CASCADE, related_name="photos"
    )
    question = models.CharField(_("question"), max_length=40)
    file = models.FileField(_("file"), upload_to="visits/%Y/%m/")

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["visit", "pk"]


class ProposedFinding(models.Model):
    """A finding a visit proposes (a "no" on a guarantee, a large income gap),
    category and region filled in; the inspector confirms it online, which
    records the finding (``finding``), or dismisses it."""

    region_scope_field = "visit__sampled__household__village"

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("To confirm")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    visit = models.ForeignKey(
        Visit, verbose_name=_("household visit"), on_delete=models.CASCADE, related_name="proposals"
    )
    question = models.CharField(_("question"), max_length=40)
    category = models.ForeignKey(
        "FindingCategory", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    finding = models.OneToOneField(
        "Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )

    class Meta:
        verbose_name = _("proposed finding")
        verbose_name_plural = _("proposed findings")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.description
