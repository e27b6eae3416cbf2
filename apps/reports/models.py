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
