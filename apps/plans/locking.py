"""The plans' reported values under the returns' lock: a value reported
as of a day in a submitted or approved period cannot change."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.locks.guard import guard_model, register_kind

KIND = "plans.reported"


def guard_reported_values() -> None:
    from .models import ReportedValue

    register_kind(KIND, _("the plans' reported values"))
    guard_model(
        ReportedValue, kind=KIND, key=lambda r: (r.target.action.plan.region, r.reported_on)
    )
