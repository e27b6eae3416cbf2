"""The field pages (a PWA under /field/) and their JSON API.

The phone loads the shell once online; the service worker and IndexedDB keep
it working offline. The API answers only for the user's team's households:
another team's household is 404, as if it did not exist.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.access import (
    can_confirm_proposed_finding,
    can_manage_campaigns,
    can_see_team_results,
    may_record_visits,
    scope_queryset,
)
from apps.core.excel import xlsx_response

from .. import selectors as inspection_selectors
from ..models import Campaign, ProposedFinding, Team
from . import exports, selectors, services

STATIC_SHELL = (
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "vendor/idb-8.0.4/umd.js",
    "css/field.css",
    "js/field.js",
    "favicon.svg",
)

# What the phone's JavaScript says, translated on the server.
FIELD_TEXT = {
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "households": gettext_lazy("Households"),
    "reload": gettext_lazy("Download the households again"),
    "online": gettext_lazy("Online"),
    "offline": gettext_lazy("Offline"),
    "draft": gettext_lazy("Draft"),
    "pending": gettext_lazy("Waiting to be sent"),
    "sent": gettext_lazy("Sent"),
    "refused": gettext_lazy("Refused"),
    "notVisited": gettext_lazy("Not visited"),
    "saveDraft": gettext_lazy("Save draft"),
    "queue": gettext_lazy("Save and send"),
    "back": gettext_lazy("Back"),
    "sendNow": gettext_lazy("Send now"),
    "photo": gettext_lazy("Take or choose a photo"),
    "photoKept": gettext_lazy("Photo kept on this phone"),
    "registryIncome": gettext_lazy("Registry per-capita income (yuan)"),
    "members": gettext_lazy("Registered members"),
    "propose": gettext_lazy("Draft a finding for this household (confirm it later online)"),
    "noSchoolAge": gettext_lazy("No member of school age."),
    "noHouseholds": gettext_lazy(
        "No households on this phone: go online and download your team’s households."
    ),
    "noneAssigned": gettext_lazy("Your team has no sampled households in this campaign."),
    "outboxEmpty": gettext_lazy("Nothing recorded on this phone yet."),
    "savedLocal": gettext_lazy("Saved on this phone."),
    "loginAgain": gettext_lazy("Log in again to send: the visits stay on this phone."),
    "networkLost": gettext_lazy(
        "The connection dropped: the visit stays on this phone and is sent again later."
    ),
    "refusedHelp": gettext_lazy(
        "The server refused this visit: correct the answers marked below and send it again."
    ),
    # %(count)s is filled in on the phone (the visits not yet stored on the server).
    "logoutPending": gettext_lazy(
        "%(count)s visits on this phone were not sent yet. Logging out deletes them. "
        "Log out anyway?"
    ),
    "loadedAt": gettext_lazy("Households downloaded"),
    "edit": gettext_lazy("Correct"),
    "required": gettext_lazy("required"),
    "visitOf": gettext_lazy("Visit"),
}


def _campaign(user, slug: str) -> Campaign:
    return get_object_or_404(inspection_selectors.campaigns_for(user), slug=slug)


def _require_recorder(user) -> None:
    if not may_record_visits(user):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    """The campaigns the user does field work in."""
    _require_recorder(request.user)
    return render(
        request, "field/index.html", {"campaigns": selectors.field_campaigns(request.user)}
    )


def shell(request: HttpRequest, slug: str) -> HttpResponse:
    """The app shell: one page the phone keeps; JavaScript draws the household
    list, the visit form and the outbox from IndexedDB."""
    _require_recorder(request.user)
    campaign = _campaign(request.user, slug)
    teams = selectors.field_teams(request.user, campaign)
    return render(
        request,
        "field/shell.html",
        {
            "campaign": campaign,
            "teams": teams,
            "text": {key: str(value) for key, value in FIELD_TEXT.items()},
            "config": {
                "slug": campaign.slug,
                "user": request.user.username,
                "households_url": reverse("field:api_households", args=[slug]),
                "visit_url": reverse("field:api_visit", args=[slug, 0]).replace("/0/", "/{id}/"),
                "sw_url": reverse("field:service_worker"),
                "scope": reverse("field:index"),
                "login_url": reverse("login"),
            },
        },
    )


def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "name": _("Household visits · Inspection Portal"),
            "short_name": _("Household visits"),
            "start_url": reverse("field:index"),
            "scope": reverse("field:index"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b02a37",
            "lang": "zh-CN",
            "icons": [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /field/ so that its scope covers the field pages."""
    response = render(
        request,
        "field/sw.js",
        {"assets": json.dumps([static(path) for path in STATIC_SHELL])},
        content_type="text/javascript",
    )
    return response


