"""Household report pages: indicators, red lights, gaps. Thin: parse the
parameters, ask the read modules, render or export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from apps.accounts.access import can_see_full_id_numbers, get_object_in_scope, region_scope
from apps.core.db_router import reads_from_replica
from apps.core.excel import xlsx_response
from apps.households.models import Household
from apps.regions.models import Level, Region

from . import gaps, indicators, redlights
from .exports import county_workbook, gaps_workbook, indicators_workbook
from .redlights import queue
from .reporting import report_region, today, top_regions, within
from .tables import FlaggedHouseholdTable, UnitGapTable, VillageGapTable

ROWS_PER_PAGE = 50


class ReportForm(forms.Form):
    region = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    as_of = forms.DateField(
        required=False,
        label=gettext_lazy("As of"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


@dataclass
class Params:
    form: ReportForm
    region: Region | None
    as_of: dt.date

    def query(self, **changes) -> str:
        """The query string for the same report with ``changes`` (e.g. another region)."""
        values = {"region": self.region.pk if self.region else None, "as_of": self.as_of}
        values |= changes
        return urlencode({k: v for k, v in values.items() if v is not None})


def _params(request) -> Params:
    """Region (default: where the user's scope starts; 404 outside it) and the
    as-of date (default: today). A malformed value is reported and ignored."""
    form = ReportForm(request.GET)
    form.is_valid()
    cleaned = form.cleaned_data
    region = report_region(request.user, cleaned.get("region"))
    as_of = cleaned.get("as_of") or today()
    return Params(form, region, as_of)


def _context(request, params: Params, **extra) -> dict:
    region = params.region
    scope = region_scope(request.user)
    return {
        "params": params,
        "region": region,
        "ancestors": [r for r in region.ancestors() if scope.covers(r)],
        "top_regions": top_regions(request.user),
        **extra,
    }


def _no_region(request) -> HttpResponse:
    return render(request, "reports/no_region.html")


@reads_from_replica
def indicators_page(request):
    params = _params(request)
    if params.region is None:
        return _no_region(request)
    result = indicators.breakdown(request.user, params.region, as_of=params.as_of)
    if request.GET.get("export") == "xlsx":
        name = _("%(region)s indicators") % {"region": params.region.full_name}
        return xlsx_response(indicators_workbook(result), f"{name}.xlsx")
    return render(
        request,
        "reports/indicators.html",
        _context(request, params, result=result, main_keys=indicators.MAIN_KEYS),
    )


@reads_from_replica
def redlights_page(request):
    params = _params(request)
    if params.region is None:
        return _no_region(request)
    ctx = redlights.Context.on(params.as_of)
    # Today's counts are read from the maintained table; another day is scanned (cached).
    maintained = params.as_of == today()
    if maintained:
        table = queue.maintained_pivot(request.user, params.region, ctx)
    else:
        table = redlights.pivot(request.user, params.region, ctx)
    since = _since(request, params.as_of)
    return render(
        request,
        "reports/redlights.html",
        _context(
            request,
            params,
            pivot=table,
            ctx=ctx,
            maintained=maintained,
            since=since,
            deadline=queue.deadline(),
            progress=queue.progress(request.user, params.region, since=since, on=params.as_of),
            not_implemented=redlights.NOT_IMPLEMENTED,
            groups=redlights.GROUPS,
        ),
    )


class SinceForm(forms.Form):
    since = forms.DateField(required=False)


def _since(request, as_of: dt.date) -> dt.date:
    """The day cleared lights are counted from (default: two weeks before the as-of day)."""
    form = SinceForm(request.GET)
    found = form.cleaned_data.get("since") if form.is_valid() else None
    return found if found and found <= as_of else as_of - dt.timedelta(days=14)


@reads_from_replica
def redlight_queue(request):
    """The lights to work through (open, oldest first) or those cleared, with the change."""
    params = _params(request)
    if params.region is None:
        return _no_region(request)
    cleared = request.GET.get("state") == "cleared"
    found = queue.work_list(request.user, params.region, cleared=cleared)
    page = Paginator(found, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    messages = {rule.code: rule.message for rule in queue.rules()}
    for light in page:  # evaluates the page once; the template reads the same rows
        light.message = messages.get(light.rule, light.rule)
        change = light.cleared_by
        user = change.user if change else None
        light.cleared_who = (user.get_full_name() or user.username) if user else _("system")
    return render(
        request,
        "reports/redlight_queue.html",
        _context(
            request,
            params,
            page=page,
            cleared=cleared,
        ),
    )


@reads_from_replica
def redlight_households(request, code: str):
    rule = redlights.rule_for(code)
    if rule is None:
        raise Http404
    params = _params(request)
    if params.region is None:
        return _no_region(request)
    ctx = redlights.Context.on(params.as_of)
    households = Household.objects.filter(within(request.user, params.region))
    table = FlaggedHouseholdTable(
        redlights.flagged_households(rule, ctx, households),
        rule=rule,
        full_ids=can_see_full_id_numbers(request.user),
    )
    RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(table)
    return render(
        request,
        "reports/redlight_households.html",
        _context(request, params, rule=rule, table=table, ctx=ctx),
    )


@reads_from_replica
def redlight_county_xlsx(request, pk: int):
    county = get_object_in_scope(
        Region.objects.select_related("city", "county").filter(level=Level.COUNTY),
        request.user,
        pk=pk,
    )
    params = _params(request)
    ctx = redlights.Context.on(params.as_of)
    workbook = county_workbook(
        request.user, county, ctx, full_ids=can_see_full_id_numbers(request.user, county)
    )
    name = _("%(county)s red lights") % {"county": county.full_name}
    return xlsx_response(workbook, f"{name}.xlsx")


@reads_from_replica
def gaps_page(request):
    params = _params(request)
    if params.region is None:
        return _no_region(request)
    result = gaps.report(request.user, params.region, as_of=params.as_of)
    if request.GET.get("export") == "xlsx":
        name = _("%(region)s gaps") % {"region": params.region.full_name}
        return xlsx_response(gaps_workbook(result), f"{name}.xlsx")
    by_unit = UnitGapTable(result.by_unit, prefix="unit-")
    by_village = VillageGapTable(result.by_village, prefix="village-")
    for table in (by_unit, by_village):
        RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(table)
    return render(
        request,
        "reports/gaps.html",
        _context(
            request,
            params,
            result=result,
            by_unit=by_unit,
            by_village=by_village,
            columns=gaps.COLUMNS,
            totals=[result.total[column.key] for column in gaps.COLUMNS],
        ),
    )
