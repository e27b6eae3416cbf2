"""Writes of the returns: opening a period, and every step of the lifecycle.

Each step runs in one transaction that locks the return's row and then its
lock slots (apps.locks, ``SELECT … FOR UPDATE``). An edit of a covered record
locks the same slots in its own transaction (apps.locks.guard), so a step and
an edit queue: an edit that got there first is in the figures the approval
snapshots; one that comes after a submission is refused."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.access import can_manage_return_types, person, require_actor
from apps.audit.locking import StaleEdit
from apps.locks.models import PeriodLock
from apps.regions.models import Region

from .machine import TRANSITIONS
from .models import LOCKED_STATES, ReturnInstance, ReturnType, Snapshot, State, Step
from .periods import due_on, period_bounds, period_label
from .snapshots import combined, figures_of


def _labels(instance: ReturnInstance) -> dict[str, str]:
    """What a refusal says, in the language of the documents."""
    kind = instance.return_type
    with translation.override("zh-hans"):
        return {
            "return_label": f"{instance.region.name}"
            f"{period_label(kind.periodicity, instance.period_start)}{kind.name}",
            "state_label": str(State(instance.state).label),
            "unlocker_label": _("the city office"),
        }


def _sync_slots(instance: ReturnInstance) -> None:
    PeriodLock.objects.filter(holder_id=instance.pk).update(
        locked=instance.state in LOCKED_STATES, **_labels(instance), changed_at=timezone.now()
    )


@transaction.atomic
def do_open_period(*, actor, return_type: ReturnType, day: dt.date) -> list[ReturnInstance]:
    """Create the period's return for every region of the type's level (未填报)
    with its lock slots, unlocked; regions that have one keep it."""
    require_actor(actor)
    if not can_manage_return_types(actor):
        raise PermissionDenied(_("Only the city office opens a return period."))
    start, end = period_bounds(return_type.periodicity, day)
    regions = Region.objects.filter(level=return_type.level).order_by("code", "pk")
    have = set(
        ReturnInstance.objects.filter(return_type=return_type, period_start=start).values_list(
            "region_id", flat=True
        )
    )
    created = []
    for region in regions:
        if region.pk in have:
            continue
        instance = ReturnInstance.objects.create(
            return_type=return_type,
            region=region,
            period_start=start,
            period_end=end,
            due_on=due_on(end, return_type.due_day),
        )
        labels = _labels(instance)
        PeriodLock.objects.bulk_create(
            PeriodLock(
                kind=kind,
                region=region,
                period_start=start,
                period_end=end,
                holder_id=instance.pk,
                **labels,
            )
            for kind in return_type.covers
        )
        created.append(instance)
    return created


def _lock_rows(instance: ReturnInstance, expected_version: int | None) -> ReturnInstance:
    current = (
        ReturnInstance.objects.select_for_update()
        .select_related("return_type", "region")
        .get(pk=instance.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current, expected_version)
    # The slots next: an edit of a covered record waits here, or we wait for it.
    list(PeriodLock.objects.select_for_update().filter(holder_id=current.pk).order_by("pk"))
    return current


def _take_snapshot(instance: ReturnInstance, actor, now) -> Snapshot:
    totals, records, digest = combined(figures_of(instance))
    return Snapshot.objects.create(
        instance=instance,
        taken_at=now,
        taken_by=person(actor),
        totals=totals,
        records=records,
        digest=digest,
    )


def do_take_step(
    *,
    actor,
    instance: ReturnInstance,
    action: str,
    note: str = "",
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> ReturnInstance:
    """Take ``action`` (see machine.TRANSITIONS) on the return; the note is the
    submission's note or the reason a return, cancellation or request needs.
    ``on`` is the day it happens (the demo's 2020 dates); today by default."""
    require_actor(actor)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("Unknown step."))
    note = (note or "").strip()
    with transaction.atomic():
        current = _lock_rows(instance, expected_version)
        if not transition.allowed(actor, current):
            raise PermissionDenied(_("You may not take this step on this return."))
        if not transition.applies_to(current):
            raise ValidationError(
                _("This step is not possible while the return is %(state)s.")
                % {"state": current.get_state_display()}
            )
        if transition.needs_reason and not note:
            raise ValidationError({"note": _("Give the reason.")})
        now = timezone.now()
        if on is not None:
            now = timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
        _apply(current, action, note, now, actor)
        if transition.target is not None:
            current.state = transition.target
        current.version += 1
        current.save()
        _sync_slots(current)
        Step.objects.create(
            instance=current, action=_step_action(action), actor=person(actor), at=now, note=note
        )
        return current


def _step_action(action: str) -> str:
    return Step.Action.UNAPPROVE if action == "grant_unlock" else action


def _apply(current: ReturnInstance, action: str, note: str, now, actor) -> None:
    if action == Step.Action.SUBMIT:
        current.submitted_at = now
        current.submit_note = note
        current.return_reason = ""
        if current.first_submitted_on is None:
            current.first_submitted_on = timezone.localdate(now)
    elif action == Step.Action.APPROVE:
        current.approved_at = now
        current.approved_by = person(actor)
        _take_snapshot(current, actor, now)
    elif action in (Step.Action.RETURN, Step.Action.UNAPPROVE):
        current.return_reason = note
        current.approved_at = None
        current.approved_by = None
    elif action == "grant_unlock":
        current.return_reason = current.unlock_reason
        current.approved_at = None
        current.approved_by = None
        current.unlock_requested_at = None
    elif action == Step.Action.REQUEST_UNLOCK:
        current.unlock_requested_at = now
        current.unlock_reason = note
    elif action == Step.Action.REFUSE_UNLOCK:
        current.unlock_requested_at = None
