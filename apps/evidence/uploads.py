"""The request-size guard: refuse an upload body before any of it is read."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

from .validators import max_evidence_bytes


def max_request_bytes() -> int:
    """The largest upload request worth reading: every evidence file at the
    limit, or one household file at its limit (the larger), plus 1 MB for the
    form's other fields and the multipart framing."""
    evidence = max_evidence_bytes() * getattr(settings, "EVIDENCE_MAX_FILES", 10)
    households = getattr(settings, "HOUSEHOLD_UPLOAD_MAX_BYTES", 0)
    return max(evidence, households) + 1024 * 1024


class RequestSizeLimitHandler(FileUploadHandler):
    """Refuse (400) a multipart body too large to hold valid evidence before any
    of it is read or spooled to disk."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > max_request_bytes():
            raise RequestDataTooBig("Upload larger than EVIDENCE_MAX_BYTES × EVIDENCE_MAX_FILES.")

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
