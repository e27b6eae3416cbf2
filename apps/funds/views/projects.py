"""The project ledger (项目台账) and its .xlsx, a project's page with its
stages, 公示 date, evidence and payments, and the step to its next stage
(asked for confirmation first)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from apps.accounts.access import can_keep_funds
from apps.audit.selectors import history_for
from apps.core.excel import xlsx_response
from apps.core.feedback import report_form_errors, report_refusal
from apps.evidence.views import download_evidence, upload_evidence

from .. import exports, ledger, selectors, services, usage
from ..filters import ProjectFilter
from ..forms import AdvanceForm, ProjectEvidenceForm
from ..models import STAGE_DATE_FIELDS, ProjectEvidence, Stage, next_stage
from ..tables import ExpenditureTable, ProjectTable

ROWS_PER_PAGE = 50


def _filtered(request: HttpRequest) -> ProjectFilter:
    rows = ledger.ledger_rows(actor=request.user)
    return ProjectFilter(request.GET, queryset=rows, request=request)


def ledger_page(request: HttpRequest) -> HttpResponse:
    """Every project in scope, filtered by kind, stage, county, town and year,
    50 a page, with the count and investment per kind of what is listed."""
    filterset = _filtered(request)
    table = ProjectTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(table)
    return render(
        request,
        "funds/projects.html",
        {
            "filter": filterset,
            "table": table,
            "totals": selectors.totals_by_kind(filterset.qs),
            "query": request.GET.urlencode(),
        },
    )


def ledger_xlsx(request: HttpRequest) -> HttpResponse:
    """The same rows (all pages) and per-kind totals as an .xlsx."""
    filterset = _filtered(request)
    rows = filterset.qs
    workbook = exports.ledger_workbook(rows, selectors.totals_by_kind(rows))
    return xlsx_response(workbook, f"{exports.ledger_title()}.xlsx")


def _stages(project) -> list[dict]:
    """Each stage with the day it was reached (None: not yet)."""
    return [
        {
            "label": Stage(stage).label,
            "on": getattr(project, field),
            "current": project.stage == stage,
        }
        for stage, field in STAGE_DATE_FIELDS.items()
    ]


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = ledger.project_in_scope(actor=request.user, pk=pk)
    can_keep = can_keep_funds(request.user, project.region)
    coming = next_stage(project.stage)
    payments = ExpenditureTable(
        usage.project_expenditures(actor=request.user, project=project), exclude=("project",)
    )
    RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(payments)
    evidence = list(project.evidence.select_related("uploaded_by"))
    return render(
        request,
        "funds/project_detail.html",
        {
            "project": project,
            "stages": _stages(project),
            "next_stage": coming,
            "advance_form": (
                AdvanceForm(initial={"opened_version": project.version})
                if can_keep and coming
                else None
            ),
            "upload_form": ProjectEvidenceForm() if can_keep else None,
            "evidence": evidence,
            "payments": payments,
            "changes": history_for(project, *evidence),
        },
    )


def _keep(request: HttpRequest, pk: int):
    """The project in scope (404 otherwise) that the user keeps (403 otherwise)."""
    project = ledger.project_in_scope(actor=request.user, pk=pk)
    if not can_keep_funds(request.user, project.region):
        raise PermissionDenied
    return project


@require_POST
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    """The next stage: the first POST shows what it changes, the confirming
    one (``confirm=yes``) takes the step."""
    project = _keep(request, pk)
    form = AdvanceForm(request.POST)
    coming = next_stage(project.stage)
    if not form.is_valid():
        report_form_errors(request, form)
    elif coming is None:
        messages.error(request, _("The project is completed: there is no later stage."))
    elif form.cleaned_data["confirm"] != "yes":
        return render(
            request,
            "funds/advance_confirm.html",
            {"project": project, "next_stage": coming, "form": form},
        )
    else:
        try:
            services.do_advance_project(
                actor=request.user,
                project=project,
                on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["opened_version"],
            )
        except ValidationError as exc:
            report_refusal(request, exc)
        else:
            messages.success(
                request, _("The project moved to %(stage)s.") % {"stage": coming.label}
            )
    return redirect("funds:project", pk=pk)


@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = _keep(request, pk)
    caption = ProjectEvidenceForm(request.POST, request.FILES)
    caption.is_valid()  # the files are checked by upload_evidence; the caption is optional
    text = caption.cleaned_data.get("caption", "")
    upload_evidence(
        request,
        lambda upload: services.do_add_project_evidence(
            actor=request.user, project=project, upload=upload, caption=text
        ),
    )
    return redirect("funds:project", pk=pk)


def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    return download_evidence(request, ProjectEvidence.objects.select_related("project"), pk)
