"""Timetable pages. Thin: scope, parse, ask selectors/services, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from apps.accounts.access import can_manage_timetables, can_tick_deliverables, get_object_in_scope
from apps.audit.selectors import history_for
from apps.core.dates import official_date
from apps.core.excel import xlsx_response
from apps.core.feedback import report_refusal, show_refusal_on_form
from apps.evidence.forms import EvidenceUploadForm
from apps.evidence.views import download_evidence, upload_evidence

from . import exports, selectors, services
from .filters import ChecklistFilter
from .forms import AsOfForm, ReopenForm, TickForm
from .models import Deliverable, DeliverableEvidence, PhaseState, Timetable
from .tables import ChecklistTable


def _timetable_for(user, pk: int) -> Timetable:
    return get_object_or_404(selectors.timetables_for(user), pk=pk)


def _deliverable_for(user, pk: int) -> Deliverable:
    return get_object_in_scope(selectors.deliverables_for(user), user, pk=pk)


def _as_of(data) -> dt.date:
    form = AsOfForm(data)
    form.is_valid()
    return form.cleaned_data.get("as_of") or selectors.today()


def index(request):
    return render(
        request,
        "timetables/index.html",
        {"timetables": selectors.timetables_for(request.user).prefetch_related("phases")},
    )


def detail(request, pk: int):
    timetable = _timetable_for(request.user, pk)
    as_of = _as_of(request.GET)
    progress = selectors.progress(timetable, user=request.user, as_of=as_of)
    filterset = ChecklistFilter(
        request.GET, queryset=selectors.checklist(timetable, user=request.user), timetable=timetable
    )
    if request.GET.get("export") == "xlsx":
        name = f"{timetable.title}（{official_date(as_of)}）.xlsx"
        return xlsx_response(exports.progress_workbook(progress, filterset.qs), name)
    table = ChecklistTable(filterset.qs, as_of=as_of)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    export_query = request.GET.copy()
    export_query["export"] = "xlsx"
    return render(
        request,
        "timetables/detail.html",
        {
            "timetable": timetable,
            "units": timetable.assisting_units.all(),
            "progress": progress,
            "as_of": as_of,
            "as_of_form": AsOfForm(initial={"as_of": as_of}),
            "filter": filterset,
            "table": table,
            "export_query": export_query.urlencode(),
            "states": PhaseState,
            "can_draft_notice": can_manage_timetables(request.user),
        },
    )


def deliverable(request, pk: int):
    item = _deliverable_for(request.user, pk)
    may_tick = can_tick_deliverables(request.user, item.village)
    form = TickForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_tick:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.tick_deliverable(
                    user=request.user,
                    deliverable=item,
                    completed_on=form.cleaned_data["completed_on"],
                    note=form.cleaned_data["note"],
                    evidence_files=form.cleaned_data["evidence"],
                    expected_version=form.cleaned_data["opened_version"],
                )
            except ValidationError as exc:
                show_refusal_on_form(form, exc)
            else:
                messages.success(request, _("Deliverable ticked."))
                return redirect("timetables:deliverable", pk=pk)
    else:
        form.initial["opened_version"] = item.version
    evidence = item.evidence.select_related("uploaded_by")
    return render(
        request,
        "timetables/deliverable.html",
        {
            "item": item,
            "timetable": item.phase.timetable,
            "is_overdue": item.completed_on is None and item.phase.deadline < selectors.today(),
            "evidence": evidence,
            "may_tick": may_tick,
            "tick_form": form,
            "reopen_form": ReopenForm(initial={"opened_version": item.version}),
            "upload_form": EvidenceUploadForm(),
            "changes": history_for(item, *evidence),
        },
    )


def deliverable_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Taking a tick back removes its date and who ticked, so it asks first:
    GET, or the deliverable page's POST (with its reason), shows what is
    removed; a POST with the confirm field and a reason reopens."""
    item = _deliverable_for(request.user, pk)
    if not can_tick_deliverables(request.user, item.village):
        raise PermissionDenied
    if item.completed_on is None:
        messages.info(request, _("The deliverable is not ticked: there is nothing to reopen."))
        return redirect("timetables:deliverable", pk=pk)
    if request.method != "POST":
        form = ReopenForm(initial={"opened_version": item.version})
        return _reopen_question(request, item, form)
    form = ReopenForm(request.POST)
    confirmed = request.POST.get("confirm") == "yes"
    if not form.is_valid():
        if confirmed:  # asked already: the reason is missing on the question's page
            return _reopen_question(request, item, form)
        messages.error(request, _("Say why the deliverable is reopened."))
        return redirect("timetables:deliverable", pk=pk)
    if not confirmed:
        return _reopen_question(request, item, form)
    try:
        services.reopen_deliverable(
            user=request.user,
            deliverable=item,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["opened_version"],
        )
    except ValidationError as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Deliverable reopened."))
    return redirect("timetables:deliverable", pk=pk)


def _reopen_question(request: HttpRequest, item: Deliverable, form: ReopenForm) -> HttpResponse:
    return render(
        request,
        "timetables/reopen_confirm.html",
        {"item": item, "timetable": item.phase.timetable, "form": form},
    )


@require_POST
def evidence_upload(request, pk: int):
    item = _deliverable_for(request.user, pk)
    if not can_tick_deliverables(request.user, item.village):
        raise PermissionDenied
    upload_evidence(
        request,
        lambda upload: services.add_evidence(user=request.user, deliverable=item, upload=upload),
    )
    return redirect("timetables:deliverable", pk=pk)


def evidence_download(request, pk: int):
    return download_evidence(request, DeliverableEvidence.objects.select_related("deliverable"), pk)


@require_POST
def draft_notice(request, pk: int):
    """Draft the weekly progress notice (通报) of the day shown: city office."""
    if not can_manage_timetables(request.user):
        raise PermissionDenied
    timetable = _timetable_for(request.user, pk)
    as_of = _as_of(request.POST)
    try:
        bulletin = services.draft_progress_notice(
            user=request.user, timetable=timetable, as_of=as_of
        )
    except ValidationError as exc:
        report_refusal(request, exc)
        return redirect(f"{reverse('timetables:detail', args=[pk])}?as_of={as_of:%Y-%m-%d}")
    messages.success(
        request,
        _("Draft %(number)s created from the timetable's progress.")
        % {"number": bulletin.document_number},
    )
    return redirect("bulletins:edit", pk=bulletin.pk)
