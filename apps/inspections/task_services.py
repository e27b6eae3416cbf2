"""Writes for tasks given to departments (督办): issue, reply, propose done,
confirm or return. Each runs in one transaction; history rows come from the
audit registry (Task, TaskReply, TaskTransition, TaskEvidence are audited)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.access import (
    can_answer_task,
    can_manage_tasks,
    person,
)
from apps.accounts.models import Department
from apps.audit.locking import StaleEdit, lock_current_version, next_version
from apps.evidence.services import store_evidence
from apps.regions.models import Region

from . import task_machine
from .models import (
    Campaign,
    Finding,
    Task,
    TaskEvidence,
    TaskReply,
    TaskSource,
    TaskStatus,
    TaskTransition,
)


def check_task_dates(issued_on: datetime.date | None, deadline: datetime.date | None) -> None:
    if issued_on and deadline and deadline < issued_on:
        raise ValidationError(
            {"deadline": _("The deadline cannot be before the day the task was issued.")}
        )


@transaction.atomic
def do_create_task(
    *,
    user,
    title: str,
    lead_department: Department | None,
    issued_on: datetime.date | None,
    deadline: datetime.date | None = None,
    description: str = "",
    co_departments: Iterable[Department] = (),
    regions: Iterable[Region] = (),
    source: str = TaskSource.NEXT_STEP,
    campaign: Campaign | None = None,
    finding: Finding | None = None,
    source_reference: str = "",
    target_value: Decimal | None = None,
    target_unit: str = "",
    target_note: str = "",
    responsible_units: str = "",
    order: int = 0,
) -> Task:
    """Give a task to a lead department (required) and its co-operating ones."""
    if not can_manage_tasks(user):
        raise PermissionDenied(_("Only the city office gives tasks to departments."))
    if lead_department is None:
        raise ValidationError({"lead_department": _("Choose the lead department.")})
    check_task_dates(issued_on, deadline)
    if finding is not None and campaign is None:
        campaign = finding.campaign
    task = Task(
        title=title,
        description=description,
        lead_department=lead_department,
        issued_on=issued_on,
        deadline=deadline,
        source=source,
        campaign=campaign,
        finding=finding,
        source_reference=source_reference,
        target_value=target_value,
        target_unit=target_unit,
        target_note=target_note,
        responsible_units=responsible_units or _units_text(lead_department, co_departments),
        order=order,
    )
    task.full_clean()
    task.save()
    task.co_departments.set([d for d in co_departments if d.pk != lead_department.pk])
    task.regions.set(list(regions))
    return task


def _units_text(lead: Department, others: Iterable[Department]) -> str:
    names = [lead.name] + [d.name for d in others if d.pk != lead.pk]
    return "、".join(names)[:300]


@transaction.atomic
def do_reply_task(
    *,
    user,
    task: Task,
    replied_on: datetime.date,
    text: str,
    value_reached: Decimal | None = None,
    evidence_files: Iterable = (),
) -> TaskReply:
    """A department's progress reply, with its evidence (all files or none)."""
    locked = lock_current_version(Task, task.pk, None)
    if not can_answer_task(user, locked):
        raise PermissionDenied(_("Only the task's departments reply to it."))
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    if locked.issued_on and replied_on < locked.issued_on:
        raise ValidationError(
            {"replied_on": _("The reply cannot be dated before the task was issued.")}
        )
    reply = TaskReply.objects.create(
        task=locked,
        department=user.department,
        replied_on=replied_on,
        text=text.strip(),
        value_reached=value_reached,
        by=person(user),
    )
    for upload in evidence_files:
        store_evidence(TaskEvidence, user=person(user), upload=upload, reply=reply)
    if locked.status == TaskStatus.PENDING:
        _move(user, locked, TaskStatus.IN_PROGRESS, "")
    return reply


def _move(user, task: Task, to_status: str, note: str) -> None:
    TaskTransition.objects.create(
        task=task, from_status=task.status, to_status=to_status, by=person(user), note=note
    )
    task.status = to_status
    next_version(task)
    task.save(update_fields=["status", "return_reason", "version", "updated_at"])


@transaction.atomic
def do_transition_task(
    *, user, task: Task, step: str, expected_version: int | None, note: str = ""
) -> Task:
    """Propose done, confirm or return a task — the only way its status moves
    (the admin shows the status read-only)."""
    chosen = task_machine.step_named(step)
    if chosen is None:
        raise ValidationError(_("Unknown step: %(step)s") % {"step": step})
    locked = lock_current_version(Task, task.pk, None)
    # Who may act is said before whether the page was stale.
    if not task_machine.user_may_take(user, chosen, locked):
        raise PermissionDenied(_("You may not make this change."))
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(locked, expected_version)
    if locked.status not in chosen.sources:
        raise ValidationError(
            _("A task that is “%(current)s” cannot become “%(target)s”.")
            % {"current": locked.get_status_display(), "target": TaskStatus(chosen.target).label}
        )
    if chosen.needs_note and not note.strip():
        raise ValidationError({"note": _("Say why the task is returned.")})
    locked.return_reason = note.strip() if chosen is task_machine.RETURN else ""
    _move(user, locked, chosen.target, note.strip())
    return locked
