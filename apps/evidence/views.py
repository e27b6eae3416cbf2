"""The one scoped upload and download of evidence, for every app's evidence.

The caller has found the record in the user's scope and checked the user may
add to it; these helpers parse the upload form, report every refused file's
reasons, and serve a file only after a scope check (404 outside the scope).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _

from apps.accounts.access import get_object_in_scope
from apps.core.feedback import report_form_errors

from .forms import EvidenceUploadForm
from .models import EvidenceFile


def upload_evidence(request: HttpRequest, add: Callable[[object], object]) -> bool:
    """Every posted file stored by ``add(upload)`` — all of them or, when any is
    refused, none (each refusal named in a message). True when stored."""
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
        return False
    with transaction.atomic():
        for upload in form.cleaned_data["evidence"]:
            add(upload)
    messages.success(request, _("Evidence uploaded."))
    return True


def download_evidence(request: HttpRequest, queryset: QuerySet, pk: int) -> FileResponse:
    """The evidence file ``pk`` of ``queryset`` if in the user's scope (else
    404), as a download under its original name."""
    return evidence_response(get_object_in_scope(queryset, request.user, pk=pk))


def evidence_response(evidence: EvidenceFile) -> FileResponse:
    """The file as an attachment (never rendered inline) under its original name."""
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
