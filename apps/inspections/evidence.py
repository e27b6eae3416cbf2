"""What an evidence upload may be: checked by content, not only by name."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    content_type: str
    magic: tuple[bytes, ...]


# Office files are ZIP containers; the first bytes say what a file really is.
KINDS = [
    FileKind((".pdf",), "application/pdf", (b"%PDF-",)),
    FileKind((".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",)),
    FileKind((".png",), "image/png", (b"\x89PNG\r\n\x1a\n",)),
    FileKind(
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    FileKind(
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
]


def max_evidence_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


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
    if not head.startswith(kind.magic):
        raise ValidationError(
            _("%(name)s is not really a %(ext)s file.") % {"name": name, "ext": kind.extensions[0]}
        )
    return kind
