"""Importing the national household file: all or nothing.

- ``reader`` (with ``parts`` and ``limits``): streams the sheet out of the .xlsx, flat
  memory, refusing hostile files before memory grows;
- ``checks``: every row checked, every problem named (``check_file``), cell by cell
  through ``cells``, into the ``results`` types (problems, parsed households);
- ``stored``: rows checked against stored records (scope, moves, blanks);
- ``writer``: writes a file that passed, in one transaction;
- ``history``: history values as people read them;
- ``jobs`` / ``tasks``: the background job (queue, lease, confirm, cancel, resubmit).

``check_file`` has already refused a file with any bad row and
``stored.check_against_stored`` any row the uploader may not change; everything
is then written inside one transaction, so a failure halfway leaves the
database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils import translation

from apps.accounts.access import can_import_households, person, region_scope, require_actor
from apps.audit.context import acting_as
from apps.regions.models import Region

from .checks import check_file
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
from .results import ImportRejected, Problem
from .stored import BlanksToConfirm
from .writer import CHUNK, Progress, write_parsed

__all__ = [
    "CHUNK",
    "INTERRUPTED",
    "BlanksToConfirm",
    "ImportRejected",
    "NotInThatState",
    "Problem",
    "cancel_import",
    "check_file",
    "confirm_import",
    "import_households",
    "resubmit_import",
    "run_import_job",
    "start_import",
    "sweep_stalled_imports",
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
    require_actor(user)
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
    with acting_as(person(user)), translation.override("zh-hans"):
        counts = write_parsed(parsed, actor=user, progress=progress, confirm_blanks=confirm_blanks)
    return {**counts, "notices": parsed.notices}  # e.g. the hidden sheets ignored
