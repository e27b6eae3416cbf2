"""Writes: set up a timetable and its checklist, tick and reopen deliverables,
add evidence. Each runs in one transaction; history rows (修改记录) are written
by the audit signals on every save, and by ``record_bulk`` for the checklist's
bulk insert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import can_manage_timetables, can_tick_deliverables
from apps.audit.locking import lock_current_version, next_version
from apps.audit.models import Action
from apps.audit.services import BulkChange, record_bulk
from apps.bulletins.models import Bulletin
from apps.bulletins.services import draft_briefing, draft_bulletin
from apps.evidence.services import store_evidence
from apps.households.models import AssistingUnit
from apps.regions.models import Level, Region

from . import briefing, notices, selectors
from .models import Deliverable, DeliverableEvidence, Phase, Timetable


@dataclass(frozen=True)
class PhaseSpec:
    task: str
    deadline: dt.date
    starts_on: dt.date | None = None


def _require_manager(user) -> None:
    if not can_manage_timetables(user):
        raise PermissionDenied(_("Only the city office sets up work timetables."))


@transaction.atomic
def create_timetable(
    *,
    user,
    title: str,
    issuer: str,
    region: Region,
    phases: Sequence[PhaseSpec],
    assisting_units: Sequence[AssistingUnit] = (),
    issued_on: dt.date | None = None,
    organ_abbreviation: str = "",
) -> Timetable:
    """A timetable with its phases in the given order (第一阶段 first)."""
    _require_manager(user)
    timetable = Timetable(
        title=title,
        issuer=issuer,
        region=region,
        issued_on=issued_on,
        organ_abbreviation=organ_abbreviation,
        created_by=user,
    )
    timetable.full_clean()
    timetable.save()
    timetable.assisting_units.set(assisting_units)
    for order, spec in enumerate(phases, start=1):
        phase = Phase(
            timetable=timetable,
            order=order,
            task=spec.task,
            starts_on=spec.starts_on,
            deadline=spec.deadline,
        )
        phase.full_clean()
        phase.save()
    return timetable


@transaction.atomic
def generate_checklist(*, user, timetable: Timetable) -> int:
    """One deliverable per phase × village paired with one of the timetable's
    assisting units inside its region (the phase's task is the item). Items
    that exist are kept; returns how many were added."""
    _require_manager(user)
    pairs = (
        AssistingUnit.villages.through.objects.filter(
            assistingunit__in=timetable.assisting_units.all(), region__level=Level.VILLAGE
        )
        .filter(Region.subtree_q(timetable.region, "region__"))
        .order_by("region__code", "region_id", "assistingunit__name")
        .values_list("region_id", "region__name", "assistingunit_id", "assistingunit__name")
    )
    # A village paired with two of the units: the first by name answers for it.
    paired: dict[int, tuple[str, int, str]] = {}
    for village_id, village_name, unit_id, unit_name in pairs:
        paired.setdefault(village_id, (village_name, unit_id, unit_name))
    existing = set(
        Deliverable.objects.filter(phase__timetable=timetable).values_list(
            "phase_id", "village_id", "title"
        )
    )
    new = [
        Deliverable(phase=phase, village_id=village_id, assisting_unit_id=unit_id, title=phase.task)
        for phase in timetable.phases.all()
        for village_id, (_name, unit_id, _unit) in paired.items()
        if (phase.pk, village_id, phase.task) not in existing
    ]
    created = Deliverable.objects.bulk_create(new)
    record_bulk(
        Deliverable,
        (
            BulkChange(
                pk=d.pk,
                repr=f"{paired[d.village_id][0]} · {d.title}",
                action=Action.CREATE,
                changes={
                    "phase": str(d.phase),
                    "village": paired[d.village_id][0],
                    "assisting_unit": paired[d.village_id][2],
                    "title": d.title,
                },
                version=1,
            )
            for d in created
        ),
    )
    return len(created)


@transaction.atomic
def add_deliverable(
    *, user, phase: Phase, village: Region, title: str = "", assisting_unit=None
) -> Deliverable:
    """One more checklist item (a village not paired, or a second item)."""
    _require_manager(user)
    deliverable = Deliverable(
        phase=phase, village=village, title=title or phase.task, assisting_unit=assisting_unit
    )
    deliverable.full_clean()
    deliverable.save()
    return deliverable


def _require_ticker(user, deliverable: Deliverable) -> None:
    if not can_tick_deliverables(user, deliverable.village):
        raise PermissionDenied(
            _("You may not tick deliverables of %(village)s.")
            % {"village": deliverable.village.full_name}
        )


@transaction.atomic
def tick_deliverable(
    *,
    user,
    deliverable: Deliverable,
    completed_on: dt.date,
    note: str = "",
    evidence_files: Sequence = (),
    expected_version: int | None = None,
) -> Deliverable:
    """Mark a deliverable done on ``completed_on`` (not in the future), with
    optional evidence. The row is locked; a stale form is refused."""
    current = lock_current_version(Deliverable, deliverable.pk, expected_version)
    _require_ticker(user, current)
    if completed_on > timezone.localdate():
        raise ValidationError(_("The completion date cannot be in the future."))
    current.completed_on = completed_on
    current.completed_by = user
    current.note = note
    next_version(current)
    current.full_clean()
    current.save()
    for upload in evidence_files:
        add_evidence(user=user, deliverable=current, upload=upload)
    return current


@transaction.atomic
def reopen_deliverable(
    *, user, deliverable: Deliverable, note: str, expected_version: int | None = None
) -> Deliverable:
    """Take a tick back (wrongly ticked, evidence rejected); a reason is required."""
    current = lock_current_version(Deliverable, deliverable.pk, expected_version)
    _require_ticker(user, current)
    if not note.strip():
        raise ValidationError(_("Say why the deliverable is reopened."))
    current.completed_on = None
    current.completed_by = None
    current.note = note
    next_version(current)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def add_evidence(*, user, deliverable: Deliverable, upload) -> DeliverableEvidence:
    """A file checked by content (apps/evidence/validators.py), size-limited."""
    _require_ticker(user, deliverable)
    return store_evidence(DeliverableEvidence, user=user, upload=upload, deliverable=deliverable)


@transaction.atomic
def draft_progress_notice(*, user, timetable: Timetable, as_of: dt.date | None = None) -> Bulletin:
    """A draft bulletin (通报) of the timetable's progress on ``as_of``: the body
    per phase (villages done, not done, overdue named) and the village table
    as its annex, frozen now. City office only; the bulletin concerns the
    timetable's region."""
    _require_manager(user)
    if not timetable.organ_abbreviation:
        raise ValidationError(
            _("Give the timetable an organ abbreviation for its notices' numbers (e.g. 三扶办).")
        )
    progress = selectors.progress(timetable, user=user, as_of=as_of)
    # Signed and dated by the timetable's issuer on the day it reports.
    return draft_bulletin(
        user=user,
        title=notices.notice_title(progress),
        body=notices.draft_body(progress),
        organ_abbreviation=timetable.organ_abbreviation,
        issuing_mark=f"{timetable.issuer}文件",
        region=timetable.region,
        year=progress.as_of.year,
        annexes=[(notices.annex_title(progress), notices.annex_table(progress))],
        signature=timetable.issuer,
        printing_office=timetable.issuer,
        written_on=progress.as_of,
    )


def draft_briefing_issue(
    *,
    user,
    timetable: Timetable,
    series,
    as_of: dt.date,
    printed_on: dt.date | None = None,
    report_to: str = "",
    copy_to: str = "",
    printing_office: str = "",
) -> Bulletin:
    """A new issue of a 简报 series drafted from the timetable's records (the
    registry's gaps of its assisting units on ``as_of``, its phases): numbered
    by the series, never twice; the city office edits it before issuing."""
    _require_manager(user)
    return draft_briefing(
        user=user,
        series=series,
        articles=briefing.articles(timetable, as_of=as_of),
        region=timetable.region,
        printed_on=printed_on,
        report_to=report_to,
        copy_to=copy_to,
        printing_office=printing_office,
    )
