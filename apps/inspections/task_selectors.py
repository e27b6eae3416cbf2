"""Reads for tasks (督办): the board with overdue computed in the database, its
counts, the home page's reminders, each department's progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from apps.accounts.access import scope_tasks
from apps.accounts.models import Department

from .models import Task, TaskStatus
from .models.tasks import AWAITING_DEPARTMENT


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Past its deadline and not confirmed done."""
    return Q(**{f"{prefix}deadline__lt": today}) & ~Q(**{f"{prefix}status": TaskStatus.DONE})


def with_overdue(queryset: QuerySet[Task], today: datetime.date | None = None) -> QuerySet[Task]:
    today = today or timezone.localdate()
    return queryset.annotate(
        is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField())
    )


def task_board(
    user,
    *,
    department: Department | None = None,
    status: str = "",
    overdue: bool | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Task]:
    """The tasks the user may see, filtered, overdue first then by deadline."""
    today = today or timezone.localdate()
    tasks = scope_tasks(Task.objects.all(), user)
    if department is not None:
        tasks = tasks.filter(
            pk__in=Task.objects.filter(
                Q(lead_department=department) | Q(co_departments=department)
            ).values("pk")
        )
    if status:
        tasks = tasks.filter(status=status)
    if overdue is True:
        tasks = tasks.filter(overdue_q(today))
    elif overdue is False:
        tasks = tasks.exclude(overdue_q(today))
    return (
        with_overdue(tasks, today)
        .annotate(
            reply_count=Count("replies", distinct=True), last_reply=Max("replies__replied_on")
        )
        .select_related("lead_department", "campaign")
        .prefetch_related("co_departments", "regions")
        .order_by("-is_overdue", "status", "deadline", "order", "pk")
    )


@dataclass(frozen=True)
class BoardCounts:
    total: int
    pending: int
    in_progress: int
    proposed: int
    done: int
    overdue: int


def board_counts(tasks: QuerySet[Task], today: datetime.date | None = None) -> BoardCounts:
    """The board's counts in one query."""
    today = today or timezone.localdate()
    row = tasks.order_by().aggregate(
        total=Count("pk", distinct=True),
        pending=Count("pk", filter=Q(status=TaskStatus.PENDING), distinct=True),
        in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS), distinct=True),
        proposed=Count("pk", filter=Q(status=TaskStatus.PROPOSED), distinct=True),
        done=Count("pk", filter=Q(status=TaskStatus.DONE), distinct=True),
        overdue=Count("pk", filter=overdue_q(today), distinct=True),
    )
    return BoardCounts(**row)


def awaiting_reply(user, today: datetime.date | None = None) -> QuerySet[Task]:
    """The tasks waiting for the user's department's answer, overdue first."""
    if not user.is_authenticated or not getattr(user, "department_id", None):
        return Task.objects.none()
    today = today or timezone.localdate()
    mine = Q(lead_department_id=user.department_id) | Q(co_departments=user.department_id)
    tasks = Task.objects.filter(
        pk__in=Task.objects.filter(mine).values("pk"), status__in=AWAITING_DEPARTMENT
    )
    return (
        with_overdue(tasks, today)
        .select_related("lead_department")
        .order_by("-is_overdue", "deadline", "pk")
    )


def thread(task: Task) -> QuerySet:
    """The task's replies, oldest first, with their evidence and authors."""
    return task.replies.select_related("department", "by").prefetch_related("evidence")


@dataclass(frozen=True)
class DepartmentProgress:
    department: str
    total: int
    done: int
    proposed: int
    overdue: int


def department_progress(
    tasks: QuerySet[Task], today: datetime.date | None = None
) -> list[DepartmentProgress]:
    """Per lead department: tasks, confirmed done, proposed, overdue (one query)."""
    today = today or timezone.localdate()
    rows = (
        tasks.order_by()
        .filter(lead_department__isnull=False)
        .values("lead_department__name", "lead_department__order")
        .annotate(
            total=Count("pk", distinct=True),
            done=Count("pk", filter=Q(status=TaskStatus.DONE), distinct=True),
            proposed=Count("pk", filter=Q(status=TaskStatus.PROPOSED), distinct=True),
            overdue=Count(
                Case(When(overdue_q(today), then="pk"), default=Value(None)), distinct=True
            ),
        )
        .order_by("lead_department__order", "lead_department__name")
    )
    return [
        DepartmentProgress(
            row["lead_department__name"], row["total"], row["done"], row["proposed"], row["overdue"]
        )
        for row in rows
    ]
