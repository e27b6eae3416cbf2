"""The monitoring list (监测对象名单) per county, town or village with its
filters, the counts per county by kind and status (ranked), and its .xlsx."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.accounts.access import can_see_region, get_object_in_scope, scope_queryset
from apps.core.excel import xlsx_response
from apps.regions.models import Level, Region

from .. import exports, selectors
from ..forms import ListFilterForm
from ..models import CaseKind, CaseStatus

ROWS_PER_PAGE = 50


def _region(request: HttpRequest, form: ListFilterForm) -> Region | None:
    """The ?region= in the user's scope (404 outside it), or None for all."""
    pk = form.cleaned_data.get("region") if form.is_valid() else None
    if not pk:
        return None
    return get_object_in_scope(
        Region.objects.select_related("city", "county", "town"), request.user, pk=pk
    )


def _filtered(request: HttpRequest):
    form = ListFilterForm(request.GET)
    region = _region(request, form)
    cases = selectors.cases_for(request.user).filter(selectors.within(region))
    if form.is_valid():
        if kind := form.cleaned_data["kind"]:
            cases = cases.filter(kind=kind)
        if status := form.cleaned_data["status"]:
            cases = cases.filter(status=status)
    return form, region, cases


def _children(request: HttpRequest, region: Region | None):
    """Where the list can narrow to: the counties in scope, a county's towns,
    a town's villages (in scope)."""
    if region is None:
        below = Region.objects.filter(level=Level.COUNTY)
    elif region.level == Level.VILLAGE:
        return []
    else:
        below = region.children.all()
    return list(scope_queryset(below, request.user).order_by("code", "name"))


def index(request: HttpRequest) -> HttpResponse:
    form, region, cases = _filtered(request)
    page = Paginator(selectors.ListRows(cases), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/index.html",
        {
            "form": form,
            "region": region,
            "ancestors": [r for r in (region.ancestors() if region else []) if r.level != "city"],
            "children": _children(request, region),
            "page": page,
            "counties": selectors.counts_by_county(cases),
            "kinds": CaseKind.choices,
            "statuses": CaseStatus.choices,
            "query": query.urlencode(),
            "title": _list_title(region),
            "can_see_parent": region is not None
            and region.parent_id
            and can_see_region(request.user, region.parent),
        },
    )


def _list_title(region: Region | None) -> str:
    name = region.full_name if region else _("all regions in your scope")
    return _("Monitoring list: %(region)s") % {"region": name}


def list_xlsx(request: HttpRequest) -> HttpResponse:
    """The same rows (all pages) and the counts per county, as an .xlsx."""
    _form, region, cases = _filtered(request)
    rows = selectors.list_rows(cases)
    workbook = exports.list_workbook(_list_title(region), rows, selectors.counts_by_county(cases))
    return xlsx_response(workbook, f"{_('Monitoring list')}.xlsx")
