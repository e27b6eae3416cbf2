"""Hostile-workbook benchmark: every file of the test corpus imported in its own process.

    make bench-hostile       # or: .venv/bin/python -m benchmarks.hostile_import

Builds the corpus of ``tests/helpers/hostile.py`` (broken and malicious
workbooks, zip bombs included) in a temporary folder, then runs
``import_households`` on each file in a fresh process (PostgreSQL, DATABASE_URL,
default …/inspection_portal_bench) and prints its message, peak RSS and seconds.
Target: peak RSS under 500 MB and seconds, not minutes, for every file.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from apps.demo.zhanjiang import load_demo  # noqa: E402
from tests.helpers.hostile import CASES  # noqa: E402


def run_once(path: Path) -> None:
    """In a child process: import one file, print its message, seconds and peak RSS."""
    from apps.accounts.access import SYSTEM
    from apps.households.imports import ImportRejected, import_households

    start = time.perf_counter()
    try:
        counts = import_households(path=path, user=SYSTEM)
        message = f"已导入{counts['rows']}行；" + "；".join(counts["notices"])
    except ImportRejected as rejected:
        message = str(rejected.problems[0]) + (
            f" (+{len(rejected.problems) - 1})" if len(rejected.problems) > 1 else ""
        )
    seconds = time.perf_counter() - start
    print(json.dumps({"message": message, "seconds": seconds, "peak_mb": _peak_rss_mb()}))


def _peak_rss_mb() -> float:
    """This process's high-water resident set. Not ru_maxrss: on Linux that keeps
    the high-water mark of the forked parent from before exec (the corpus builder)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: Path, settings: dict) -> dict:
    environment = {**os.environ, **{name: str(value) for name, value in settings.items()}}
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.hostile_import", "--once", str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    if connection.vendor != "postgresql":
        print("error: the benchmark runs on PostgreSQL; set DATABASE_URL=postgres://…")
        return 2
    call_command("ensure_database")
    call_command("migrate", verbosity=0)
    load_demo()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            path = case.build(Path(folder) / f"{case.name}.xlsx")
            result = child(path, case.settings)
            rows.append((case.name, path.stat().st_size / 1024, result))
    print("| file | KB | message | peak RSS MB | seconds |\n|---|---:|---|---:|---:|")
    for name, size_kb, r in rows:
        measured = f"{r['peak_mb']:.0f} | {r['seconds']:.2f}"
        print(f"| {name} | {size_kb:.0f} | {r['message']} | {measured} |")
    print(
        f"largest peak RSS {max(r['peak_mb'] for *_, r in rows):.0f} MB, "
        f"longest {max(r['seconds'] for *_, r in rows):.2f} s (target: under 500 MB)"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--once":
        run_once(Path(sys.argv[2]))
        sys.exit(0)
    sys.exit(main())
