"""Writes: a checked upload stored as an evidence file."""

from __future__ import annotations

from django.db import transaction

from .models import EvidenceFile
from .validators import check_upload


@transaction.atomic
def store_evidence(model: type[EvidenceFile], *, user, upload, **owner) -> EvidenceFile:
    """A checked upload (``check_upload``) saved as ``model``, for ``owner``
    (``finding=…``, ``report=…``); the caller has checked the user may add it."""
    kind = check_upload(upload)
    return model.objects.create(
        **owner,
        file=upload,
        original_name=upload.name[:200],
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=user,
    )
