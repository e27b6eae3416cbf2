from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from apps.accounts.access import (
    can_decide_import,
    can_edit_households,
    can_import_households,
    can_see_full_id_numbers,
)
from apps.audit.selectors import history_for
from apps.core.excel import xlsx_response
from apps.core.feedback import show_refusal_on_form
from apps.core.printing import print_context

from . import exports, imports, selectors, services
from .filters import HouseholdFilter
from .forms import HouseholdForm, HouseholdUploadForm, MemberForm
from .models import ImportStatus
from .panels import render_panels
from .tables import HouseholdTable


def index(request):
    households = HouseholdFilter(
        request.GET, queryset=selectors.households_for(request.user), request=request
    )
    table = HouseholdTable(households.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "households/index.html",
        {
            "filter": households,
            "table": table,
            "can_import": can_import_households(request.user),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One household's file; its print view (?print=1) is the 一户一档 on paper,
    the same facts and members with ID numbers shown as on the page."""
    household = selectors.household_detail(request.user, pk)
    members = household.members.all()
    head = next((m.name for m in members if m.relationship == selectors.HEAD_OF_HOUSEHOLD), "")
    printing = print_context(
        request, meta=[_("Household file"), _("head of household %(name)s") % {"name": head}]
    )
    return render(
        request,
        "households/detail.html",
        {
            "household": household,
            "members": members,
            "full_ids": can_see_full_id_numbers(request.user),
            "can_edit": can_edit_households(request.user, household.village)
            and not printing["print_view"],
            "changes": history_for(household, *members),
            # Apps above the registry (monitoring) add their panels.
            "panels": [] if printing["print_view"] else render_panels(request, household),
            **printing,
        },
    )


def _edit(request, record, form_class, back):
    region = record.village if hasattr(record, "village") else record.household.village
    if not can_edit_households(request.user, region):
        raise PermissionDenied
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        opened = data.pop("opened_version")
        try:
            services.update_record(
                record=record, user=request.user, data=data, expected_version=opened
            )
        except ValidationError as exc:
            show_refusal_on_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return back
    return render(request, "households/record_edit.html", {"record": record, "form": form})


def edit(request, pk: int):
    household = selectors.household_detail(request.user, pk)
    return _edit(
        request,
        household,
        HouseholdForm,
        redirect("households:detail", pk=pk),
    )


def member_edit(request, pk: int):
    member = selectors.member_detail(request.user, pk)
    if not can_see_full_id_numbers(request.user):
        raise PermissionDenied  # the form shows the ID number in full
    return _edit(
        request,
        member,
        MemberForm,
        redirect("households:detail", pk=member.household_id),
    )


def upload(request):
    if not can_import_households(request.user):
        raise PermissionDenied
    imports.sweep_stalled_imports()
    form = HouseholdUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.start_import(upload=form.cleaned_data["file"], user=request.user)
        return redirect("households:import_detail", pk=job.pk)
    return render(
        request,
        "households/upload.html",
        {"form": form, "imports": selectors.imports_for(request.user)[:20]},
    )


def template(request):
    return xlsx_response(exports.blank_template(), "建档立卡户导入模板.xlsx")


def import_detail(request, pk: int):
    imports.sweep_stalled_imports()  # a job whose worker died shows as failed
    job = selectors.import_for(request.user, pk)
    return render(
        request,
        "households/import_detail.html",
        {"job": job, "can_decide": can_decide_import(request.user, job)},
    )


def import_progress(request, pk: int):
    imports.sweep_stalled_imports()
    job = selectors.import_for(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "percent": job.percent,
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "finished": job.finished,
            "problem_count": job.problem_count,
        }
    )


def import_problems(request, pk: int):
    job = selectors.import_for(request.user, pk)
    return xlsx_response(exports.problem_report(job), f"导入问题_{job.original_name}")


def _decide(request, pk: int, action) -> HttpResponse:
    """Confirm, cancel or resubmit: POST only, the uploader or the city office."""
    job = selectors.import_for(request.user, pk)
    if not can_decide_import(request.user, job):
        raise PermissionDenied
    try:
        job = action(job=job, user=request.user)
    except imports.NotInThatState as state:
        messages.error(request, f"该导入当前为“{state}”，不能进行此操作。")
    return redirect("households:import_detail", pk=job.pk)


@require_POST
def import_confirm(request, pk: int):
    return _decide(request, pk, imports.confirm_import)


def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancelling sets the checked file aside for good (importing it later means
    uploading it again), so it asks first: GET, or a POST without the confirm
    field, shows what is cancelled; a POST with it cancels."""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        return _decide(request, pk, imports.cancel_import)
    job = selectors.import_for(request.user, pk)
    if not can_decide_import(request.user, job):
        raise PermissionDenied
    if job.status != ImportStatus.AWAITING:
        messages.error(
            request,
            _("The import is “%(state)s”: there is nothing to cancel.")
            % {"state": job.get_status_display()},
        )
        return redirect("households:import_detail", pk=job.pk)
    return render(request, "households/import_cancel_confirm.html", {"job": job})


@require_POST
def import_resubmit(request, pk: int):
    return _decide(request, pk, imports.resubmit_import)
