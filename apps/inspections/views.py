from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from apps.accounts.access import (
    can_keep_monitoring,
    can_manage_campaigns,
    can_record_findings,
    get_object_in_scope,
    may_record_findings,
    scope_queryset,
)
from apps.audit.selectors import history_for
from apps.core.dates import official_date
from apps.core.excel import xlsx_response
from apps.core.feedback import report_form_errors, report_refusal, show_refusal_on_form
from apps.core.printing import print_context
from apps.core.printing import today as print_today
from apps.evidence.forms import EvidenceUploadForm
from apps.evidence.views import download_evidence, upload_evidence
from apps.monitoring.forms import CaseForm, HouseholdChoiceForm
from apps.monitoring.models import IdentifiedHow
from apps.region_browser.selectors import scope_label
from apps.regions.models import Level, Region

from . import exports, rectification, selectors, services
from .filters import FindingFilter
from .forms import (
    FindingEditForm,
    FindingForm,
    SampleForm,
    TransitionForm,
    VerdictForm,
    campaigns_choice,
)
from .models import Campaign, Evidence, FindingStatus, FollowUpVerdict, Team
from .tables import FindingTable
from .visits import selectors as visit_selectors


def _campaign_in_scope(user, slug: str) -> Campaign:
    return get_object_or_404(selectors.campaigns_for(user), slug=slug)


def index(request):
    return render(
        request, "inspections/index.html", {"campaigns": selectors.campaigns_for(request.user)}
    )


def campaign_detail(request, slug: str):
    campaign = _campaign_in_scope(request.user, slug)
    draw = selectors.current_draw(campaign)
    return render(
        request,
        "inspections/campaign_detail.html",
        {
            "campaign": campaign,
            "teams": campaign.teams.prefetch_related("members", "regions"),
            "draw": draw,
            "sample_counts": selectors.sample_counts(draw),
            "tasks": selectors.campaign_tasks(campaign),
            "can_manage": can_manage_campaigns(request.user),
        },
    )


def sample(request, slug: str):
    campaign = _campaign_in_scope(request.user, slug)
    form = SampleForm(request.POST or None)
    if request.method == "POST":
        if not can_manage_campaigns(request.user):
            raise PermissionDenied
        if form.is_valid():
            new = services.draw_sample(campaign=campaign, user=request.user, **form.cleaned_data)
            if selectors.current_draw(campaign) == new:
                messages.success(request, _("Sample drawn."))
                return redirect("inspections:sample", slug=slug)
            # A redraw is kept beside the current draw until it is chosen.
            return redirect("inspections:choose_draw", slug=slug, pk=new.pk)
    draw = selectors.current_draw(campaign)
    rows = selectors.sampled_regions(draw, user=request.user)
    team_id = request.GET.get("team", "")
    if team_id.isdecimal() and request.GET.get("export") == "xlsx":
        team = get_object_or_404(Team, campaign=campaign, pk=team_id)
        team_q = Region.objects.none()
        for region in team.regions.all():
            team_q = team_q | Region.objects.filter(Region.subtree_q(region))
        team_rows = rows.filter(region__in=team_q.values("pk"))
        heading = f"{campaign.title} · {team.name} · 核查工作表"
        return xlsx_response(
            exports.worksheet_workbook(
                team_rows, heading=heading, households=selectors.sampled_households(draw)
            ),
            f"{heading}.xlsx",
        )
    return render(
        request,
        "inspections/sample.html",
        {
            "campaign": campaign,
            "draw": draw,
            "rows": rows,
            "counts": selectors.sample_counts(draw),
            "teams": campaign.teams.all(),
            "form": form,
            "can_manage": can_manage_campaigns(request.user),
            "draws": selectors.campaign_draws(campaign),
            "visit_progress": visit_selectors.visit_progress(campaign, user=request.user),
        },
    )


