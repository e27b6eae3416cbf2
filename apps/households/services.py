"""Writes to the household registry by hand: edits and moves.

Imports (reading, checking, writing a national file, and the background job)
are in ``apps.households.imports``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.access import can_edit_households, can_move_household
from apps.audit.context import acting_as
from apps.audit.locking import lock_current_version, next_version
from apps.regions.models import Region

from .models import Household


def update_record(*, record, user, data: dict, expected_version: int | None):
    """Save an edit of a household or member; StaleEdit when someone saved first."""
    region = record.village if isinstance(record, Household) else record.household.village
    if not can_edit_households(user, region):
        raise PermissionDenied(
            _("You may not change the households of %(region)s.") % {"region": region.full_name}
        )
    with transaction.atomic(), acting_as(user):
        current = lock_current_version(type(record), record.pk, expected_version)
        for name, value in data.items():
            setattr(current, name, value)
        next_version(current)
        current.save()
    return current


def move_household(
    *, household: Household, village: Region, user, expected_version: int | None = None
) -> Household:
    """Move a household (and so its members) to another village: the explicit
    act an import never performs. Recorded in the household's history."""
    if village.level != "village" or not can_move_household(user, household, village):
        raise PermissionDenied
    with transaction.atomic(), acting_as(user):
        current = lock_current_version(Household, household.pk, expected_version)
        current.village = village
        next_version(current)
        current.save()
    return current
