"""Who sees full ID numbers on the household reports.

Kept beside the reports for now (apps/accounts/access.py is where access
checks live; move it there when the household pages need the same rule).
"""

from __future__ import annotations

from apps.accounts.access import can_see_region, is_city_office
from apps.accounts.roles import Role
from apps.regions.models import Region


def can_see_full_id_numbers(user, region: Region | None = None) -> bool:
    """The city office everywhere; county staff in their own county. Everyone
    else (inspectors, leadership) sees masked numbers. ``region`` None: rows
    already limited to the user's scope."""
    if is_city_office(user):
        return True
    if not (user.is_authenticated and user.role == Role.COUNTY_STAFF):
        return False
    return region is None or can_see_region(user, region)
