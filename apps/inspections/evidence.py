"""What an evidence upload may be: checked by content, not only by name.

The first bytes must match the extension; images must decode as that image
format (Pillow), Office files must be ZIP packages holding that application's
main part (a .docx with word/document.xml, an .xlsx with xl/workbook.xml), so a
renamed archive or a document of the other kind is refused. Each file is
limited to EVIDENCE_MAX_BYTES, and a request body that could not hold
EVIDENCE_MAX_FILES such files is refused before it is read.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    content_type: str
    magic: tuple[bytes, ...]
    image_format: str = ""  # Pillow's name, for images
    office_part: str = ""  # the part an Office package of this kind must contain


# Office files are ZIP containers; the first bytes say what a file really is.
KINDS = [
    FileKind((".pdf",), "application/pdf", (b"%PDF-",)),
    FileKind((".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",), image_format="JPEG"),
    FileKind((".png",), "image/png", (b"\x89PNG\r\n\x1a\n",), image_format="PNG"),
    FileKind(
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
        office_part="word/document.xml",
    ),
    FileKind(
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
        office_part="xl/workbook.xml",
    ),
]


def max_evidence_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


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


def check_upload(upload) -> FileKind:
    """The kind of an uploaded file, or a ValidationError saying why it is refused."""
    name = upload.name or ""
    lowered = name.lower()
    kind = next((k for k in KINDS if lowered.endswith(k.extensions)), None)
    allowed = "、".join(ext for k in KINDS for ext in k.extensions)
    if kind is None:
        raise ValidationError(
            _("%(name)s: only these file types are accepted: %(allowed)s.")
            % {"name": name, "allowed": allowed}
        )
    if upload.size > max_evidence_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": max_evidence_bytes() // (1024 * 1024)}
        )
    head = upload.read(16)
    upload.seek(0)
    if not (head.startswith(kind.magic) and _content_matches(upload, kind)):
        raise ValidationError(
            _("%(name)s is not really a %(ext)s file.") % {"name": name, "ext": kind.extensions[0]}
        )
    return kind


def _content_matches(upload, kind: FileKind) -> bool:
    try:
        if kind.image_format:
            return _is_image(upload, kind.image_format)
        if kind.office_part:
            return _is_office_package(upload, kind.office_part)
        return True
    finally:
        upload.seek(0)


def _is_image(upload, image_format: str) -> bool:
    """Pillow reads the headers and checks the structure without decoding pixels."""
    try:
        with Image.open(upload) as image:
            if image.format != image_format:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def _is_office_package(upload, part: str) -> bool:
    """Only the ZIP directory is read, nothing is decompressed (no zip bombs)."""
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and part in names


class EvidenceFile(models.Model):
    """What every evidence file (佐证材料) records, whatever it proves (a
    finding, a reported value, a deliverable): stored outside the web root and
    served only through a view that checks the user's scope. A subclass adds
    the ``file`` field (its folder) and the record it belongs to."""

    original_name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(gettext_lazy("content type"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


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


def evidence_response(evidence: EvidenceFile) -> FileResponse:
    """The file as a download under its original name (after the scope check)."""
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
