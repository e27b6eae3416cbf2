"""One lock slot per return instance × kind of record it covers.

The returns app (top of the import graph) creates a slot when it opens a
return instance and turns ``locked`` on while the instance is submitted or
approved; the record apps' writes read the slots through ``guard.refuse_if_locked``
with ``SELECT … FOR UPDATE``, so a submission or approval and an edit of the
same region and period queue on the same row."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodLock(models.Model):
    kind = models.CharField(_("kind of record"), max_length=40)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    locked = models.BooleanField(_("locked"), default=False)
    # What the refusal says: the return, its state, who can unlock it.
    return_label = models.CharField(_("return"), max_length=200)
    state_label = models.CharField(_("state"), max_length=40, blank=True)
    unlocker_label = models.CharField(_("who can unlock"), max_length=100)
    holder_id = models.PositiveBigIntegerField(_("return instance"))
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("record lock")
        verbose_name_plural = _("record locks")
        constraints = [
            models.UniqueConstraint(fields=["holder_id", "kind"], name="periodlock_unique_holder"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="periodlock_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["kind", "region", "period_start"], name="periodlock_kind")]

    def __str__(self) -> str:
        return self.return_label
