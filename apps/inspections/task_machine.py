"""The task's status machine (督办), in one place: who may move a task from
which status to which. Services and the admin both go through ``step_between``.

待答复/进行中 → 申请办结 (the lead department proposes done)
申请办结 → 已办结 (the city office confirms) or → 进行中 (returned with a reason)
A reply moves a task awaiting its first answer to 进行中.
"""

from __future__ import annotations

from dataclasses import dataclass

from apps.accounts.access import can_manage_tasks, can_propose_task_done

from .models import TaskStatus


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]
    target: str
    needs_note: bool = False


PROPOSE = Step("propose", (TaskStatus.PENDING, TaskStatus.IN_PROGRESS), TaskStatus.PROPOSED)
CONFIRM = Step("confirm", (TaskStatus.PROPOSED,), TaskStatus.DONE)
RETURN = Step("return", (TaskStatus.PROPOSED,), TaskStatus.IN_PROGRESS, needs_note=True)
STEPS = {step.name: step for step in (PROPOSE, CONFIRM, RETURN)}


def step_named(name: str) -> Step | None:
    return STEPS.get(name)


def user_may_take(user, step: Step, task) -> bool:
    if step is PROPOSE:
        return can_propose_task_done(user, task)
    return can_manage_tasks(user)
