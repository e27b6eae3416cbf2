"""Fund usage pages (per county, per town, a town's projects and payments),
the funding standard check and the funds index. Thin: parse the parameters,
ask the read modules, render."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from apps.accounts.access import (
    can_import_funds,
    can_see_region,
    may_keep_funds,
    region_scope,
    scope_queryset,
)
from apps.core.db_router import reads_from_replica
from apps.regions.models import Level, Region
from apps.reports.reporting import report_region

from .. import selectors, standard, usage
from ..forms import DrillForm, UsageForm, YearRangeForm
from ..models.base import cents
from ..tables import ExpenditureTable, ProjectTable

ROWS_PER_PAGE = 50


def index(request: HttpRequest) -> HttpResponse:
    """Where the funds pages start: what each one answers."""
    return render(request, "funds/index.html", {"can_import_funds": can_import_funds(request.user)})


def _chart(rows: list[selectors.UsageRow], link) -> list[dict]:
    """Allocated against spent per row, for the bar chart (json_script)."""
    return [
        {
            "name": row.town or row.county,
            # Strings with two decimals (SQLite's sums come back as 44891, not 44891.00).
            "allocated": str(cents(row.allocated)),
            "spent": str(cents(row.spent)),
            "rate": str(cents(row.rate)) if row.rate is not None else None,
            "url": link(row),
        }
        for row in rows
    ]


@reads_from_replica
def usage_page(request: HttpRequest) -> HttpResponse:
    """Per county: allocated, spent and the usage rate over the years asked
    for, ranked, with the split by source level, a chart, and the counties
    not fully disbursed by the deadline (seed 000's sentence)."""
    form = UsageForm(request.GET or None, years=usage.allocation_years(actor=request.user))
    years, deadline = form.chosen_years(), form.chosen_deadline()
    rows, total = selectors.usage_table(actor=request.user, years=years)
    disbursed = usage.disbursement_by(actor=request.user, years=years, deadline=deadline)
    query = request.GET.urlencode()
    return render(
        request,
        "funds/usage.html",
        {
            "form": form,
            "years": years,
            "deadline": deadline,
            "ranked": usage.ranked(rows),
            "total": total,
            "chart": _chart(rows, lambda row: _region_url(row.county_id, query)),
            "disbursed": disbursed,
            "behind": [row for row in disbursed if not row.fully_spent],
            "sentence": usage.behind_sentence(disbursed, deadline) if disbursed else "",
            "query": query,
            "may_keep": may_keep_funds(request.user),
        },
    )


def _region_url(pk: int, query: str) -> str:
    url = reverse("funds:usage_region", args=[pk])
    return f"{url}?{query}" if query else url


@reads_from_replica
def usage_region(request: HttpRequest, pk: int) -> HttpResponse:
    """A county's towns (allocated, spent, rate, by source), or a town's (or
    village's) projects and expenditures, for the same years."""
    region = usage.usage_region(actor=request.user, pk=pk)
    years_on_record = usage.allocation_years(actor=request.user)
    form = DrillForm(request.GET or None, years=years_on_record)
    years = form.chosen_years()
    query = request.GET.urlencode()
    context = {
        "region": region,
        "form": form,
        "years": years,
        "query": query,
        "ancestors": _ancestors(request.user, region),
    }
    if region.level == Level.COUNTY:
        towns = selectors.fund_usage(actor=request.user, years=years, by="town", region=region)
        totals = selectors.fund_usage(actor=request.user, years=years, region=region)
        context |= {
            "ranked": usage.ranked([row for row in towns if row.town_id]),
            "county_level": next((row for row in towns if row.town_id is None), None),
            "total": totals[0] if totals else None,
            "chart": _chart(
                [row for row in towns if row.town_id],
                lambda row: _region_url(row.town_id, query),
            ),
        }
        return render(request, "funds/usage_county.html", context)
    totals = selectors.fund_usage(actor=request.user, years=years, by="town", region=region)
    projects = ProjectTable(
        usage.region_projects(actor=request.user, region=region, years=years),
        prefix="p-",
        exclude=("region",) if region.level == Level.VILLAGE else (),
    )
    expenditures = usage.region_expenditures(actor=request.user, region=region, years=years)
    payments = ExpenditureTable(expenditures, prefix="e-")
    config = RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE})
    config.configure(projects)
    config.configure(payments)
    context |= {
        "total": totals[0] if totals else None,
        "projects": projects,
        "payments": payments,
        "paid": usage.expenditure_total(expenditures),
    }
    return render(request, "funds/usage_town.html", context)


def _ancestors(user, region: Region) -> list[Region]:
    """The county (and town) above ``region`` that the user may open."""
    chain = [r for r in (region.county, region.town) if r is not None and r.pk != region.pk]
    return [r for r in chain if can_see_region(user, r)]


class StandardForm(YearRangeForm):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        regions = Region.objects.filter(level__in=[Level.CITY, Level.COUNTY])
        field = self.fields["region"]
        field.queryset = scope_queryset(regions, user).order_by("code", "name")
        field.widget.attrs["class"] = "form-select"
        field.empty_label = None


@reads_from_replica
def standard_page(request: HttpRequest) -> HttpResponse:
    """Seed 003's standard for a region: people with labour capacity × 2万元,
    split 6:3:0.5:0.5 over the levels, against each level's allocations."""
    years_on_record = usage.allocation_years(actor=request.user)
    form = StandardForm(request.GET or None, years=years_on_record, user=request.user)
    chosen = form.cleaned_data.get("region") if form.is_valid() else None
    region = chosen or report_region(request.user, None)
    if region is None:
        return redirect("funds:index")
    form.fields["region"].initial = region.pk  # the select shows the region reported on
    years = form.chosen_years()
    check = standard.funding_standard(actor=request.user, region=region, years=years)
    return render(
        request,
        "funds/standard.html",
        {
            "form": form,
            "region": region,
            "check": check,
            "years": years,
            "per_person": standard.STANDARD_PER_PERSON_WAN,
            "city_wide": region_scope(request.user).city_wide,
        },
    )
