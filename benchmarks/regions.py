"""import_regions for the whole of Guangdong on PostgreSQL (target: < 30 s).

    make bench-regions          # or: .venv/bin/python -m benchmarks.regions

Each round imports the province's 21 cities (125 county-level units, 1 757
towns, 26 842 village-level units) into a database holding none of them, then
again with no change, inside one transaction that is rolled back, so every
round starts from the same state. Prints the counts and the median times.
"""

from __future__ import annotations

import statistics
import sys
import time

from benchmarks import setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from apps.regions.division import DivisionSource  # noqa: E402
from apps.regions.importers import ImportSummary, import_division  # noqa: E402
from apps.regions.models import Region  # noqa: E402

ROUNDS = 3
TARGET_SECONDS = 30


class _Rollback(Exception):
    pass


def _import(province: str) -> tuple[float, ImportSummary]:
    """Read the CSVs and write, as the command does (a fresh reader each time)."""
    start = time.perf_counter()
    source = DivisionSource()
    divisions = [source.city_division(row) for row in source.province_cities(province)]
    summary = import_division(divisions=divisions)
    return time.perf_counter() - start, summary


def _round() -> tuple[float, float, ImportSummary, ImportSummary]:
    try:
        with transaction.atomic():
            first, created = _import("广东省")
            second, again = _import("广东省")
            raise _Rollback
    except _Rollback:
        pass
    return first, second, created, again


def main() -> int:
    if connection.vendor != "postgresql":
        print("error: the regions benchmark runs on PostgreSQL; set DATABASE_URL=postgres://…")
        return 2
    call_command("ensure_database")
    call_command("migrate", verbosity=0)
    if Region.objects.filter(code__startswith="44").exists():
        print("note: the database already holds Guangdong regions; the first import updates")
    results = [_round() for _ in range(ROUNDS)]
    _, _, created, again = results[-1]
    print(f"import_regions --province 广东省 on PostgreSQL, {ROUNDS} rounds (median)")
    print("| run | cities | counties | towns | villages | changes | seconds |")
    print("|---|---|---|---|---|---|---|")
    for label, summary, times in (
        ("first (empty tree)", created, [r[0] for r in results]),
        ("second (no change)", again, [r[1] for r in results]),
    ):
        levels = summary.levels
        counts = [
            levels[level].created + levels[level].updated + levels[level].unchanged
            for level in ("city", "county", "town", "village")
        ]
        print(
            f"| {label} | " + " | ".join(map(str, counts)) + f" | {summary.changed} | "
            f"{statistics.median(times):.1f} |"
        )
    worst = max(r[0] for r in results)
    print(f"target < {TARGET_SECONDS} s: {'met' if worst < TARGET_SECONDS else 'MISSED'}")
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
