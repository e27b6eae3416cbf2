"""Ledger archive benchmark: peak memory of the streamed zip stays flat.

    make bench-ledgers        # or: .venv/bin/python -m benchmarks.ledger_zip

Writes 2 000 evidence files of 32 KB (64 MB) into a temporary folder, then
streams zips of 250, 500, 1 000 and 2 000 of them through
apps.ledgers.archive.stream_zip — the function the archive download uses —
opening each file only when it is reached, as the view does through storage.
Each run's peak Python memory is measured with tracemalloc while the pieces
are consumed (and thrown away, as a socket would). For contrast, the last row
builds the 2 000-file zip in a BytesIO, which holds it whole. No database is
needed: the selector feeding the view reads rows with .iterator().
Target: the streamed peak at 2 000 files under 4 MB and within 2 MB of the
250-file peak (what grows is zipfile's central directory, about 1 KB a file).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from benchmarks import setup_django

setup_django()

from apps.ledgers.archive import stream_zip  # noqa: E402

FILES = 2000
SIZE = 32 * 1024
COUNTS = (250, 500, 1000, 2000)
FLAT_LIMIT = 4 * 1024 * 1024
GROWTH_LIMIT = 2 * 1024 * 1024


def _write_files(folder: Path) -> list[Path]:
    paths = []
    for n in range(FILES):
        path = folder / f"{n:05d}.pdf"
        path.write_bytes(b"%PDF-1.4\n" + os.urandom(SIZE - 16) + b"\n%%EOF\n")
        paths.append(path)
    return paths


def _members(paths: list[Path]):
    for n, path in enumerate(paths):
        folder = (f"{n % 5 + 1}、项目", f"{n % 40 + 1}.子项", f"村{n % 97}")
        yield folder, path.name, lambda path=path: path.open("rb")


def _folders():
    return [(f"{a}、项目", f"{b}.子项") for a in range(1, 6) for b in range(1, 41)]


def _measure(run) -> tuple[int, int, float]:
    tracemalloc.start()
    started = time.perf_counter()
    size = run()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, peak, seconds


def _streamed(paths):
    return lambda: sum(len(piece) for piece in stream_zip(_folders(), _members(paths)))


def _in_memory(paths):
    def run():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for folder, name, opener in _members(paths):
                with opener() as handle:
                    archive.writestr("/".join((*folder, name)), handle.read())
        return len(buffer.getvalue())

    return run


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write_files(Path(tmp))
        rows = []
        for count in COUNTS:
            rows.append(("streamed", count, *_measure(_streamed(paths[:count]))))
        rows.append(("BytesIO (contrast)", FILES, *_measure(_in_memory(paths))))
    print(f"{'how':<20}{'files':>7}{'zip MB':>9}{'peak MB':>9}{'seconds':>9}")
    for how, count, size, peak, seconds in rows:
        print(f"{how:<20}{count:>7}{size / 2**20:>9.1f}{peak / 2**20:>9.2f}{seconds:>9.2f}")
    streamed = [peak for how, _c, _s, peak, _t in rows if how == "streamed"]
    flat = streamed[-1] < FLAT_LIMIT and streamed[-1] - streamed[0] < GROWTH_LIMIT
    print(f"peak memory flat (2 000 files < 4 MB, growth < 2 MB): {'yes' if flat else 'NO'}")
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
