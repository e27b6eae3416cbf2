"""Plan pages: the list, the responsibility matrix (and its .xlsx), a target's
reported values with evidence. Thin: scope, parse, ask selectors/services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from apps.accounts.access import can_edit_bulletins, can_edit_plans, get_object_in_scope
from apps.audit.selectors import history_for
from apps.bulletins.selectors import latest_bulletin_like
from apps.core.excel import xlsx_response
from apps.core.feedback import report_form_errors, report_refusal, show_refusal_on_form
from apps.evidence.views import download_evidence

from . import exports, selectors, services
from .filters import PlanFilter
from .forms import BulletinDraftForm, MatrixForm, ReportForm
from .models import Target, TargetEvidence
from .tables import PlanTable


def index(request):
    filterset = PlanFilter(request.GET, queryset=selectors.plans_for(request.user), request=request)
    table = PlanTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "plans/index.html", {"filter": filterset, "table": table})


def _plan_in_scope(user, pk: int):
    return get_object_in_scope(selectors.plans_for(user), user, pk=pk)


def detail(request, pk: int):
    plan = _plan_in_scope(request.user, pk)
    form = MatrixForm(request.GET)
    form.is_valid()
    as_of = form.cleaned_data.get("as_of") or timezone.localdate()
    matrix = selectors.matrix(request.user, plan, as_of=as_of)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(exports.matrix_workbook(matrix), f"{exports.title(matrix)}.xlsx")
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "matrix": matrix,
            "form": form,
            "as_of": as_of,
            "can_edit": can_edit_plans(request.user, plan.region),
            "bulletin": bulletin_action(request, plan),
        },
    )


def bulletin_action(request, plan) -> dict | None:
    """The "draft a bulletin with this matrix" form, for those who may draft."""
    if not can_edit_bulletins(request.user):
        return None
    model = latest_bulletin_like(None)
    initial = {"organ_abbreviation": model.organ_abbreviation if model else ""}
    return {
        "url": reverse("plans:bulletin", args=[plan.pk]),
        "form": BulletinDraftForm(initial=initial),
    }


@require_POST
def bulletin(request, pk: int):
    plan = _plan_in_scope(request.user, pk)
    if not can_edit_bulletins(request.user):
        raise PermissionDenied
    form = BulletinDraftForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.draft_matrix_bulletin(
                user=request.user,
                plan=plan,
                as_of=data["as_of"] or timezone.localdate(),
                organ_abbreviation=data["organ_abbreviation"],
                issuing_mark=data["issuing_mark"],
            )
        except ValidationError as exc:
            report_refusal(request, exc)
        else:
            messages.success(
                request,
                _("Draft %(number)s created with the matrix as its annex.")
                % {"number": draft.document_number},
            )
            return redirect("bulletins:edit", pk=draft.pk)
    else:
        report_form_errors(request, form)
    return redirect("plans:detail", pk=pk)


def _target_in_scope(user, pk: int) -> Target:
    targets = Target.objects.select_related("action", "action__plan", "action__plan__region")
    return get_object_in_scope(targets, user, pk=pk)


def target(request, pk: int):
    item = _target_in_scope(request.user, pk)
    plan = item.action.plan
    can_edit = can_edit_plans(request.user, plan.region) and not item.indicator
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_value(
                    user=request.user,
                    target=item,
                    value=data["value"],
                    reported_on=data["reported_on"],
                    note=data["note"],
                    evidence_files=data["evidence"],
                )
            except ValidationError as exc:
                show_refusal_on_form(form, exc)
            else:
                messages.success(request, _("Reported value saved."))
                return redirect("plans:target", pk=pk)
    reports = list(item.reports.select_related("reported_by").prefetch_related("evidence"))
    for report in reports:  # 80%, 3次, 是: as the matrix writes the value
        report.shown = selectors.shown_value(item.kind, report.value, item.unit)
    evidence = TargetEvidence.objects.filter(report__target=item)
    return render(
        request,
        "plans/target.html",
        {
            "plan": plan,
            "target": item,
            "shown_target": selectors.shown_target(item),
            "reports": reports,
            "form": form if can_edit else None,
            "changes": history_for(item, *reports, *evidence),
        },
    )


def evidence_download(request, pk: int):
    return download_evidence(request, TargetEvidence.objects.select_related("report"), pk)
