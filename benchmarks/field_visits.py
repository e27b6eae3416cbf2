"""Field-visit sync benchmark (issue 24): 580 household visits with photos, sent
one at a time through the phone's sync API to gunicorn over loopback, on PostgreSQL.

    make bench-visits        # or: .venv/bin/python -m benchmarks.field_visits [--visits 580]

1. Production settings (DEBUG=0; plain HTTP on loopback), DATABASE_URL default
   …/inspection_portal_bench, MEDIA_ROOT a temporary folder (removed at the end).
   Built once: a region subtree of its own (入户基准市 → 入户基准县 → 29 towns × 2
   villages, apart from the other benchmarks' regions), 10 registered households
   per village (head and a school-age daughter), a campaign whose one team
   (member ``bench_inspector``) covers the county, and a draw of 29 towns × 2
   villages × 10 households = 580, as seed 000's campaign visited. Visits of an
   earlier run are deleted first.
2. gunicorn (gunicorn.conf.py) on 127.0.0.1:8078 (BENCH_BIND overrides).
3. The inspector logs in through the login page, downloads the team's households
   (the API the phone calls), then POSTs one visit per household as the phone
   does: multipart, its own idempotency UUID, every answer, and the form's two
   photos (住房 and 饮水), each a 300 KB JPEG. Then 20 visits are sent again
   under their keys: each must answer 200 and store nothing.
4. Prints a table (and writes it to benchmarks/out/field_visits.md): visits,
   total time, visits/s, photo MB sent, p50/p95 per visit, the server's peak RSS
   (VmHWM in /proc of the busiest process and summed over master and workers),
   and the rows found afterwards.

Target: 580 visits in under 60 s, every one 201, resends 200, no row twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import io
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
MEDIA = Path(tempfile.mkdtemp(prefix="bench-visits-media-"))
os.environ.setdefault("MEDIA_ROOT", str(MEDIA))

from benchmarks import setup_django  # noqa: E402
from benchmarks.server import start_gunicorn  # noqa: E402

setup_django(
    SECURE_SSL_REDIRECT="0",
    SESSION_COOKIE_SECURE="0",
    CSRF_COOKIE_SECURE="0",
    SECURE_HSTS_SECONDS="0",
    CONN_MAX_AGE="60",
)

from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from PIL import Image  # noqa: E402

from apps.accounts.access import SYSTEM  # noqa: E402
from apps.accounts.models import User  # noqa: E402
from apps.accounts.roles import Role  # noqa: E402
from apps.accounts.services import create_user  # noqa: E402
from apps.demo.generator import make_id_number  # noqa: E402
from apps.households.models import ExitStatus, Household, Member, Sex  # noqa: E402
from apps.inspections.models import Campaign, CampaignKind, Visit, VisitPhoto  # noqa: E402
from apps.inspections.services import create_campaign, create_team, draw_sample  # noqa: E402
from apps.regions.models import Level, Region  # noqa: E402
from apps.regions.services import import_region_tree  # noqa: E402

SLUG = "field-bench-2020"
USERNAME, PASSWORD = "bench_inspector", "bench-visits-pass-2020"
TOWNS, VILLAGES, PER_VILLAGE = 29, 2, 10
PHOTO_BYTES = 300 * 1024
RESENDS = 20
TARGET_SECONDS = 60


@transaction.atomic
def build() -> Campaign:
    """The regions, households, inspector, campaign and its draw (once)."""
    existing = Campaign.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    import_region_tree(
        tree={
            "name": "入户基准市",
            "counties": [
                {
                    "name": "入户基准县",
                    "towns": [
                        {
                            "name": f"基准{t}镇",
                            "villages": [{"name": f"基准{t}镇{v}村"} for v in (1, 2)],
                        }
                        for t in range(1, TOWNS + 1)
                    ],
                }
            ],
        }
    )
    county = Region.objects.get(level=Level.COUNTY, name="入户基准县", parent__name="入户基准市")
    villages = Region.objects.filter(level=Level.VILLAGE, county=county).order_by("pk")
    households = Household.objects.bulk_create(
        Household(
            number=f"RH{n:08d}",
            village=village,
            per_capita_income=Decimal("9000.00") + n,
            housing_safe=True,
            water_safe=True,
            exit_status=ExitStatus.EXITED,
            exit_year=2019,
        )
        for n, village in enumerate((v for v in villages for _ in range(PER_VILLAGE)), start=1)
    )
    members = []
    for n, household in enumerate(households):
        head_born = dt.date(1970, 1, 1) + dt.timedelta(days=n)
        girl_born = dt.date(2008, 1, 1) + dt.timedelta(days=n)
        members.append(
            Member(
                household=household,
                name=f"基准户主{n}",
                relationship="户主",
                sex=Sex.MALE,
                birth_date=head_born,
                id_number=make_id_number("440899", head_born, 1),
            )
        )
        members.append(
            Member(
                household=household,
                name=f"基准之女{n}",
                relationship="之女",
                sex=Sex.FEMALE,
                birth_date=girl_born,
                id_number=make_id_number("440899", girl_born, 2),
            )
        )
    Member.objects.bulk_create(members)
    user = User.objects.filter(username=USERNAME).first() or create_user(
        username=USERNAME, role=Role.INSPECTOR, password=PASSWORD, display_name="基准核查员"
    )
    campaign = create_campaign(
        slug=SLUG,
        title="入户核查同步基准",
        kind=CampaignKind.VERIFICATION,
        year=2020,
        counties=[county],
        start_date=dt.date(2020, 11, 1),
        end_date=dt.date(2020, 11, 30),
    )
    create_team(campaign=campaign, name="基准核查组", members=[user], regions=[county])
    draw_sample(
        campaign=campaign,
        user=SYSTEM,
        towns_per_county=TOWNS,
        villages_per_town=VILLAGES,
        households_per_village=PER_VILLAGE,
        seed="bench",
    )
    return campaign


def jpeg(size: int) -> bytes:
    """A noise JPEG of about ``size`` bytes (noise does not compress: a photo's worth)."""
    rng = random.Random(24)
    side = 200
    while True:
        image = Image.frombytes("RGB", (side, side * 3 // 4), rng.randbytes(side * side * 9 // 4))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        if buffer.tell() >= size:
            return buffer.getvalue()
        side += 20


def peak_rss_kb(pid: int) -> tuple[int, int]:
    """(largest VmHWM of one process, VmHWM summed) over ``pid`` and its children."""
    peaks = []
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        peaks.append(int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)))
        pending += [int(child) for child in children]
    return max(peaks), sum(peaks)


class Phone:
    """One keep-alive connection with the inspector's session, as the phone's fetch."""

    def __init__(self, bind: str) -> None:
        host, port = bind.rsplit(":", 1)
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _sep, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), data

    def log_in(self) -> None:
        _status, _location, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"username": USERNAME, "password": PASSWORD, "next": "/field/"}
        form["csrfmiddlewaretoken"] = token.decode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, location, _body = self.request("POST", "/login/", urlencode(form).encode(), headers)
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"{USERNAME} could not log in (HTTP {status}, {location})")

    def post_visit(self, household: dict, key: str, photo: bytes) -> tuple[int, bytes]:
        boundary = uuid.uuid4().hex
        parts = []
        fields = {
            "key": key,
            "visited_at": "2020-11-10T10:00:00+08:00",
            "answers": json.dumps(answers(household), ensure_ascii=False),
            "propose": "[]",
        }
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + value.encode()
                + b"\r\n"
            )
        for question in ("housing_photo", "water_photo"):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="photo:{question}"; '
                f'filename="{question}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
                + photo
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.cookies["csrftoken"],
        }
        url = f"/field/{SLUG}/api/households/{household['id']}/"
        status, _location, data = self.request("POST", url, body, headers)
        return status, data


