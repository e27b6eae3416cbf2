"""Pages of tasks given to departments (督办): the board, a task's thread with
replies and its status steps, the board as .xlsx, and a reply's evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.access import (
    can_answer_task,
    can_manage_tasks,
    can_propose_task_done,
    get_task_in_scope,
    scope_tasks,
    task_regions,
)
from apps.audit.selectors import history_for
from apps.core.excel import xlsx_response
from apps.core.feedback import report_form_errors, report_refusal, show_refusal_on_form
from apps.evidence.views import evidence_response

from . import task_exports, task_selectors, task_services
from .models import Task, TaskEvidence, TaskStatus
from .task_forms import ReplyForm, TaskBoardFilter, TaskForm, TaskStepForm


def _board(request):
    filters = TaskBoardFilter(request.GET or None)
    tasks = task_selectors.task_board(request.user, **filters.selection())
    return filters, tasks


def board(request):
    filters, tasks = _board(request)
    all_mine = scope_tasks(Task.objects.all(), request.user)
    return render(
        request,
        "inspections/tasks/board.html",
        {
            "filters": filters,
            "tasks": tasks,
            "counts": task_selectors.board_counts(tasks),
            "has_any": all_mine.exists(),
            "can_manage": can_manage_tasks(request.user),
            "querystring": request.GET.urlencode(),
        },
    )


def board_xlsx(request):
    _filters, tasks = _board(request)
    heading = _("Tasks given to departments")
    today = timezone.localdate()
    workbook = task_exports.board_workbook(tasks, heading=heading)
    return xlsx_response(workbook, f"{heading}-{today:%Y%m%d}.xlsx")


def create(request):
    if not can_manage_tasks(request.user):
        raise PermissionDenied
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            task = task_services.do_create_task(user=request.user, **data)
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Task issued."))
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "inspections/tasks/form.html", {"form": form})


def detail(request, pk: int):
    task = get_task_in_scope(
        task_selectors.with_overdue(Task.objects.select_related("lead_department", "campaign")),
        request.user,
        pk,
    )
    replies = list(task_selectors.thread(task))
    return render(
        request,
        "inspections/tasks/detail.html",
        {
            "task": task,
            "co_departments": list(task.co_departments.all()),
            "regions": task_regions(request.user, task),
            "replies": replies,
            "transitions": task.transitions.select_related("by"),
            "reply_form": ReplyForm() if can_answer_task(request.user, task) else None,
            "may_propose": can_propose_task_done(request.user, task)
            and task.status in (TaskStatus.PENDING, TaskStatus.IN_PROGRESS),
            "may_decide": can_manage_tasks(request.user) and task.status == TaskStatus.PROPOSED,
            "changes": history_for(task),
        },
    )


def _task(request, pk: int) -> Task:
    return get_task_in_scope(Task.objects.all(), request.user, pk)


@require_POST
def reply(request, pk: int):
    task = _task(request, pk)
    if not can_answer_task(request.user, task):
        raise PermissionDenied
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("tasks:detail", pk=pk)
    data = form.cleaned_data
    try:
        task_services.do_reply_task(
            user=request.user,
            task=task,
            replied_on=data["replied_on"],
            text=data["text"],
            value_reached=data["value_reached"],
            evidence_files=data["evidence"],
        )
    except ValidationError as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Reply recorded."))
    return redirect("tasks:detail", pk=pk)


@require_POST
def step(request, pk: int):
    task = _task(request, pk)
    form = TaskStepForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("tasks:detail", pk=pk)
    data = form.cleaned_data
    if data["step"] == "confirm" and not data["confirm"]:
        # 已办结 is final: the box says the evidence was checked.
        messages.error(request, _("Tick the box to confirm that the task is done."))
        return redirect("tasks:detail", pk=pk)
    try:
        task_services.do_transition_task(
            user=request.user,
            task=task,
            step=data["step"],
            expected_version=data["opened_version"],
            note=data["note"],
        )
    except ValidationError as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Status changed."))
    return redirect("tasks:detail", pk=pk)


def evidence_download(request, pk: int):
    evidence = TaskEvidence.objects.select_related("reply").filter(pk=pk).first()
    if evidence is None:
        raise Http404
    get_task_in_scope(Task.objects.all(), request.user, evidence.reply.task_id)
    return evidence_response(evidence)
