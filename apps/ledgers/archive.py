"""A region's ledger evidence as a zip, streamed: folders follow the template's
tree (一、扶贫责任/1.三级书记遍访台账/<region>/<file>), every item has its folder
even when empty, and files are copied in chunks as the response is sent.

Nothing is held whole: zipfile writes to a sink the generator drains after each
chunk; the only thing growing with the file count is zipfile's central
directory (one small ZipInfo per file). Files are stored, not deflated: PDFs,
JPEGs and Office files are compressed already.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

CHUNK = 64 * 1024


class _Sink:
    """A write-only, unseekable file for ZipFile: what is written waits here
    until the generator hands it to the response."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


class _Names:
    """Unique member names: a second 照片.jpg in one folder becomes 照片(2).jpg."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def unique(self, name: str) -> str:
        candidate, n = name, 1
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        while candidate in self._seen:
            n += 1
            candidate = f"{stem}({n}){dot}{ext}"
        self._seen.add(candidate)
        return candidate


def safe_segment(text: str) -> str:
    cleaned = text.replace("/", "／").replace("\\", "＼").strip().strip(".")
    return cleaned or "_"


Opener = Callable[[], BinaryIO]


def stream_zip(
    folders: Iterable[tuple[str, ...]], members: Iterable[tuple[tuple[str, ...], str, Opener]]
) -> Iterator[bytes]:
    """The zip's bytes, piece by piece. ``folders``: every folder path, written
    as directory entries so the tree is whole even where empty; ``members``:
    (folder path, file name, opener) — each file is opened only when reached
    and copied CHUNK bytes at a time."""
    sink = _Sink()
    names = _Names()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for path in folders:
            archive.writestr(zipfile.ZipInfo("/".join(path) + "/"), b"")
        yield sink.drain()
        for folder, name, opener in members:
            member = names.unique("/".join((*folder, safe_segment(name))))
            with opener() as handle, archive.open(member, "w", force_zip64=True) as out:
                while chunk := handle.read(CHUNK):
                    out.write(chunk)
                    yield sink.drain()
            yield sink.drain()
    yield sink.drain()
