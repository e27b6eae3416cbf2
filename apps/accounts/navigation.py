"""The main menu in the portal's frame, for a logged-in user (a context processor),
and what the user's role may start from a page (``may``), so that read-only roles
see no button they cannot use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import (
    is_city_office,
    is_department_user,
    may_record_findings,
    may_record_scores,
    may_record_visits,
)

# (label, url name, the URL prefix that marks the item active)
NAVIGATION = [
    (_("Dashboard"), "dashboard", "/"),
    (_("Regions"), "regions:browser", "/regions/"),
    (_("Households"), "households:index", "/households/"),
    (_("Inspections"), "inspections:index", "/inspections/"),
    (_("Tasks"), "tasks:board", "/tasks/"),
    (_("Scorecards"), "scorecards:index", "/scorecards/"),
    (_("Bulletins"), "bulletins:index", "/bulletins/"),
    (_("Plans"), "plans:index", "/plans/"),
    (_("Timetables"), "timetables:index", "/timetables/"),
    (_("Funds"), "funds:index", "/funds/"),
    (_("Ledgers"), "ledgers:index", "/ledgers/"),
    (_("Micro-credit"), "funds:loans", "/funds/loans/"),
    (_("Monitoring"), "monitoring:index", "/monitoring/"),
    (_("Returns"), "returns:index", "/returns/"),
    (_("Household visits"), "field:index", "/field/"),
]

# Entries only some roles may open (the rest of the menu is scoped by the pages).
ONLY_FOR = {"field:index": may_record_visits}


# A department user's menu: their tasks and the documents sent to them; no registry.
DEPARTMENT_MENU = {"dashboard", "tasks:board", "bulletins:index"}


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    path = request.path
    shown = [
        (label, url_name, prefix)
        for label, url_name, prefix in NAVIGATION
        if not (is_department_user(request.user) and url_name not in DEPARTMENT_MENU)
        and ONLY_FOR.get(url_name, lambda _user: True)(request.user)
    ]
    # The longest prefix that matches marks its item (/funds/loans/ not /funds/).
    matching = [p for _l, _u, p in shown if (path == "/" if p == "/" else path.startswith(p))]
    current = max(matching, key=len, default=None)
    items = [
        {"label": label, "url": reverse(url_name), "active": prefix == current}
        for label, url_name, prefix in shown
    ]
    may = {
        "record_findings": may_record_findings(request.user),
        "record_scores": may_record_scores(request.user),
        # Where a change came from is the city office's to know.
        "see_addresses": is_city_office(request.user),
    }
    return {"nav_items": items, "may": may}