def choose_draw(request, slug: str, pk: int):
    """Choosing a kept draw as current asks first: GET shows the counts before
    → after and that used draws are kept; a POST with the confirm field does it."""
    campaign = _campaign_in_scope(request.user, slug)
    if not can_manage_campaigns(request.user):
        raise PermissionDenied
    draw = get_object_or_404(campaign.draws, pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.choose_current_draw(campaign=campaign, draw=draw, user=request.user)
        messages.success(
            request, _("Draw No. %(number)s is now the current sample.") % {"number": draw.pk}
        )
        return redirect("inspections:sample", slug=slug)
    return render(
        request,
        "inspections/choose_draw.html",
        {"campaign": campaign, "draw": draw, **selectors.draw_change(campaign, draw)},
    )


def finding_list(request):
    findings = selectors.findings_for(request.user)
    filterset = FindingFilter(request.GET, queryset=findings, request=request)
    if request.GET.get("export") == "xlsx":
        heading = _("Findings")
        return xlsx_response(
            exports.findings_workbook(filterset.qs, heading=heading), f"{heading}.xlsx"
        )
    table = FindingTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    export_query = request.GET.copy()
    export_query["export"] = "xlsx"
    return render(
        request,
        "inspections/finding_list.html",
        {"filter": filterset, "table": table, "export_query": export_query.urlencode()},
    )


def finding_create(request):
    if not may_record_findings(request.user):
        raise PermissionDenied
    form = FindingForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        campaigns=campaigns_choice(request.user),
        initial={"campaign": request.GET.get("campaign")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.create_finding(
                user=request.user,
                campaign=data["campaign"],
                region=data["region"],
                category=data["category"],
                source=data["source"],
                description=data["description"],
                severity=data["severity"],
                responsible_unit=data["responsible_unit"],
                deadline=data["deadline"],
                household_number=data["household_number"],
                evidence_files=data["evidence"],
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Finding saved."))
            return redirect("inspections:finding_detail", pk=finding.pk)
    return render(request, "inspections/finding_form.html", {"form": form})


def _finding_in_scope(user, pk: int):
    return get_object_in_scope(selectors.findings_for(user), user, pk=pk)


def finding_detail(request, pk: int):
    finding = _finding_in_scope(request.user, pk)
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "finding": finding,
            "transitions": finding.transitions.select_related("by"),
            "evidence": finding.evidence.all(),
            "steps": rectification.steps_for(request.user, finding),
            "can_upload": can_record_findings(request.user, finding.region),
            "upload_form": EvidenceUploadForm(),
            "can_edit": can_record_findings(request.user, finding.region),
            "can_open_case": finding.monitoring_case_id is None
            and can_keep_monitoring(request.user, finding.region),
            # Transitions are listed under 处理记录; their history rows would repeat them.
            "changes": history_for(finding, *finding.evidence.all()),
        },
    )


def finding_open_case(request, pk: int):
    """Open a monitoring case (identified by inspection) for the finding's
    household — the one its number names, else picked from its region's."""
    finding = _finding_in_scope(request.user, pk)
    if finding.monitoring_case_id or not can_keep_monitoring(request.user, finding.region):
        raise PermissionDenied
    households = selectors.households_for_finding(request.user, finding)
    named = households.filter(number=finding.household_number).first()
    data = request.POST or None
    picker = HouseholdChoiceForm(data, households=households, initial={"household": named})
    form = CaseForm(
        data,
        household=named,
        initial={"identified_how": IdentifiedHow.INSPECTION, "note": finding.description},
    )
    if request.method == "POST" and picker.is_valid() and form.is_valid():
        try:
            services.open_case_from_finding(
                user=request.user,
                finding=finding,
                household=picker.cleaned_data["household"],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Monitoring case opened."))
            return redirect("inspections:finding_detail", pk=pk)
    return render(
        request,
        "monitoring/case_open.html",
        {"finding": finding, "picker": picker, "form": form, "household": named},
    )


def finding_edit(request, pk: int):
    finding = _finding_in_scope(request.user, pk)
    if not can_record_findings(request.user, finding.region):
        raise PermissionDenied
    form = FindingEditForm(request.POST or None, instance=finding, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        opened = changes.pop("opened_version")
        changes.pop("campaign")
        try:
            services.update_finding(
                user=request.user, finding=finding, expected_version=opened, **changes
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Finding saved."))
            return redirect("inspections:finding_detail", pk=pk)
    return render(request, "inspections/finding_edit.html", {"finding": finding, "form": form})


def _closing_needs_confirmation(request, finding, target: str) -> bool:
    """Only a close the user may take is asked about; anything else goes on to
    the service, which refuses it with its own message."""
    if target != FindingStatus.CLOSED or request.POST.get("confirm") == "yes":
        return False
    step = rectification.step_between(finding.status, target)
    return step is not None and rectification.user_may_take(request.user, step, finding.region)


@require_POST
def finding_transition(request, pk: int):
    finding = _finding_in_scope(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():  # e.g. an unknown status: said, not a 404 or a 500
        report_form_errors(request, form)
        return redirect("inspections:finding_detail", pk=pk)
    if _closing_needs_confirmation(request, finding, form.cleaned_data["to_status"]):
        # 核实销号 is final: the page says so and asks for a second click.
        return render(
            request,
            "inspections/close_confirm.html",
            {"finding": finding, "note": form.cleaned_data["note"]},
        )
    try:
        services.transition_finding(
            user=request.user,
            finding=finding,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Status changed."))
    return redirect("inspections:finding_detail", pk=pk)


@require_POST
def evidence_upload(request, pk: int):
    finding = _finding_in_scope(request.user, pk)
    if not can_record_findings(request.user, finding.region):
        raise PermissionDenied
    upload_evidence(
        request,
        lambda upload: services.add_evidence(user=request.user, finding=finding, upload=upload),
    )
    return redirect("inspections:finding_detail", pk=pk)


def evidence_download(request, pk: int):
    return download_evidence(request, Evidence.objects.select_related("finding"), pk)


def follow_up(request, slug: str):
    campaign = _campaign_in_scope(request.user, slug)
    findings = selectors.follow_up_findings(campaign, user=request.user)
    if request.method == "POST":
        finding = get_object_or_404(findings, pk=request.POST.get("finding"))
        form = VerdictForm(request.POST)
        if form.is_valid():
            services.record_verdict(
                user=request.user, campaign=campaign, finding=finding, **form.cleaned_data
            )
            messages.success(request, _("Verdict saved."))
        return redirect("inspections:follow_up", slug=slug)
    verdicts = {v.finding_id: v for v in FollowUpVerdict.objects.filter(campaign=campaign)}
    rows = [(finding, verdicts.get(finding.pk)) for finding in findings]
    return render(
        request,
        "inspections/follow_up.html",
        {"campaign": campaign, "rows": rows, "verdict_form": VerdictForm()},
    )


def ledger(request):
    counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), request.user)
    county_pk = request.GET.get("county", "")
    # Not a county's number (or not one in scope): the whole ledger of the scope.
    county = counties.filter(pk=int(county_pk)).first() if county_pk.isdecimal() else None
    findings = selectors.findings_for(request.user)
    campaign = (
        selectors.campaigns_for(request.user).filter(slug=request.GET.get("campaign")).first()
    )
    if campaign:
        findings = findings.filter(campaign=campaign)
    if county:
        findings = findings.filter(region__county=county)
    rows = selectors.ledger_by_category(findings)
    tally = selectors.rectification_tally(findings)
    # Outside the f-string: xgettext does not look inside one.
    where = county.name if county else _("All regions")
    heading = f"{where} · {_('Rectification ledger')}"
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            exports.ledger_workbook(rows, tally, heading=heading), f"{heading}.xlsx"
        )
    export_query = request.GET.copy()
    export_query["export"] = "xlsx"
    return render(
        request,
        "inspections/ledger.html",
        {
            "heading": heading,
            "rows": rows,
            "per_source": tally[0],
            "total": tally[1],
            "counties": counties.order_by("code", "name"),
            "county": county,
            "campaigns": selectors.campaigns_for(request.user),
            "campaign": campaign,
            "export_query": export_query.urlencode(),
            # Its statuses are as of the day it is printed: that line dates it.
            **print_context(
                request, meta=_ledger_print_meta(request, county, campaign), dated=False
            ),
        },
    )


def _ledger_print_meta(request, county: Region | None, campaign: Campaign | None) -> list[str]:
    """Under the printed title: the regions and campaign it covers, and the day
    its statuses and overdue counts are as of."""
    lines = [county.full_name if county else scope_label(request.user)]
    if campaign:
        lines.append(campaign.title)
    lines.append(_("as of %(date)s") % {"date": official_date(print_today())})
    return lines


def problem_list(request, slug: str):
    campaign = _campaign_in_scope(request.user, slug)
    findings = selectors.problem_list(campaign, user=request.user)
    heading = f"{campaign.title} · 问题清单"
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            exports.problem_list_workbook(findings, heading=heading), f"{heading}.xlsx"
        )
    return render(
        request,
        "inspections/problem_list.html",
        {"campaign": campaign, "findings": findings, "heading": heading},
    )
