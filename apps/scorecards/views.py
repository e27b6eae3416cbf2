from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from apps.accounts.access import (
    can_manage_campaigns,
    can_record_scores,
    get_object_in_scope,
)
from apps.audit.selectors import history_for
from apps.core.dates import official_date
from apps.core.db_router import reads_from_replica
from apps.core.excel import xlsx_response
from apps.core.feedback import show_refusal_on_form
from apps.core.inbox import inbox_for
from apps.core.numbers import format_score
from apps.core.printing import is_print_view, print_context
from apps.inspections.models import Campaign
from apps.inspections.task_selectors import awaiting_reply
from apps.region_browser.selectors import browsable_children, scope_label
from apps.regions.models import Region

from . import charts, county_map, kpis, map_svg, selectors, services
from .exports import ranking_workbook
from .filters import RankingRowFilter
from .forms import ScoreEntryForm
from .models import Score, Scorecard, ScoringScheme
from .panels import score_panels
from .pdf import render_dashboard_pdf
from .tables import RankingTable

ROWS_PER_PAGE = 50


def index(request):
    return render(
        request, "scorecards/index.html", {"campaigns": selectors.campaigns_with_schemes()}
    )


@reads_from_replica
def ranked_table(request, slug: str, level: str):
    scheme = selectors.scheme_for(campaign_slug=slug, level=level)
    draft = request.GET.get("version") == "draft" and can_manage_campaigns(request.user)
    ranking = selectors.shown_ranking(scheme, draft=draft)
    rows = selectors.ranking_rows(ranking, user=request.user)
    filterset = RankingRowFilter(
        request.GET,
        queryset=rows,
        request=request,
        ratings=list(scheme.bands.values_list("label", flat=True)),
        level=level,
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(ranking_workbook(scheme, filterset.qs), f"{scheme.title}.xlsx")
    table = RankingTable(filterset.qs, level=level, shape=selectors.table_shape(filterset.qs))
    # A print shows every row: no pages.
    paginate = False if is_print_view(request) else {"per_page": ROWS_PER_PAGE}
    RequestConfig(request, paginate=paginate).configure(table)
    export_query = request.GET.copy()
    export_query["export"] = "xlsx"
    return render(
        request,
        "scorecards/ranked_table.html",
        {
            "scheme": scheme,
            "ranking": ranking,
            "filter": filterset,
            "table": table,
            "export_query": export_query.urlencode(),
            "can_see_draft": can_manage_campaigns(request.user),
            "showing_draft": draft,
            **print_context(request, meta=_ranking_print_meta(request, ranking, filterset)),
        },
    )


def _ranking_print_meta(request: HttpRequest, ranking, filterset: RankingRowFilter) -> list[str]:
    """Under the printed title: the regions the rows cover and the table's date."""
    county = filterset.form.cleaned_data.get("county") if filterset.is_valid() else None
    lines = [county.full_name if county else scope_label(request.user)]
    if ranking is None:
        return lines
    if ranking.is_published:
        lines.append(_("published on %(date)s") % {"date": official_date(ranking.published_on)})
    else:
        lines.append(_("draft computed on %(date)s") % {"date": official_date(ranking.computed_at)})
    return lines


def _chosen_campaign(request, slug: str | None, campaigns: list[Campaign]) -> Campaign | None:
    """The campaign in the URL or ``?campaign=``, else the default; unknown → 404."""
    wanted = slug or request.GET.get("campaign")
    if not wanted:
        return selectors.default_campaign(campaigns)
    campaign = next((c for c in campaigns if c.slug == wanted), None)
    if campaign is None:
        raise Http404
    return campaign


def _listed(campaign: Campaign, campaigns: list[Campaign]) -> Campaign:
    """The annotated copy of ``campaign`` from the dashboard's list."""
    return next(c for c in campaigns if c.pk == campaign.pk)


@reads_from_replica
def dashboard(request, slug: str | None = None):
    campaigns = selectors.dashboard_campaigns(request.user)
    campaign = _chosen_campaign(request, slug, campaigns)
    context = _dashboard_context(request, campaign, campaigns)
    context.update(print_context(request, meta=[scope_label(request.user)]))
    return render(request, "scorecards/dashboard.html", context)


@reads_from_replica
def dashboard_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard on A4 for a meeting: key figures, the county map drawn as
    SVG from the same figures, the county table (WeasyPrint)."""
    campaigns = selectors.dashboard_campaigns(request.user)
    campaign = _chosen_campaign(request, slug, campaigns)
    context = _dashboard_context(request, campaign, campaigns)
    if not campaign.has_scores:
        raise Http404
    context["scope"] = scope_label(request.user)
    context["printed_on"] = print_context(request, meta=[])["printed_on"]
    if context.get("city_map"):
        context["map_svg"] = map_svg.county_map_svg(
            context["map_data"], script=context["city_map"].script
        )
    pdf = render_dashboard_pdf(render_to_string("scorecards/dashboard_pdf.html", context))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = quote(f"{campaign.title}仪表盘.pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _dashboard_context(request: HttpRequest, campaign: Campaign | None, campaigns) -> dict:
    context = {
        "campaign": campaign,
        "campaigns": campaigns,
        # Reminders (督办): the tasks the user's department still owes an answer.
        "awaiting_tasks": list(awaiting_reply(request.user)[:20]),
        # 我的待办: what waits for the user, from the apps that register a provider.
        "inbox": inbox_for(request),
    }
    if campaign is None:
        context["top_regions"] = browsable_children(user=request.user, parent=None)
        return context
    context["missing"] = charts.missing_step(campaign)
    if not campaign.has_scores:
        return context
    rankings = selectors.shown_rankings(campaign)
    county_rows = list(selectors.ranking_rows(rankings.get("county"), user=request.user))
    previous = selectors.previous_campaign(campaign, campaigns)
    previous_totals = selectors.previous_totals(previous, "county", user=request.user)
    counts = selectors.rating_counts(rankings, user=request.user)
    ratings = selectors.rating_labels(campaign)
    context.update(
        levels=[
            (level, rankings[level], charts.count_cells(counts, level, ratings))
            for level in ("county", "town", "village")
            if level in rankings
        ],
        counts=counts,
        ratings=ratings,
        legend=charts.legend(ratings),
        county_rows=[(row, previous_totals.get(row.region_id)) for row in county_rows],
        shape=selectors.shape_of(county_rows),
    )
    context["chart"], context["chart_counts"] = charts.region_chart(
        county_rows, campaign=campaign, drillable=True, ratings=ratings, previous=previous_totals
    )
    context["chart_unit"] = charts.chart_unit(context["chart_counts"])
    context["chart_height"] = charts.chart_height(context["chart"])
    context["previous"] = charts.compared_with(previous, context["chart"])
    context["city_map"], context["map_data"] = county_map.map_payload(
        request.user, campaign=campaign, rows=county_rows, ratings=ratings
    )
    context["map_metrics"] = county_map.METRICS
    context["kpis"] = kpis.dashboard_kpis(
        request.user, campaign=campaign, previous=previous, ratings=ratings, counts=counts
    )
    context["development_zones"] = [
        r["label"] for r in context["map_data"].get("regions", []) if r["point"]
    ]
    return context


@reads_from_replica
def drill(request, slug: str, pk: int):
    campaign = get_object_or_404(Campaign, slug=slug)
    region = get_object_in_scope(
        Region.objects.select_related("city", "county", "town"), request.user, pk=pk
    )
    rankings = selectors.shown_rankings(campaign)
    own_ranking = rankings.get(region.level)
    own_row = selectors.ranking_rows(own_ranking, user=request.user).filter(region=region).first()
    child_level, rows = selectors.rows_below(rankings, region, user=request.user)
    rows = list(rows)
    can_drill_further = child_level in ("county", "town")
    ratings = selectors.rating_labels(campaign)
    campaigns = selectors.dashboard_campaigns(request.user)
    previous = selectors.previous_campaign(_listed(campaign, campaigns), campaigns)
    previous_totals = selectors.previous_totals(
        previous, child_level, user=request.user, within=region
    )
    chart, chart_counts = charts.region_chart(
        rows,
        campaign=campaign,
        drillable=can_drill_further,
        ratings=ratings,
        previous=previous_totals,
    )
    return render(
        request,
        "scorecards/drill.html",
        {
            "campaign": campaign,
            "region": region,
            "own_row": own_row,
            "rows": rows,
            "shape": selectors.shape_of(rows),
            "child_level": child_level,
            "can_drill_further": can_drill_further,
            "chart": chart,
            "chart_counts": chart_counts,
            "chart_unit": charts.chart_unit(chart_counts),
            "chart_height": charts.chart_height(chart),
            "previous": charts.compared_with(previous, chart),
            "legend": charts.legend(ratings),
        },
    )


def score_regions(request, slug: str, level: str):
    scheme = selectors.scheme_for(campaign_slug=slug, level=level)
    regions = selectors.scorable_regions(scheme, user=request.user)
    if not (can_manage_campaigns(request.user) or regions.exists()):
        raise PermissionDenied
    return render(request, "scorecards/score_regions.html", {"scheme": scheme, "regions": regions})


def score_entry(request: HttpRequest, slug: str, level: str, region_pk: int) -> HttpResponse:
    scheme = selectors.scheme_for(campaign_slug=slug, level=level)
    region = get_object_in_scope(
        Region.objects.select_related("county", "town").filter(level=level),
        request.user,
        pk=region_pk,
    )
    if not can_record_scores(request.user, region):
        raise PermissionDenied
    indicators = list(scheme.indicators.all())
    bands = list(scheme.bands.order_by("-min_total"))
    current = dict(
        Score.objects.filter(scorecard__scheme=scheme, scorecard__region=region).values_list(
            "indicator_id", "points"
        )
    )
    scorecard = Scorecard.objects.filter(scheme=scheme, region=region).first()
    form = ScoreEntryForm(
        request.POST or None,
        indicators=indicators,
        initial_points=current,
        version=scorecard.version if scorecard else 1,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_scores(
                user=request.user,
                scheme=scheme,
                region=region,
                points=form.points(),
                expected_version=form.cleaned_data["opened_version"],
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            preview = selectors.score_preview(form.points(), bands)
            messages.success(request, _saved_message(region, preview))
            return _after_saving(request, scheme, region)
    preview = selectors.score_preview(form.shown_points(), bands)
    return render(
        request,
        "scorecards/score_entry.html",
        {
            "scheme": scheme,
            "region": region,
            "form": form,
            "rows": [(i, form[form.field_name(i)]) for i in indicators],
            "bands": [[band.label, format_score(band.min_total)] for band in bands],
            "preview": preview,
            "total": format_score(preview.entered),
            "changes": history_for(scorecard, *scorecard.scores.all()) if scorecard else [],
            "panels": score_panels(request, scheme, region, indicators),
        },
    )


def _saved_message(region: Region, preview: selectors.ScorePreview) -> str:
    total = format_score(preview.entered)
    if preview.rating:
        return _("Scores for %(region)s saved: total %(total)s points, rated %(rating)s.") % {
            "region": region,
            "total": total,
            "rating": preview.rating,
        }
    return _("Scores for %(region)s saved: total %(total)s points.") % {
        "region": region,
        "total": total,
    }


def _after_saving(request: HttpRequest, scheme: ScoringScheme, region: Region) -> HttpResponse:
    """Back to the list, or with 保存并录入下一个 on to the next region of the list."""
    slug, level = scheme.campaign.slug, scheme.level
    if "save_next" in request.POST:
        following = selectors.next_region_to_score(scheme, user=request.user, after=region)
        if following is not None:
            return redirect(
                "scorecards:score_entry", slug=slug, level=level, region_pk=following.pk
            )
        messages.info(request, _("That was the last region of the list."))
    return redirect("scorecards:score_regions", slug=slug, level=level)
