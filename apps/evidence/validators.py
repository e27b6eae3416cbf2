"""What an evidence upload may be: checked by content, not only by name.

The first bytes must match the extension; images must decode as that image
format (Pillow), Office files must be ZIP packages holding that application's
main part (a .docx with word/document.xml, an .xlsx with xl/workbook.xml), so a
renamed archive or a document of the other kind is refused. A package whose
ZIP directory declares more than EVIDENCE_MAX_UNCOMPRESSED_BYTES, or a
compression ratio above EVIDENCE_MAX_COMPRESSION_RATIO, is refused (a zip
bomb) — read from the directory only, nothing is decompressed. A PDF must end
with %%EOF and contain no HTML script markers (a PDF/HTML polyglot). Each file
is limited to EVIDENCE_MAX_BYTES.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024


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

# What makes a browser run a file as a web page; never in a real PDF's raw bytes.
SCRIPT_MARKERS = (b"<script", b"<html", b"javascript:")
PDF_END = b"%%EOF"
PDF_TRAILING_WHITESPACE = b"\x00\t\n\x0c\r "  # PDF's own whitespace characters
CHUNK = 64 * 1024


def max_evidence_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 10 * MB)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_UNCOMPRESSED_BYTES", 50 * MB)


def max_compression_ratio() -> int:
    return getattr(settings, "EVIDENCE_MAX_COMPRESSION_RATIO", 100)


def accepted_extensions() -> list[str]:
    return [ext for kind in KINDS for ext in kind.extensions]


def check_upload(upload) -> FileKind:
    """The kind of an uploaded file, or a ValidationError listing every reason
    it is refused."""
    name = upload.name or ""
    kind = next((k for k in KINDS if name.lower().endswith(k.extensions)), None)
    if kind is None:
        raise ValidationError(
            _("%(name)s: only these file types are accepted: %(allowed)s.")
            % {"name": name, "allowed": "、".join(accepted_extensions())}
        )
    if upload.size > max_evidence_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": max_evidence_bytes() // MB}
        )
    try:
        problems = _problems(upload, kind, name)
    finally:
        upload.seek(0)
    if problems:
        raise ValidationError(problems)
    return kind


def _problems(upload, kind: FileKind, name: str) -> list[str]:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    not_really = _("%(name)s is not really a %(ext)s file.") % {
        "name": name,
        "ext": kind.extensions[0],
    }
    if not head.startswith(kind.magic):
        return [not_really]
    if kind.image_format:
        return [] if _is_image(upload, kind.image_format) else [not_really]
    if kind.office_part:
        return _office_problems(upload, kind.office_part, name, not_really)
    return _pdf_problems(upload, name)


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


def _office_problems(upload, part: str, name: str, not_really: str) -> list[str]:
    """Only the ZIP central directory is read, nothing is decompressed: the
    declared sizes are what an unpacking reader would be asked to produce."""
    try:
        with zipfile.ZipFile(upload) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [not_really]
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or part not in names:
        return [not_really]
    return _unpacked_size_problems(entries, name)


def _unpacked_size_problems(entries: list[zipfile.ZipInfo], name: str) -> list[str]:
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    problems = []
    if unpacked > max_uncompressed_bytes():
        problems.append(
            _("%(name)s would unpack to %(size)s MB, more than the %(limit)s MB allowed.")
            % {"name": name, "size": unpacked // MB, "limit": max_uncompressed_bytes() // MB}
        )
    ratio = unpacked / max(packed, 1)
    if ratio > max_compression_ratio():
        problems.append(
            _(
                "%(name)s is compressed %(ratio)s times, more than any real document "
                "(at most %(limit)s times)."
            )
            % {"name": name, "ratio": int(ratio), "limit": max_compression_ratio()}
        )
    return problems


def _pdf_problems(upload, name: str) -> list[str]:
    problems = []
    marker = _script_marker(upload)
    if marker:
        problems.append(
            _("%(name)s contains web page code (%(marker)s), which a PDF must not contain.")
            % {"name": name, "marker": marker}
        )
    if not _ends_with_eof(upload):
        problems.append(
            _("%(name)s is not a complete PDF file: it does not end with %(end)s.")
            % {"name": name, "end": PDF_END.decode()}
        )
    return problems


def _script_marker(upload) -> str:
    """The first HTML script marker in the raw bytes (case-insensitive), or ''.
    Chunks overlap by the longest marker's length, so none is split unseen."""
    upload.seek(0)
    overlap = max(len(marker) for marker in SCRIPT_MARKERS) - 1
    tail = b""
    while chunk := upload.read(CHUNK):
        window = (tail + chunk).lower()
        for marker in SCRIPT_MARKERS:
            if marker in window:
                return marker.decode()
        tail = window[-overlap:]
    return ""


def _ends_with_eof(upload) -> bool:
    upload.seek(max(0, upload.size - 1024))
    return upload.read().rstrip(PDF_TRAILING_WHITESPACE).endswith(PDF_END)
