"""State the report pages read instead of recounting the registry: each
household's red lights, kept current on every write (redlights/maintain.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HouseholdRedLight(models.Model):
    """One rule failing on one household, from when it was first seen until
    the write that cleared it. A cleared light is kept (the cleanup history);
    the same rule failing again opens a new row."""

    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="red_lights",
        db_index=False,
    )
    rule = models.CharField(_("rule"), max_length=12)
    # The household's county and village, copied so that counts per rule × county
    # read this table alone (kept in step when a household moves).
    county = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    since = models.DateTimeField(_("red since"), default=timezone.now)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    # The history row of the write that cleared it (None: cleared by a rebuild
    # or the nightly refresh of age rules, or the record's history is gone).
    cleared_by = models.ForeignKey(
        "audit.Change",
        verbose_name=_("cleared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("red light")
        verbose_name_plural = _("red lights")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "rule"],
                condition=Q(cleared_at__isnull=True),
                name="redlight_one_open_per_rule",
            )
        ]
        indexes = [
            models.Index(
                fields=["county", "rule"],
                condition=Q(cleared_at__isnull=True),
                name="redlight_open_by_county",
            ),
            models.Index(
                fields=["village", "rule"],
                condition=Q(cleared_at__isnull=True),
                name="redlight_open_by_village",
            ),
            models.Index(fields=["county", "cleared_at"], name="redlight_cleared_by_county"),
            models.Index(
                fields=["rule"], condition=Q(cleared_at__isnull=True), name="redlight_open_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} · {self.household_id}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None


class RedLightState(models.Model):
    """One row per maintained table (key "lights"): the day its age-dependent
    rules were last evaluated on, and the row locked so that one rebuild or
    refresh runs at a time."""

    key = models.CharField(_("table"), max_length=32, primary_key=True)
    as_of = models.DateField(_("age rules evaluated on"), null=True, blank=True)
    rebuilt_at = models.DateTimeField(_("rebuilt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("red-light state")
        verbose_name_plural = _("red-light state")

    def __str__(self) -> str:
        return self.key


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class VillageIndicatorCounts(models.Model):
    """Per village, the counts behind every household indicator that does not
    depend on the as-of day (numerators; the denominators are the village's
    members or households, or ``support_d``). apps/reports/counters.py keeps
    them current on every write; the page sums the rows of a region's
    villages. The row is also the village's lock: one recount at a time."""

    village = models.OneToOneField(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    households = _count(_("households"))
    members = _count(_("members"))
    exit_people = _count(_("members of lifted households"))
    exit_households = _count(_("lifted households"))
    formal_exit = _count(_("members of exited households"))
    medical = _count(_("members with medical insurance"))
    support_n = _count(_("households without labour capacity in dibao or destitute support"))
    support_d = _count(_("households without labour capacity"))
    housing = _count(_("households with safe housing"))
    water = _count(_("members with safe drinking water"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("village indicator counts")
        verbose_name_plural = _("village indicator counts")

    def __str__(self) -> str:
        return str(self.village_id)


class VillageBirthMonth(models.Model):
    """Per village and month of birth, the members the age-dependent indicators
    count (enrolment aged 6–15, pension aged 16+ not in school): the page adds
    whole months and counts only the two boundary months' members one by one.
    Members without a birth date are in no age group, so in no row."""

    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    month = models.DateField(_("month of birth"))  # its first day
    members = _count(_("members"))
    in_school = _count(_("members in school"))
    pension_insured = _count(_("members not in school with pension insurance"))

    class Meta:
        verbose_name = _("members by month of birth")
        verbose_name_plural = _("members by month of birth")
        constraints = [
            models.UniqueConstraint(fields=["village", "month"], name="birth_month_per_village")
        ]

    def __str__(self) -> str:
        return f"{self.village_id} · {self.month:%Y-%m}"
