"""Check-phase speed on a generated mid-size file (no database: a stub resolver).

    .venv/bin/python -m benchmarks.reader_speed [ROWS]     # default 30 000

Generates var/bench/reader-ROWS.xlsx once, then times ``check_file`` (reader and
checker, what the hostile-workbook limits touch) three times and prints the best.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from benchmarks import setup_django

setup_django(database_url="sqlite:///:memory:")

from apps.demo.generator import city_sized, write_file  # noqa: E402
from apps.households.imports import check_file  # noqa: E402

VILLAGES = [("吴川市", f"镇{t}", f"村{v}") for t in range(20) for v in range(30)]


class _AnyVillage:
    def resolve_id(self, name: str, *, level) -> int:
        return 1


def main(rows: int) -> None:
    path = Path(__file__).resolve().parent.parent / "var" / "bench" / f"reader-{rows}.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(city_sized(VILLAGES, members=rows, as_of=dt.date(2020, 11, 20)), path)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parsed = check_file(path, resolver=_AnyVillage())
        best = min(best, time.perf_counter() - start)
    print(
        f"{parsed.rows} rows checked in {best:.2f} s (best of 3): {parsed.rows / best:,.0f} rows/s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000)
