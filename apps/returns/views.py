"""The returns' pages: the list, one return (its figures, the difference
against the approved snapshot, the steps the user may take, and the county's
fund progress entry), and reporting completeness with its .xlsx."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.access import can_submit_return
from apps.core.excel import xlsx_response
from apps.core.feedback import report_form_errors, report_refusal
from apps.core.inbox import inbox_count
from apps.funds.services.allocations import do_record_monthly_progress
from apps.locks.guard import KINDS

from . import selectors
from .exports import completeness_workbook
from .forms import ProgressForm, StepForm
from .machine import available
from .models import ReturnType, State
from .periods import period_label
from .services import do_take_step

FIGURE_LABELS = {
    "rows": "条数",
    "planned_cumulative_wan": "计划累计支出（万元）",
    "actual_cumulative_wan": "实际累计支出（万元）",
    "households": "户数",
    "members": "人数",
    "cases": "监测对象",
    "measures": "帮扶措施",
    "visits": "走访记录",
    "values": "上报值",
    "entries": "台账条目",
    "complete": "已齐全",
}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _chosen_type(request: HttpRequest, *, default_first: bool = True) -> ReturnType | None:
    types = ReturnType.objects.filter(is_active=True).order_by("name")
    pk = request.GET.get("type")
    chosen = types.filter(pk=pk).first() if pk and pk.isdigit() else None
    return chosen or (types.first() if default_first else None)


def index(request: HttpRequest) -> HttpResponse:
    return_type = _chosen_type(request, default_first=False)  # none chosen: every type
    state = request.GET.get("state") or ""
    if state not in State.values:
        state = ""
    rows = selectors.returns_for(request.user, return_type=return_type, state=state or None)[:200]
    return render(
        request,
        "returns/index.html",
        {
            "types": ReturnType.objects.filter(is_active=True).order_by("name"),
            "return_type": return_type,
            "state": state,
            "states": State.choices,
            "rows": rows,
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    instance = selectors.return_in_scope(request.user, pk)
    comparison = selectors.compare_with_approval(instance)
    figures = [
        (KINDS.get(kind, kind), [(FIGURE_LABELS.get(k, k), v) for k, v in totals.items()])
        for kind, totals in comparison.figures.items()
    ]
    diff_totals = [
        (KINDS.get(kind, kind), FIGURE_LABELS.get(name, name), before, now)
        for kind, name, before, now in (comparison.diff.totals if comparison.diff else [])
    ]
    may_enter = (
        "funds.progress" in instance.return_type.covers
        and instance.region.level == "county"
        and can_submit_return(request.user, instance.region)
    )
    return render(
        request,
        "returns/detail.html",
        {
            "instance": instance,
            "steps": instance.steps.select_related("actor").all(),
            "transitions": available(request.user, instance),
            "figures": figures,
            "comparison": comparison,
            "diff_totals": diff_totals,
            "progress_form": ProgressForm() if may_enter and not instance.is_locked else None,
            "may_enter": may_enter,
        },
    )


@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    instance = selectors.return_in_scope(request.user, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("returns:detail", pk=pk)
    try:
        done = do_take_step(
            actor=request.user,
            instance=instance,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["opened_version"],
        )
    except PermissionDenied:
        raise
    except ValidationError as refusal:
        report_refusal(request, refusal)
    else:
        messages.success(
            request,
            _("The return is now %(state)s.") % {"state": done.get_state_display()},
        )
    return redirect("returns:detail", pk=pk)


@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The county's cumulative spending for the return's month, through the
    funds service (which the lock refuses while the return is submitted or approved)."""
    instance = selectors.return_in_scope(request.user, pk)
    if "funds.progress" not in instance.return_type.covers or instance.region.level != "county":
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("returns:detail", pk=pk)
    try:
        do_record_monthly_progress(
            actor=request.user,
            month=instance.period_start,
            county=instance.region,
            **form.cleaned_data,
        )
    except PermissionDenied:
        raise
    except ValidationError as refusal:
        report_refusal(request, refusal)
    else:
        messages.success(request, _("Saved."))
    return redirect("returns:detail", pk=pk)


def _completeness(request: HttpRequest):
    return_type = _chosen_type(request)
    if return_type is None:
        return None
    periods = selectors.periods_of(return_type)
    period = _date(request.GET.get("period"))
    if period not in periods:
        period = periods[0] if periods else None
    as_of = _date(request.GET.get("as_of")) or timezone.localdate()
    if period is None:
        return {"return_type": return_type, "periods": [], "period": None, "as_of": as_of}
    rows = selectors.completeness(user=request.user, return_type=return_type, period_start=period)
    due = selectors.due_of(return_type, period)
    totals = selectors.summary(rows, due, as_of)
    return {
        "return_type": return_type,
        "periods": [(p, period_label(return_type.periodicity, p)) for p in periods],
        "period": period,
        "period_label": period_label(return_type.periodicity, period),
        "due_on": due,
        "as_of": as_of,
        "rows": rows,
        "totals": totals,
        "sentence": selectors.sentence(return_type, period, totals, due),
    }


def completeness(request: HttpRequest) -> HttpResponse:
    context = _completeness(request) or {}
    context["types"] = ReturnType.objects.filter(is_active=True).order_by("name")
    return render(request, "returns/completeness.html", context)


def completeness_xlsx(request: HttpRequest) -> HttpResponse:
    context = _completeness(request)
    if not context or context["period"] is None:
        return redirect("returns:completeness")
    title = f"{context['period_label']}{context['return_type'].name}报送情况"
    workbook = completeness_workbook(title, context["rows"], context["totals"], context["sentence"])
    return xlsx_response(workbook, f"{title}.xlsx")


def inbox_count_json(request: HttpRequest) -> JsonResponse:
    """The menu's 我的待办 count, fetched by static/js/inbox-count.js so that no
    page pays the inbox's queries for its menu."""
    response = JsonResponse({"count": inbox_count(request)})
    response["Cache-Control"] = "private, max-age=60"
    return response
