"""Projects: create and edit, the stage machine's moves, evidence files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import can_step_project_back, person
from apps.audit.locking import lock_current_version, next_version
from apps.evidence.services import store_evidence
from apps.households.models import Household
from apps.regions.models import Region

from ..models import (
    STAGE_DATE_FIELDS,
    ZERO,
    Project,
    ProjectEvidence,
    ProjectKind,
    Stage,
    next_stage,
    previous_stage,
)
from ..models.base import lies_within
from .common import require_keeper, save_new, update_versioned, writing

# Stages and their dates change only through the moves below.
PROJECT_FIELDS = frozenset(
    {
        "region",
        "kind",
        "name",
        "year",
        "special_funds_wan",
        "self_raised_wan",
        "other_wan",
        "households_benefiting",
        "people_benefiting",
        "notice_on",
        "tender_reference",
        "note",
    }
)


def _set_households(project: Project, households: Iterable[Household]) -> None:
    households = list(households)
    outside = [h.number for h in households if not lies_within(h.village, project.region)]
    if outside:
        raise ValidationError(
            _("Households %(numbers)s do not live in %(region)s.")
            % {"numbers": "、".join(outside), "region": project.region.full_name}
        )
    project.households.set(households)


def do_create_project(
    *,
    actor,
    region: Region,
    kind: ProjectKind,
    name: str,
    year: int,
    approved_on: dt.date,
    special_funds_wan: Decimal = ZERO,
    self_raised_wan: Decimal = ZERO,
    other_wan: Decimal = ZERO,
    households_benefiting: int = 0,
    people_benefiting: int = 0,
    households: Iterable[Household] = (),
    notice_on: dt.date | None = None,
    tender_reference: str = "",
    note: str = "",
) -> Project:
    """A project at stage 立项 (approved on ``approved_on``)."""
    with writing(actor):
        require_keeper(actor, region)
        project = save_new(
            Project(
                region=region,
                kind=kind,
                name=name,
                year=year,
                approved_on=approved_on,
                special_funds_wan=special_funds_wan,
                self_raised_wan=self_raised_wan,
                other_wan=other_wan,
                households_benefiting=households_benefiting,
                people_benefiting=people_benefiting,
                notice_on=notice_on,
                tender_reference=tender_reference,
                note=note,
            )
        )
        _set_households(project, households)
        return project


def do_update_project(
    *,
    actor,
    project: Project,
    expected_version: int | None,
    changes: Mapping[str, object],
    households: Iterable[Household] | None = None,
) -> Project:
    """An edit of the project's own fields (not its stage); ``households``
    replaces the linked registry households when given."""
    with writing(actor):
        current = update_versioned(
            actor=actor,
            model=Project,
            pk=project.pk,
            expected_version=expected_version,
            changes=changes,
            allowed=PROJECT_FIELDS,
            region_of=lambda p: p.region,
        )
        if households is not None:
            _set_households(current, households)
        return current


def do_advance_project(
    *, actor, project: Project, on: dt.date, expected_version: int | None = None
) -> Project:
    """The next stage (立项 → 实施 → 验收 → 完工), reached on ``on``: not in the
    future, not before the stage before it."""
    with writing(actor):
        current = lock_current_version(Project, project.pk, expected_version)
        require_keeper(actor, current.region)
        stage = next_stage(current.stage)
        if stage is None:
            raise ValidationError(_("The project is completed: there is no later stage."))
        before = getattr(current, STAGE_DATE_FIELDS[current.stage])
        if on > timezone.localdate():
            raise ValidationError(_("A stage cannot be reached on a future date."))
        if on < before:
            raise ValidationError(
                _("%(stage)s cannot come before %(previous)s (%(date)s).")
                % {
                    "stage": stage.label,
                    "previous": Stage(current.stage).label,
                    "date": before.isoformat(),
                }
            )
        current.stage = stage
        setattr(current, STAGE_DATE_FIELDS[stage], on)
        next_version(current)
        current.full_clean()
        current.save()
        return current


def do_step_project_back(
    *, actor, project: Project, reason: str, expected_version: int | None = None
) -> Project:
    """Undo the last stage reached (recorded by mistake): the city office
    only, with a reason kept in the project's note (and so in its history)."""
    if not can_step_project_back(actor):
        raise PermissionDenied(_("Only the city office moves a project back a stage."))
    if not reason.strip():
        raise ValidationError(_("Say why the project goes back a stage."))
    with writing(actor):
        current = lock_current_version(Project, project.pk, expected_version)
        stage = previous_stage(current.stage)
        if stage is None:
            raise ValidationError(_("The project is at its first stage."))
        undone = Stage(current.stage)
        setattr(current, STAGE_DATE_FIELDS[undone], None)
        current.stage = stage
        line = _("Back from %(stage)s: %(reason)s") % {"stage": undone.label, "reason": reason}
        current.note = f"{current.note}\n{line}".strip()
        next_version(current)
        current.full_clean()
        current.save()
        return current


def do_add_project_evidence(
    *, actor, project: Project, upload, caption: str = ""
) -> ProjectEvidence:
    """A file for the project (立项批复, 公示, 验收), checked by content and size."""
    with writing(actor):
        require_keeper(actor, project.region)
        return store_evidence(
            ProjectEvidence, user=person(actor), upload=upload, project=project, caption=caption
        )
