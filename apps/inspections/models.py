"""Inspection campaigns and their teams.

A campaign (核查 / 督查 / 考核 …) covers a set of counties; its teams are
assigned regions, and that assignment is what gives inspectors their scope.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    VERIFICATION = "verification", _("Verification inspection (核查)")
    SUPERVISION = "supervision", _("Supervision (督查)")
    ASSESSMENT = "assessment", _("Assessment (考核)")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment (自评)")
    PATROL = "patrol", _("Patrol (巡察)")
    AUDIT = "audit", _("Audit (审计)")
    THIRD_PARTY = "third_party", _("Third-party evaluation (第三方评估)")


class Campaign(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CampaignKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    counties = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("counties"),
        related_name="campaigns",
        limit_choices_to={"level": "county"},
        help_text=_("The counties this campaign inspects."),
    )
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("follow-up review of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date"))
                | models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Team(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=64)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="teams"
    )
    regions = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("assigned regions"),
        blank=True,
        related_name="teams",
        help_text=_("Members may record scores and findings here (the whole subtree)."),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["campaign", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.name}"
