"""The monitoring ledger under the returns' lock: cases, measures and visits
of a region dated in a submitted or approved period (identified, planned,
visited on) cannot change."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.locks.guard import guard_model, register_kind

KIND = "monitoring.ledger"


def guard_ledger() -> None:
    from .models import AssistanceMeasure, MonitoringCase, Visit

    register_kind(KIND, _("the monitoring ledger"))
    guard_model(MonitoringCase, kind=KIND, key=lambda c: (c.household.village, c.identified_on))
    guard_model(
        AssistanceMeasure, kind=KIND, key=lambda m: (m.case.household.village, m.planned_on)
    )
    guard_model(Visit, kind=KIND, key=lambda v: (v.case.household.village, v.visited_on))
