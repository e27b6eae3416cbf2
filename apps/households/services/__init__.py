"""Writes to the household registry: imports, edits and moves.

An import is all or nothing: ``check_file`` has already refused a file with
any bad row, ``plan.check_against_stored`` any row the uploader may not
change, and everything is then written inside one transaction, so a failure
halfway leaves the database as it was. The background job's lifecycle
(queue, lease, confirm, cancel, resubmit) is in ``jobs``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation

from apps.accounts.access import (
    can_edit_households,
    can_import_households,
    can_move_household,
    is_system,
    region_scope,
)
from apps.audit.context import acting_as
from apps.audit.locking import lock_current_version, next_version
from apps.regions.models import Region

from ..importers import ImportRejected, check_file
from ..models import Household
from .jobs import (
    INTERRUPTED,
    NotInThatState,
    cancel_import,
    confirm_import,
    resubmit_import,
    run_import_job,
    start_import,
    sweep_stalled_imports,
)
from .plan import BlanksToConfirm
from .writer import CHUNK, Progress, write_parsed

__all__ = [
    "CHUNK",
    "INTERRUPTED",
    "BlanksToConfirm",
    "NotInThatState",
    "ImportRejected",
    "cancel_import",
    "confirm_import",
    "import_households",
    "move_household",
    "resubmit_import",
    "run_import_job",
    "start_import",
    "sweep_stalled_imports",
    "update_record",
    "write_parsed",
]


def import_households(
    *,
    path: Path,
    user,
    display_name: str = "",
    progress: Progress | None = None,
    confirm_blanks: Callable[[dict[str, int]], bool] | None = None,
) -> dict[str, int]:
    """Check and write one national file as ``user`` (a user, or
    ``access.SYSTEM`` for the command line and the demo).

    ImportRejected lists every problem; BlanksToConfirm counts the stored
    values the file would empty unless ``confirm_blanks`` accepts them.
    Returns counts of households and members created, updated and unchanged.
    """
    if user is None:
        raise TypeError("import_households needs an actor: a user, or access.SYSTEM")
    if not can_import_households(user):
        raise PermissionDenied
    progress = progress or (lambda done, total: None)
    scope = region_scope(user)
    village_ids = None
    if not scope.unrestricted:
        village_ids = set(
            Region.objects.filter(scope.q(), level="village").values_list("pk", flat=True)
        )
    parsed = check_file(
        path,
        display_name=display_name,
        may_import_village=(lambda pk: village_ids is None or pk in village_ids),
        progress=progress,
    )
    with acting_as(None if is_system(user) else user), translation.override("zh-hans"):
        return write_parsed(parsed, actor=user, progress=progress, confirm_blanks=confirm_blanks)


def update_record(*, record, user, data: dict, expected_version: int | None):
    """Save an edit of a household or member; StaleEdit when someone saved first."""
    region = record.village if isinstance(record, Household) else record.household.village
    if not can_edit_households(user, region):
        raise PermissionError
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
