"""The monitoring panel on the household page (registered in apps.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from apps.accounts.access import can_keep_monitoring

from .models import OPEN_STATUSES


def monitoring_panel(request, household) -> str:
    """The household's cases (one query) and the way to open one."""
    cases = list(household.monitoring_cases.order_by("-identified_on", "-pk"))
    keeper = can_keep_monitoring(request.user, household.village)
    return render_to_string(
        "monitoring/_household_panel.html",
        {
            "household": household,
            "cases": cases,
            "can_open": keeper and not any(c.status in OPEN_STATUSES for c in cases),
        },
        request=request,
    )
