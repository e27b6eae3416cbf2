"""A case's page and the household's ledger (台账, page and .xlsx), and the
forms that write: open a case, add a measure, mark it done, add evidence,
log a visit, a lifecycle step (confirmation asked for irreversible ones)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.access import (
    can_keep_monitoring,
    can_see_full_id_numbers,
    get_object_in_scope,
)
from apps.audit.selectors import history_for
from apps.core.excel import xlsx_response
from apps.core.feedback import report_form_errors, report_refusal, show_refusal_on_form
from apps.evidence.views import download_evidence

from .. import exports, lifecycle, selectors, services
from ..forms import (
    CaseEditForm,
    CaseForm,
    EvidenceForm,
    MeasureDoneForm,
    MeasureEditForm,
    MeasureForm,
    StepForm,
    VisitForm,
)
from ..models import (
    AssistanceMeasure,
    MeasureEvidence,
    MeasureStatus,
    MonitoringCase,
    RemovalEvidence,
    VisitPhoto,
)


def _changes(cases: list[MonitoringCase]):
    records = []
    for case in cases:
        records += [case, *case.measures.all(), *case.visits.all(), *case.steps.all()]
    return history_for(*records) if records else []


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    keeper = can_keep_monitoring(request.user, case.household.village)
    steps = lifecycle.steps_for(request.user, case)
    return render(
        request,
        "monitoring/case_detail.html",
        {
            "case": case,
            "keeper": keeper and case.is_open,
            "can_edit": keeper,
            "steps": [
                (s, StepForm(initial={"action": s.action, "opened_version": case.version}))
                for s in steps
            ],
            "measure_form": MeasureForm(household=case.household) if keeper else None,
            "visit_form": VisitForm() if keeper else None,
            "done_form": MeasureDoneForm(),
            "evidence_form": EvidenceForm(),
            "changes": _changes([case]),
        },
    )


def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """The household's 台账: every case with measures, visits, steps, changes."""
    household = selectors.household_in_scope(request.user, pk)
    cases = selectors.household_cases(household)
    return render(
        request,
        "monitoring/ledger.html",
        {
            "household": household,
            "cases": cases,
            "members": household.members.all(),
            "full_ids": can_see_full_id_numbers(request.user),
            "changes": _changes(cases),
        },
    )


def ledger_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_in_scope(request.user, pk)
    cases = selectors.household_cases(household)
    workbook = exports.ledger_workbook(
        household, cases, full_ids=can_see_full_id_numbers(request.user)
    )
    return xlsx_response(workbook, f"{_('Assistance ledger')}-{household.number}.xlsx")


def _keep_household(request: HttpRequest, pk: int):
    household = selectors.household_in_scope(request.user, pk)
    if not can_keep_monitoring(request.user, household.village):
        raise PermissionDenied
    return household


def open_case(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a case for the household (GET: the form)."""
    household = _keep_household(request, pk)
    form = CaseForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.do_open_case(
                actor=request.user, household=household, **form.cleaned_data
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Monitoring case opened."))
            return redirect("monitoring:case", pk=case.pk)
    return render(
        request,
        "monitoring/case_open.html",
        {"household": household, "form": form, "finding": None},
    )


def _keep_case(request: HttpRequest, pk: int) -> MonitoringCase:
    """The case in scope (404 otherwise) that the user keeps (403 otherwise)."""
    case = selectors.case_detail(request.user, pk)
    if not can_keep_monitoring(request.user, case.household.village):
        raise PermissionDenied
    return case


def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the case's facts (county staff of its county, the city office):
    a save over a newer version is refused with what changed meanwhile."""
    case = _keep_case(request, pk)
    form = CaseEditForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_case(
                actor=request.user,
                case=case,
                expected_version=form.cleaned_data["opened_version"],
                changes=form.changes(),
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Monitoring case saved."))
            return redirect("monitoring:case", pk=pk)
    return render(request, "monitoring/case_edit.html", {"case": case, "form": form})


@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _keep_case(request, pk)
    form = MeasureForm(request.POST, request.FILES, household=case.household)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("monitoring:case", pk=pk)
    data = dict(form.cleaned_data)
    try:
        services.do_add_measure(
            actor=request.user, case=case, evidence=data.pop("evidence"), **data
        )
    except ValidationError as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Measure added."))
    return redirect("monitoring:case", pk=pk)


def _kept_measure(request: HttpRequest, pk: int) -> AssistanceMeasure:
    queryset = AssistanceMeasure.objects.select_related(
        "case__household__village__county", "case__household__village__town"
    )
    measure = get_object_in_scope(queryset, request.user, pk=pk)
    if not can_keep_monitoring(request.user, measure.case.household.village):
        raise PermissionDenied
    return measure


def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a measure's facts; a save over a newer version is refused with
    what changed meanwhile."""
    measure = _kept_measure(request, pk)
    form = MeasureEditForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_measure(
                actor=request.user,
                measure=measure,
                expected_version=form.cleaned_data["opened_version"],
                changes=form.changes(),
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Measure saved."))
            return redirect("monitoring:case", pk=measure.case_id)
    return render(request, "monitoring/measure_edit.html", {"measure": measure, "form": form})


@require_POST
def measure_done(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _kept_measure(request, pk)
    form = MeasureDoneForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            services.do_complete_measure(
                actor=request.user,
                measure=measure,
                done_on=form.cleaned_data["done_on"],
                expected_version=form.cleaned_data["opened_version"],
            )
        except ValidationError as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("Measure marked done."))
    return redirect("monitoring:case", pk=measure.case_id)


@require_POST
def measure_start(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _kept_measure(request, pk)
    if measure.status == MeasureStatus.PLANNED:
        services.do_start_measure(actor=request.user, measure=measure)
        messages.success(request, _("Measure under way."))
    return redirect("monitoring:case", pk=measure.case_id)


@require_POST
def measure_evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _kept_measure(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            services.do_add_measure_evidence(
                actor=request.user, measure=measure, uploads=form.cleaned_data["evidence"]
            )
        except ValidationError as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("Evidence uploaded."))
    return redirect("monitoring:case", pk=measure.case_id)


@require_POST
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _keep_case(request, pk)
    form = VisitForm(request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("monitoring:case", pk=pk)
    try:
        services.do_log_visit(actor=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Visit logged."))
    return redirect("monitoring:case", pk=pk)


@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    """A lifecycle step; one that cannot be undone by its taker (confirming a
    removal, reopening) first shows what it does and asks (``confirm=yes``)."""
    case = selectors.case_detail(request.user, pk)
    form = StepForm(request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("monitoring:case", pk=pk)
    data = form.cleaned_data
    step = lifecycle.step_for(data["action"])
    if step is None or not lifecycle.user_may_take(request.user, step, case):
        raise PermissionDenied
    if step.asks_first and data["confirm"] != "yes":
        return render(
            request, "monitoring/step_confirm.html", {"case": case, "step": step, "form": form}
        )
    try:
        services.do_take_step(
            actor=request.user,
            case=case,
            action=step.action,
            reason=data["reason"],
            income=data["income"],
            evidence=data["evidence"],
            expected_version=data["opened_version"],
        )
    except ValidationError as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("%(step)s: done.") % {"step": step.label})
    return redirect("monitoring:case", pk=pk)


def measure_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return download_evidence(request, MeasureEvidence.objects.all(), pk)


def visit_photo(request: HttpRequest, pk: int) -> HttpResponse:
    return download_evidence(request, VisitPhoto.objects.all(), pk)


def removal_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return download_evidence(request, RemovalEvidence.objects.all(), pk)
