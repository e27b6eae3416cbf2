"""Inspection campaigns, their teams and their sample draws.

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
    # The draw the teams, the sample page and the next bulletin draft work from.
    # A later draw is kept beside it and only becomes current when the city
    # office chooses it (services.choose_current_draw): nothing is replaced.
    # SET_NULL, not PROTECT: deleting a campaign takes its draws with it (a
    # draw a bulletin cites is protected by Bulletin.draw instead).
    current_draw = models.ForeignKey(
        "SampleDraw",
        verbose_name=_("current sample draw"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.name}"


# --- sampling -------------------------------------------------------------------


class SampleDraw(models.Model):
    """A stratified draw of towns and villages (households once the registry
    holds them). The parameters and seed are stored: the same frame, parameters
    and seed give the same sample."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="draws"
    )
    towns_per_county = models.PositiveSmallIntegerField(_("towns per county"))
    villages_per_town = models.PositiveSmallIntegerField(_("villages per town"))
    # Per-county exceptions to ``towns_per_county`` (county id → towns), e.g.
    # seed 001: one street from each of 蓬江 and 江海, two towns elsewhere.
    county_towns = models.JSONField(_("towns per county, by county"), default=dict, blank=True)
    households_per_village = models.PositiveSmallIntegerField(
        _("households per village"), default=0
    )
    seed = models.CharField(_("seed"), max_length=64)
    forced = models.ManyToManyField(
        "regions.Region", verbose_name=_("always included"), blank=True, related_name="+"
    )
    excluded = models.ManyToManyField(
        "regions.Region", verbose_name=_("never included"), blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sample draw")
        verbose_name_plural = _("sample draws")
        ordering = ["campaign", "-drawn_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.seed}"


class SampledRegion(models.Model):
    region_scope_field = "region"

    draw = models.ForeignKey(
        SampleDraw, verbose_name=_("sample draw"), on_delete=models.CASCADE, related_name="regions"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=8)
    order = models.PositiveIntegerField(_("order"))
    was_forced = models.BooleanField(_("forced into the sample"), default=False)

    class Meta:
        ordering = ["draw", "order"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "region"], name="sampled_region_once")
        ]

    def __str__(self) -> str:
        return str(self.region)


class SampledHousehold(models.Model):
    """A registered household drawn for a visit (K per sampled village)."""

    region_scope_field = "household__village"

    draw = models.ForeignKey(
        SampleDraw,
        verbose_name=_("sample draw"),
        on_delete=models.CASCADE,
        related_name="households",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["draw", "order"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "household"], name="sampled_household_once")
        ]

    def __str__(self) -> str:
        return str(self.household)


# --- findings and rectification ---------------------------------------------------
