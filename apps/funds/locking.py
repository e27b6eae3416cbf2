"""The monthly fund progress under the returns' lock: a row is locked while
a return covering its region and month is submitted or approved."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.locks.guard import guard_model, register_kind

KIND = "funds.progress"


def guard_progress() -> None:
    from .models import MonthlyProgress

    register_kind(KIND, _("the monthly fund progress"))
    guard_model(MonthlyProgress, kind=KIND, key=lambda p: (p.region, p.month))