def answers(household: dict) -> dict:
    """What the phone sends for a household where every guarantee is met."""
    members = household["members"]
    result = {
        "family_present": True,
        "food_clothing": True,
        "education": {str(m["id"]): True for m in members if m["school_age"]},
        "medical": {str(m["id"]): True for m in members},
        "housing": True,
        "water": True,
        "income": household["per_capita_income"] or "8000",
        "satisfaction": "满意",
        "remarks": "基准走访",
    }
    if not result["education"]:
        del result["education"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visits", type=int, default=TOWNS * VILLAGES * PER_VILLAGE)
    args = parser.parse_args()
    bind = os.environ.get("BENCH_BIND", "127.0.0.1:8078")
    call_command("ensure_database")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    campaign = build()
    VisitPhoto.objects.filter(visit__campaign=campaign).delete()
    Visit.objects.filter(campaign=campaign).delete()
    photo = jpeg(PHOTO_BYTES)
    server = start_gunicorn(bind, log_name="gunicorn-visits.log")
    try:
        phone = Phone(bind)
        phone.log_in()
        status, _location, data = phone.request("GET", f"/field/{SLUG}/api/households/")
        households = json.loads(data)["households"][: args.visits]
        if status != 200 or len(households) < args.visits:
            sys.exit(f"the team's households: HTTP {status}, {len(households)} households")
        keys = [str(uuid.uuid4()) for _ in households]
        seconds, statuses = [], []
        started = time.perf_counter()
        for household, key in zip(households, keys, strict=True):
            sent = time.perf_counter()
            status, body = phone.post_visit(household, key, photo)
            seconds.append(time.perf_counter() - sent)
            statuses.append(status)
            if status not in (200, 201):
                sys.exit(f"visit for household {household['id']}: HTTP {status} {body[:300]!r}")
        total = time.perf_counter() - started
        resent = [
            phone.post_visit(h, k, photo)[0]
            for h, k in zip(households[:RESENDS], keys[:RESENDS], strict=True)
        ]
        peak, summed = peak_rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(MEDIA, ignore_errors=True)
    stored = Visit.objects.filter(campaign=campaign).count()
    photos = VisitPhoto.objects.filter(visit__campaign=campaign).count()
    ordered = sorted(seconds)
    rows = [
        ("visits sent (201)", f"{statuses.count(201)} of {len(households)}"),
        ("total time", f"{total:.1f} s (target < {TARGET_SECONDS} s)"),
        ("visits/s", f"{len(households) / total:.1f}"),
        ("photos sent", f"{2 * len(households)} × {len(photo) // 1024} KB = "
                        f"{2 * len(households) * len(photo) / 1024 / 1024:.0f} MB"),
        ("per visit p50 / p95", f"{statistics.median(ordered) * 1000:.0f} / "
                                f"{ordered[int(len(ordered) * 0.95) - 1] * 1000:.0f} ms"),
        ("server peak RSS (one process)", f"{peak / 1024:.0f} MB"),
        ("server peak RSS (master + workers)", f"{summed / 1024:.0f} MB"),
        (f"resent under their keys ({RESENDS})", f"{resent.count(200)} × 200"),
        ("stored afterwards", f"{stored} visits, {photos} photos"),
    ]  # fmt: skip
    lines = ["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    table = "\n".join(lines)
    OUT.mkdir(exist_ok=True)
    (OUT / "field_visits.md").write_text(table + "\n")
    print(table)
    ok = (
        total < TARGET_SECONDS
        and statuses.count(201) == len(households)
        and resent.count(200) == RESENDS
        and stored == len(households)
        and photos == 2 * len(households)
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
