"""Roles and what each may do.

Permissions follow from the role alone (see backends.RoleBackend); which
*regions* a user may touch is a separate question answered by access.py.
Later apps add their models' permissions here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_OFFICE = "city_office", _("City office")
    COUNTY_STAFF = "county_staff", _("County staff")
    INSPECTOR = "inspector", _("Inspector")
    LEADERSHIP = "leadership", _("Leadership")
    DEPARTMENT = "department", _("Department")


# Roles that see every region of the city.
CITY_WIDE_ROLES = {Role.CITY_OFFICE, Role.LEADERSHIP}
# Roles that use the admin for data entry.
STAFF_ROLES = {Role.CITY_OFFICE, Role.COUNTY_STAFF}


def _perms(app_model: str, *actions: str) -> set[str]:
    app, model = app_model.split(".")
    return {f"{app}.{action}_{model}" for action in actions}


ALL = ("view", "add", "change", "delete")

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.CITY_OFFICE: (
        _perms("regions.region", *ALL)
        | _perms("regions.regionalias", *ALL)
        | _perms("accounts.user", *ALL)
        | _perms("accounts.failedlogin", "view", "delete")
        | _perms("inspections.campaign", *ALL)
        | _perms("inspections.team", *ALL)
        | _perms("scorecards.scoringscheme", *ALL)
        | _perms("scorecards.indicator", *ALL)
        | _perms("scorecards.ratingband", *ALL)
        | _perms("scorecards.scorecard", *ALL)
        | _perms("scorecards.score", *ALL)
        | _perms("scorecards.ranking", "view", "change")
        | _perms("inspections.findingcategory", *ALL)
        | _perms("inspections.finding", *ALL)
        | _perms("inspections.task", *ALL)
        | _perms("accounts.department", *ALL)
        | _perms("bulletins.bulletin", *ALL)
        | _perms("bulletins.bulletinannex", *ALL)
        # 简报 series: counters raised, never lowered, series never deleted.
        | _perms("bulletins.briefingseries", "view", "add", "change")
        | _perms("bulletins.briefingyear", "view", "add", "change")
    ),
    Role.COUNTY_STAFF: (
        _perms("regions.region", "view")
        | _perms("regions.regionalias", "view")
        | _perms("inspections.finding", "view", "add", "change")
    ),
    Role.INSPECTOR: _perms("regions.region", "view"),
    Role.LEADERSHIP: _perms("regions.region", "view"),
    # Department users answer their tasks in the portal; no registry, no admin.
    Role.DEPARTMENT: set(),
}


def grant(role: str, app_model: str, *actions: str) -> None:
    """Let a later app add its models' permissions to a role."""
    ROLE_PERMISSIONS[role] |= _perms(app_model, *actions)