@require_GET
@never_cache
def api_households(request: HttpRequest, slug: str) -> JsonResponse:
    _require_recorder(request.user)
    campaign = _campaign(request.user, slug)
    form = selectors.visit_form(campaign)
    return JsonResponse(
        {
            "campaign": {"slug": campaign.slug, "title": campaign.title},
            "questions": form.questions,
            "households": selectors.phone_households(request.user, campaign),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
def api_visit(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    """GET: one assigned household as the phone holds it. POST: store a visit
    for it (multipart: key, visited_at, answers, propose, photo:<question>).

    201 stored, 200 stored before under this key (nothing stored again),
    400 with ``errors`` per question (nothing stored), 404 not the team's."""
    _require_recorder(request.user)
    campaign = _campaign(request.user, slug)
    sampled = selectors.assigned_household(request.user, campaign, pk)
    if request.method == "GET":
        rows = [h for h in selectors.phone_households(request.user, campaign) if h["id"] == pk]
        return JsonResponse(rows[0], json_dumps_params={"ensure_ascii": False})
    if request.method != "POST":
        return JsonResponse({"errors": {"__all__": [_("Method not allowed.")]}}, status=405)
    answers, propose = _json_field(request, "answers", {}), _json_field(request, "propose", [])
    if answers is None or not isinstance(propose, list):
        return _refused({"__all__": [_("The answers are not readable.")]})
    visited_at = parse_datetime(request.POST.get("visited_at", "") or "")
    photos = {
        name.removeprefix("photo:"): upload
        for name, upload in request.FILES.items()
        if name.startswith("photo:")
    }
    try:
        result = services.record_visit(
            user=request.user,
            campaign=campaign,
            sampled=sampled,
            key=request.POST.get("key", ""),
            answers=answers,
            photos=photos,
            visited_at=visited_at,
            propose=[str(p) for p in propose],
        )
    except PermissionDenied:
        return JsonResponse({"errors": {"__all__": [_("Not your team's household.")]}}, status=404)
    if result.errors:
        return _refused(result.errors)
    visit = result.visit
    return JsonResponse(
        {"id": visit.pk, "key": str(visit.key), "created": result.created},
        status=201 if result.created else 200,
    )


def _json_field(request: HttpRequest, name: str, default):
    raw = request.POST.get(name)
    if raw is None:
        return default
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _refused(errors: dict) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})


def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    """Findings the user's visits proposed, to confirm or dismiss online."""
    _require_recorder(request.user)
    campaign = _campaign(request.user, slug)
    rows = scope_queryset(
        ProposedFinding.objects.filter(
            visit__campaign=campaign, status=ProposedFinding.Status.PROPOSED
        ),
        request.user,
    ).select_related("visit__sampled__household__village", "category")
    if not can_manage_campaigns(request.user):
        rows = rows.filter(visit__inspector=request.user)
    return render(request, "field/proposals.html", {"campaign": campaign, "rows": rows})


@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        scope_queryset(ProposedFinding.objects.select_related("visit__campaign"), request.user),
        pk=pk,
    )
    if not can_confirm_proposed_finding(request.user, proposal):
        raise PermissionDenied
    try:
        if request.POST.get("decision") == "confirm":
            services.confirm_proposed_finding(
                user=request.user,
                proposal=proposal,
                description=request.POST.get("description", ""),
            )
            messages.success(request, _("The finding was recorded."))
        else:
            services.dismiss_proposed_finding(user=request.user, proposal=proposal)
            messages.success(request, _("The proposed finding was dismissed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("field:proposals", slug=proposal.visit.campaign.slug)


def results_xlsx(request: HttpRequest, slug: str, team: int) -> HttpResponse:
    """A team's visits with their answers (the office's copy of the results)."""
    campaign = _campaign(request.user, slug)
    team_obj = get_object_or_404(Team, campaign=campaign, pk=team)
    if not can_see_team_results(request.user, team_obj):
        raise PermissionDenied
    visits = scope_queryset(
        team_obj.visits.select_related("sampled__household__village__town", "inspector"),
        request.user,
    ).order_by("sampled__order", "visited_at")
    heading = f"{campaign.title} · {team_obj.name} · 入户核查结果"
    return xlsx_response(
        exports.results_workbook(
            visits, questions=selectors.visit_form(campaign).questions, heading=heading
        ),
        f"{heading}.xlsx",
    )
