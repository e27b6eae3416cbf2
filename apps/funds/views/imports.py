"""Funds imports: the list of the user's imports with an upload form and a
template per kind, and each import's result page (progress while the
background worker runs it, then the counts or the table of problems)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from apps.accounts.access import can_import_funds, can_see_fund_import, is_city_office
from apps.core.excel import xlsx_response

from ..forms import FundUploadForm
from ..importers import template_workbook
from ..importers.columns import KEYS, SHEET_NAMES
from ..importers.jobs import start_import
from ..models import FundImport, ImportKind

RECENT = 30


def _imports_for(user):
    rows = FundImport.objects.select_related("uploaded_by")
    return rows if is_city_office(user) else rows.filter(uploaded_by=user)


def imports_page(request: HttpRequest) -> HttpResponse:
    if not can_import_funds(request.user):
        raise PermissionDenied
    form = FundUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], user=request.user
        )
        return redirect("funds:import_detail", pk=job.pk)
    kinds = [
        {"value": kind.value, "label": kind.label, "sheet": SHEET_NAMES[kind], "key": KEYS[kind]}
        for kind in ImportKind
    ]
    return render(
        request,
        "funds/imports.html",
        {"form": form, "kinds": kinds, "imports": _imports_for(request.user)[:RECENT]},
    )


def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ImportKind.values:
        raise Http404
    return xlsx_response(template_workbook(kind), f"{SHEET_NAMES[kind]}导入模板.xlsx")


def _job(request: HttpRequest, pk: int) -> FundImport:
    job = FundImport.objects.select_related("uploaded_by").filter(pk=pk).first()
    if job is None or not can_see_fund_import(request.user, job):
        raise Http404
    return job


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "funds/import_detail.html", {"job": _job(request, pk)})


def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "percent": job.percent,
            "rows_total": job.rows_total,
            "finished": job.finished,
        }
    )
