"""Household import benchmark: a city-sized national file (330 000 member rows).

    make bench-import        # or: .venv/bin/python -m benchmarks.household_import

Runs on PostgreSQL (DATABASE_URL, default …/inspection_portal_bench). Generates
the file once (var/bench/), then imports it in fresh processes so that each
peak RSS is the import's own: a first import with change history, the same
without history (to show what the audit costs), and a re-import of the same
file (nothing changes). Targets: ≥ 10 000 rows/s, peak RSS under 500 MB,
history no more than 2× slower, the red-light refresh adding ≤ 25 % (issue 19).

    .venv/bin/python -m benchmarks.household_import --province

imports the same file into the province's registry instead of an empty one:
the red-light benchmark's 480 000 households (``python -m benchmarks.redlights``
on the same DATABASE_URL builds them) stay, and only 湛江市's households are
removed before each import, so the refresh on commit runs against 1.6 M other
members and the maintained lights of the whole province (rebuilt once first).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import setup_django

setup_django()

import datetime as dt  # noqa: E402
import resource  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from apps.demo.zhanjiang import load_demo  # noqa: E402
from apps.regions.models import Level, Region  # noqa: E402

MEMBERS = int(os.environ.get("BENCH_MEMBERS", 330_000))
FILE = Path(__file__).resolve().parent.parent / "var" / "bench" / f"households-{MEMBERS}.xlsx"


def generate() -> float:
    from apps.demo.generator import city_sized, write_file

    villages = [
        (v.county.name, v.town.name, v.name)
        for v in Region.objects.filter(level=Level.VILLAGE, county__city__name="湛江市")
        .select_related("county", "town")
        .order_by("code", "pk")
    ]
    FILE.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    write_file(city_sized(villages, members=MEMBERS, as_of=dt.date(2020, 11, 20)), FILE)
    return time.perf_counter() - start


def clear_registry() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE households_member, households_household, households_assistingunit_villages,"
            " households_assistingunit CASCADE"
        )
        cursor.execute(
            "DELETE FROM audit_change WHERE content_type_id IN (SELECT id FROM django_content_type"
            " WHERE app_label = 'households')"
        )


PROVINCE_PREFIX = "RLB"  # benchmarks.redlights' households


def clear_city() -> None:
    """Remove 湛江市's households and everything that refers to them (the
    province's stay): rows of every table holding a foreign key to them, found
    in PostgreSQL's catalogue, deleted children first."""
    with connection.cursor() as cursor:
        # Children are deleted first, so the foreign-key triggers can be skipped:
        # they check each deleted household against unindexed referencing
        # columns (the lights' household), a scan per row.
        cursor.execute("SET session_replication_role = replica")
        _delete_cascade(
            cursor,
            "households_household",
            "village_id IN (SELECT id FROM regions_region WHERE city_id ="
            " (SELECT id FROM regions_region WHERE level = 'city' AND name = '湛江市'))",
        )
        cursor.execute(
            "DELETE FROM audit_change WHERE content_type_id IN (SELECT id FROM django_content_type"
            " WHERE app_label = 'households')"
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE households_household")
        cursor.execute("ANALYZE households_member")


def _delete_cascade(cursor, table: str, where: str) -> None:
    cursor.execute(
        "SELECT c.relname, a.attname, c.relname = %s FROM pg_constraint k"
        " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
        " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
        " WHERE k.contype = 'f' AND p.relname = %s",
        [table, table],
    )
    for child, column, is_self in cursor.fetchall():
        if is_self:
            continue
        _delete_cascade(cursor, child, f"{column} IN (SELECT id FROM {table} WHERE {where})")
    cursor.execute(f"DELETE FROM {table} WHERE {where}")


def run_once(mode: str) -> None:
    """In a child process: import the file and print seconds, counts and peak RSS."""
    from apps.accounts.access import SYSTEM
    from apps.households import imports
    from apps.households.imports import writer

    if mode == "no-history":
        writer.record_bulk = lambda model, changes: sum(1 for _ in changes)
    from apps.households.imports import check_file
    from apps.reports.redlights import maintain

    # The red lights are refreshed once the import commits (its households_changed):
    # timed here so that the table says what maintaining them adds to the import.
    lights = {"seconds": 0.0}
    refresh = maintain.refresh

    def timed_refresh(*args, **kwargs):
        began = time.perf_counter()
        try:
            return refresh(*args, **kwargs)
        finally:
            lights["seconds"] += time.perf_counter() - began

    maintain.refresh = timed_refresh

    start = time.perf_counter()
    parsed = check_file(FILE)
    checked = time.perf_counter()
    check_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = imports.write_parsed(parsed, actor=SYSTEM, progress=lambda done, total: None)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "check_seconds": checked - start,
                "check_mb": check_mb,
                "peak_mb": peak_mb,
                "lights_seconds": lights["seconds"],
                **counts,
            }
        )
    )


def child(mode: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.household_import", "--once", mode],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    if connection.vendor != "postgresql":
        print("error: the import benchmark runs on PostgreSQL; set DATABASE_URL=postgres://…")
        return 2
    call_command("ensure_database")
    call_command("migrate", verbosity=0)
    load_demo()
    if not FILE.exists():
        print(f"generating {FILE.name} ({MEMBERS} member rows) … {generate():.1f} s")
    size_mb = FILE.stat().st_size / 1e6
    results = []
    province = "--province" in sys.argv
    if province:
        from apps.households.models import Household
        from apps.reports.redlights import maintain

        others = Household.objects.filter(number__startswith=PROVINCE_PREFIX).count()
        if not others:
            print("error: --province needs the red-light benchmark's households in this database:"
                  " run python -m benchmarks.redlights (same DATABASE_URL) first")  # fmt: skip
            return 2
        clear_city()
        print(f"province: {others} other households; lights rebuilt in", end=" ", flush=True)
        began = time.perf_counter()
        maintain.rebuild()
        print(f"{time.perf_counter() - began:.0f} s")
    clear = clear_city if province else clear_registry
    clear()
    results.append(("first import, no history", child("no-history")))
    clear()
    results.append(("first import, with history", child("history")))
    results.append(("re-import, nothing changed", child("history")))
    where = "the province's registry" if province else "a registry holding only the file"
    print(f"\nfile: {FILE.name}, {size_mb:.1f} MB, {MEMBERS} member rows, PostgreSQL, into {where}")
    print(
        f"{'run':<28} {'seconds':>8} {'check s':>8} {'write s':>8} {'rows/s':>8}"
        f" {'lights s':>8} {'share':>6} {'RSS after check':>16} {'peak RSS MB':>12}"
    )
    for label, r in results:
        lights = r["lights_seconds"]
        before = r["seconds"] - lights  # the import without its red-light refresh
        print(
            f"{label:<28} {r['seconds']:>8.1f} {r['check_seconds']:>8.1f}"
            f" {r['seconds'] - r['check_seconds']:>8.1f} {r['rows'] / r['seconds']:>8.0f}"
            f" {lights:>8.1f} {lights / before:>6.0%}"
            f" {r['check_mb']:>16.0f} {r['peak_mb']:>12.0f}"
        )
    ratio = results[1][1]["seconds"] / results[0][1]["seconds"]
    print(f"history costs ×{ratio:.2f} (target ≤ 2); targets: ≥ 10 000 rows/s, < 500 MB")
    print(
        "lights s: the red-light refresh on commit, included in seconds; share: what it adds"
        " to the rest of the import (target ≤ 25 %)"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--once":
        run_once(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
