"""Load test: 50 logged-in users against gunicorn + PostgreSQL on loopback, driven by wrk.

    make bench-load          # or: .venv/bin/python -m benchmarks.load [--users 50] [--duration 60]

1. Production settings (DEBUG=0, WhiteNoise's manifest storage; no TLS on
   loopback), database ``inspection_portal_load`` (DATABASE_URL overrides):
   migrate, the demo data, collectstatic, and users load01…load50 — leadership,
   city office and county staff of each county in turn.
2. gunicorn (gunicorn.conf.py) on 127.0.0.1:8077 (BENCH_BIND overrides).
3. Every user logs in through the login page (CSRF token and password) for a
   session cookie, and loads the dashboard once.
4. wrk, one thread and connection per user, for DURATION seconds over the
   dashboard, the ranked tables and the finding lists: first with 1–5 s think
   time per user (realistic), then without pauses (saturation). Users arrive
   60 ms apart rather than all in the same millisecond.
5. Prints a table (and writes it to benchmarks/out/load.md): requests, req/s,
   p50/p95/p99/max latency, errors (socket errors plus any response but 200).

Needs wrk (``apt-get install wrk``). Target: zero errors, p95 under 300 ms with
think time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
LUA = ROOT / "benchmarks" / "load.lua"

from benchmarks import setup_django  # noqa: E402
from benchmarks.server import start_gunicorn  # noqa: E402

# Plain HTTP on loopback, as `make serve`: no HTTPS redirect, no Secure cookies, no HSTS.
setup_django(
    database_url="postgres://postgres@127.0.0.1:5432/inspection_portal_load",
    SECURE_SSL_REDIRECT="0",
    SESSION_COOKIE_SECURE="0",
    CSRF_COOKIE_SECURE="0",
    SECURE_HSTS_SECONDS="0",
    CONN_MAX_AGE="60",
)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.accounts.roles import Role  # noqa: E402
from apps.accounts.services import create_user  # noqa: E402
from apps.regions.models import Level, Region  # noqa: E402

SLUG = "zhanjiang-2020"
RAMP_MS = 60  # users arrive one after another over the first 3 s (see load.lua)
PASSWORD = "load-test-pass-2020"
# (path, weight): what people open most — the dashboard, ranked tables, finding lists.
PAGES = [
    ("/", 6),
    (f"/scorecards/{SLUG}/county/", 2),
    (f"/scorecards/{SLUG}/town/", 2),
    (f"/scorecards/{SLUG}/village/", 2),
    (f"/scorecards/{SLUG}/village/?page=2", 1),
    (f"/scorecards/{SLUG}/village/?sort=-total", 1),
    (f"/scorecards/{SLUG}/village/?rating=%E4%B8%80%E8%88%AC", 1),
    ("/inspections/findings/", 4),
    ("/inspections/findings/?status=open", 1),
    ("/inspections/findings/?overdue=true", 1),
]


@dataclass(frozen=True)
class Run:
    name: str
    think_min_ms: int
    think_max_ms: int


def prepare_database(users: int) -> list[str]:
    call_command("ensure_database")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return ensure_users(users)


def ensure_users(count: int) -> list[str]:
    """load01…: leadership, city office, then county staff of each county in turn."""
    counties = list(Region.objects.filter(level=Level.COUNTY).order_by("code", "name"))
    names = []
    for n in range(1, count + 1):
        username = f"load{n:02d}"
        names.append(username)
        if User.objects.filter(username=username).exists():
            continue
        kind = n % 3
        role = {0: Role.LEADERSHIP, 1: Role.CITY_OFFICE}.get(kind, Role.COUNTY_STAFF)
        regions = [counties[n % len(counties)]] if role == Role.COUNTY_STAFF else []
        create_user(username=username, role=role, password=PASSWORD, regions=regions)
    return names


def log_in(base: str, username: str) -> str:
    """The Cookie header of a session opened through the login page."""
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/"}
    landing = opener.open(Request(f"{base}/login/", data=urlencode(form).encode()), timeout=30)
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies or landing.status != 200 or landing.url != f"{base}/":
        sys.exit(f"{username} could not log in")
    return f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"


def run_wrk(base: str, users: int, duration: int, run: Run) -> dict:
    cookies, paths = OUT / "cookies.txt", OUT / "paths.txt"
    command = ["wrk", f"-t{users}", f"-c{users}", f"-d{duration}s", "--timeout", "10s"]
    command += ["--latency", "-s", str(LUA), base, "--", str(cookies)]
    command += [str(run.think_min_ms), str(run.think_max_ms), str(paths), str(RAMP_MS)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    (OUT / f"wrk-{run.name.split()[0]}.txt").write_text(output)
    result = json.loads(re.search(r"^RESULT (.*)$", output, re.M).group(1))
    result["run"] = run.name
    return result


def table(results: list[dict], users: int) -> str:
    header = "| run | users | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        errors = sum(r[k] for k in ("connect", "read", "write", "timeout")) + r["not_200"]
        rate = r["requests"] / (r["duration_us"] / 1e6)
        ms = {k: r[f"{k}_us"] / 1000 for k in ("p50", "p95", "p99", "max")}
        lines.append(
            f"| {r['run']} | {users} | {r['requests']} | {rate:.1f} | {ms['p50']:.0f} | "
            f"{ms['p95']:.0f} | {ms['p99']:.0f} | {ms['max']:.0f} | {errors} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--no-saturation", action="store_true", help="only the think-time run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    bind = os.environ.get("BENCH_BIND", "127.0.0.1:8077")
    base = f"http://{bind}"
    names = prepare_database(args.users)
    server = start_gunicorn(bind)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:  # below the login-throttle limit
            cookies = list(pool.map(lambda name: log_in(base, name), names))
        (OUT / "cookies.txt").write_text("\n".join(cookies) + "\n")
        (OUT / "paths.txt").write_text("".join(f"{p}\n" * w for p, w in PAGES))
        runs = [Run("think time 1–5 s", 1000, 5000)]
        if not args.no_saturation:
            runs.append(Run("saturation (no pause)", 0, 0))
        results = [run_wrk(base, args.users, args.duration, run) for run in runs]
    finally:
        server.terminate()
        server.wait(timeout=60)
    workers = os.environ.get("WEB_CONCURRENCY", 2 * os.cpu_count() + 1)
    threads = os.environ.get("GUNICORN_THREADS", 4)
    report = (
        f"{table(results, args.users)}\n\n{args.duration} s per run; gunicorn {workers} workers "
        f"× {threads} threads; {os.cpu_count()} CPUs shared by wrk, gunicorn and PostgreSQL; "
        f"database {settings.DATABASES['default']['NAME']}."
    )
    (OUT / "load.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
