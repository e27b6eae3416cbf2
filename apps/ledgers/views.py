"""Ledger pages. Thin: scope, parse, ask selectors/services, render."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.accounts.access import (
    can_fill_ledger,
    can_manage_ledgers,
    get_object_in_scope,
    region_scope,
)
from apps.audit.selectors import history_for
from apps.core.excel import xlsx_response
from apps.core.feedback import show_refusal_on_form
from apps.evidence.views import download_evidence
from apps.regions.models import Level, Region

from . import archive, exports, selectors, services
from .forms import EntryForm, TemplateImportForm
from .models import EntryStatus, ItemLevel, LedgerEntry, LedgerEvidence, LedgerItem


def _template(pk: int):
    return get_object_or_404(selectors.templates(), pk=pk)


def _county(user, pk: int) -> Region:
    return get_object_in_scope(Region.objects.filter(level=Level.COUNTY), user, pk=pk)


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ledgers/index.html",
        {"templates": selectors.templates(), "can_manage": can_manage_ledgers(request.user)},
    )


def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Counties ranked by completeness, with each county's archive status (档案管理)."""
    template = _template(pk)
    rows = list(selectors.county_completeness(template, user=request.user))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            exports.ranking_workbook(template, rows), f"{template.title}·{_('Completeness')}.xlsx"
        )
    return render(
        request,
        "ledgers/template.html",
        {
            "template": template,
            "rows": [(row, selectors.is_archive_ready(row)) for row in rows],
            "tree": selectors.tree(template),
            "can_manage": can_manage_ledgers(request.user),
            "my_county": my_county(request.user),
        },
    )


def county(request: HttpRequest, pk: int, county_pk: int) -> HttpResponse:
    """Items × the county's towns or villages, red where missing."""
    template = _template(pk)
    region = _county(request.user, county_pk)
    levels = [value for value, _label in selectors.GRID_LEVELS]
    level = request.GET.get("level") if request.GET.get("level") in levels else ItemLevel.VILLAGE
    grid = selectors.county_grid(template, region, level=level, user=request.user)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            exports.grid_workbook(template, region, grid),
            f"{region.name}·{template.title}.xlsx",
        )
    return render(
        request,
        "ledgers/county.html",
        {
            "template": template,
            "county": region,
            "grid": grid,
            "levels": selectors.GRID_LEVELS,
            "statuses": EntryStatus,
        },
    )


def missing(request: HttpRequest, pk: int, county_pk: int) -> HttpResponse:
    """What a county still has to collect: phone-first list for county staff."""
    template = _template(pk)
    region = _county(request.user, county_pk)
    return render(
        request,
        "ledgers/missing.html",
        {
            "template": template,
            "county": region,
            "missing": selectors.missing_items(template, region, user=request.user),
            "statuses": EntryStatus,
        },
    )


def entry(request: HttpRequest, item_pk: int, region_pk: int) -> HttpResponse:
    item = get_object_or_404(LedgerItem.objects.select_related("template"), pk=item_pk)
    region = get_object_in_scope(
        Region.objects.select_related("county", "town"), request.user, pk=region_pk
    )
    if not selectors.applies_to(item, region) or item.children.exists():
        raise Http404
    current = LedgerEntry.objects.filter(item=item, region=region).first()
    may_fill = can_fill_ledger(request.user, region)
    form = EntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_fill:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.do_fill_entry(
                    user=request.user,
                    item=item,
                    region=region,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    evidence_files=form.cleaned_data["evidence"],
                    expected_version=form.cleaned_data["opened_version"],
                )
            except ValidationError as exc:
                show_refusal_on_form(form, exc)
            else:
                messages.success(request, _("Ledger entry saved."))
                return redirect("ledgers:entry", item_pk=item.pk, region_pk=region.pk)
    else:
        form.initial = {
            "status": current.status if current else EntryStatus.MISSING,
            "note": current.note if current else "",
            "opened_version": current.version if current else None,
        }
    evidence = list(current.evidence.select_related("uploaded_by")) if current else []
    return render(
        request,
        "ledgers/entry.html",
        {
            "item": item,
            "template": item.template,
            "region": region,
            "county": region.county or region,
            "current": current,
            "evidence": evidence,
            "form": form,
            "may_fill": may_fill,
            "changes": history_for(current, *evidence) if current else [],
        },
    )


def evidence_download(request: HttpRequest, pk: int):
    return download_evidence(request, LedgerEvidence.objects.select_related("entry"), pk)


def archive_zip(request: HttpRequest, pk: int, region_pk: int) -> StreamingHttpResponse:
    """The region's evidence arranged by the template's tree, streamed."""
    template = _template(pk)
    region = get_object_in_scope(
        Region.objects.exclude(level=Level.CITY), request.user, pk=region_pk
    )
    items = selectors.tree(template)
    files = selectors.archive_files(template, region, items)
    members = (
        ((*f.folders, archive.safe_segment(f.region_name)), f.name, _opener(f.path)) for f in files
    )
    name = f"{region.name}·{template.title}.zip"
    response = StreamingHttpResponse(
        archive.stream_zip([t.folders for t in items], members), content_type="application/zip"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _opener(path: str):
    from django.core.files.storage import default_storage

    return lambda: default_storage.open(path, "rb")


def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The city office loads a template's items from .xlsx."""
    if not can_manage_ledgers(request.user):
        raise PermissionDenied
    template = _template(pk)
    form = TemplateImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.do_import_template(
                user=request.user, template=template, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(
                request,
                _("%(created)d items added, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("ledgers:template", pk=template.pk)
    return render(request, "ledgers/import.html", {"template": template, "form": form})


def my_county(user) -> Region | None:
    """County staff's county (the first county their scope covers)."""
    scope = region_scope(user)
    if scope.unrestricted:
        return None
    return scope.top_regions().filter(level=Level.COUNTY).first()
