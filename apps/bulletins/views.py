from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.access import (
    can_draft_county_report,
    can_edit_bulletin,
    can_edit_bulletins,
    get_object_in_scope,
    may_draft_county_reports,
)
from apps.audit.selectors import history_for
from apps.core.feedback import show_refusal_on_form
from apps.inspections.selectors import campaigns_for, sample_counts
from apps.regions.models import Level, Region

from . import markup, rendering, selectors, services
from .fonts import MissingGlyphError
from .forms import BulletinForm, NewBulletinForm, NewReportForm
from .models import Bulletin


def _bulletin_for(user, pk: int) -> Bulletin:
    """404 for bulletins the user may not read (drafts, other campaigns)."""
    return get_object_or_404(selectors.bulletins_for(user), pk=pk)


def _require_editor(user) -> None:
    if not can_edit_bulletins(user):
        raise PermissionDenied


def _editable_bulletin(user, pk: int) -> Bulletin:
    """A bulletin to edit or issue: 403 for roles that edit none, 404 for one
    the user may not read, 403 for one they read but may not change."""
    if not (can_edit_bulletins(user) or may_draft_county_reports(user)):
        raise PermissionDenied
    bulletin = _bulletin_for(user, pk)
    if not can_edit_bulletin(user, bulletin):
        raise PermissionDenied
    return bulletin


def _new_report_form(request, data=None) -> NewReportForm:
    return NewReportForm(data, counties=selectors.report_counties_for(request.user))


def _new_form(request, data=None) -> NewBulletinForm:
    model = selectors.latest_bulletin_like(None)
    return NewBulletinForm(
        data,
        campaigns=campaigns_for(request.user).filter(schemes__isnull=False).distinct(),
        organ_abbreviation=model.organ_abbreviation if model else "",
    )


def index(request):
    can_edit = can_edit_bulletins(request.user)
    return render(
        request,
        "bulletins/index.html",
        {
            "bulletins": selectors.bulletins_for(request.user),
            "can_edit": can_edit,
            "new_form": _new_form(request) if can_edit else None,
            "report_form": (
                _new_report_form(request) if may_draft_county_reports(request.user) else None
            ),
        },
    )


@require_POST
def draft_report(request):
    """A county's self-assessment report (自评报告) drafted from its records:
    the city office for any county, county staff for their own (another
    county: 404)."""
    if not may_draft_county_reports(request.user):
        raise PermissionDenied
    try:
        county_pk = int(request.POST.get("county", ""))
    except ValueError:
        raise Http404 from None
    county = get_object_in_scope(
        Region.objects.filter(level=Level.COUNTY), request.user, pk=county_pk
    )
    if not can_draft_county_report(request.user, county):
        raise PermissionDenied
    form = _new_report_form(request, request.POST)
    if form.is_valid():
        report = services.draft_self_assessment(
            user=request.user, county=county, year=form.cleaned_data["year"]
        )
        messages.success(
            request,
            _("Draft “%(title)s” created from the county's records.") % {"title": report.title},
        )
        return redirect("bulletins:edit", pk=report.pk)
    return render(
        request,
        "bulletins/index.html",
        {
            "bulletins": selectors.bulletins_for(request.user),
            "can_edit": can_edit_bulletins(request.user),
            "new_form": _new_form(request) if can_edit_bulletins(request.user) else None,
            "report_form": form,
        },
        status=400,
    )


@require_POST
def create(request):
    _require_editor(request.user)
    form = _new_form(request, request.POST)
    if form.is_valid():
        try:
            bulletin = services.draft_bulletin_from_campaign(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(
                request,
                _("Draft %(number)s created from the campaign's records.")
                % {"number": bulletin.document_number},
            )
            return redirect("bulletins:edit", pk=bulletin.pk)
    bulletins = selectors.bulletins_for(request.user)
    return render(
        request,
        "bulletins/index.html",
        {"bulletins": bulletins, "can_edit": True, "new_form": form},
        status=400,
    )


def detail(request, pk: int):
    bulletin = _bulletin_for(request.user, pk)
    return render(
        request,
        "bulletins/detail.html",
        {
            "bulletin": bulletin,
            "paragraphs": markup.paragraphs(bulletin.body),
            "annexes": bulletin.annexes.select_related("scheme"),
            "can_edit": can_edit_bulletin(request.user, bulletin) and not bulletin.is_issued,
            "changes": history_for(bulletin, *bulletin.annexes.all()),
            "draw_counts": sample_counts(bulletin.draw),
        },
    )


def edit(request, pk: int):
    bulletin = _editable_bulletin(request.user, pk)
    if bulletin.is_issued:
        messages.error(request, _("An issued bulletin cannot be changed."))
        return redirect("bulletins:detail", pk=pk)
    form = BulletinForm(request.POST or None, instance=bulletin)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        opened = changes.pop("opened_version")
        try:
            services.update_bulletin(
                user=request.user, bulletin=bulletin, expected_version=opened, **changes
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("bulletins:detail", pk=pk)
    suggested = selectors.next_sequence(
        organ_abbreviation=bulletin.organ_abbreviation, year=bulletin.year
    )
    return render(
        request,
        "bulletins/edit.html",
        {"bulletin": bulletin, "form": form, "suggested_sequence": suggested},
    )


def issue(request, pk: int):
    """印发 asks first: GET shows what issuing changes, a POST carrying the
    confirm field issues (a POST without it shows the question again)."""
    bulletin = _editable_bulletin(request.user, pk)
    if bulletin.is_issued:
        messages.error(request, _("This bulletin has already been issued."))
        return redirect("bulletins:detail", pk=pk)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(
            request,
            "bulletins/issue_confirm.html",
            {
                "bulletin": bulletin,
                "annexes": bulletin.annexes.order_by("order"),
                "draw_counts": sample_counts(bulletin.draw),
            },
        )
    try:
        services.issue_bulletin(user=request.user, bulletin=bulletin)
    except (ValidationError, MissingGlyphError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    else:
        messages.success(request, _("Issued. The PDF is kept as issued."))
    return redirect("bulletins:detail", pk=pk)


def pdf(request, pk: int):
    """The issued PDF as stored; a draft rendered now (editors only see drafts)."""
    bulletin = _bulletin_for(request.user, pk)
    filename = f"{bulletin.document_number}.pdf"
    if bulletin.is_issued:
        return FileResponse(
            bulletin.pdf.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type="application/pdf",
        )
    try:
        content = rendering.render_pdf(bulletin)
    except MissingGlyphError as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('草稿-' + filename)}"
    return response
