"""Funds benchmark: a province (20 000 villages) with 1 000 000 expenditures on PostgreSQL.

    make bench-funds                    # or: .venv/bin/python -m benchmarks.funds
    .venv/bin/python -m benchmarks.funds --small    # 2 000 villages, 50 000 rows: a quick check

Builds once (in DATABASE_URL, default …/inspection_portal_bench) 10 cities ×
10 counties × 10 towns × 20 villages (names 资金N市…, apart from the other
benchmarks' regions), per village an allocation of 100万元 and a project, and
50 expenditures per village (1 000 000 rows), written with COPY
(apps.core.bulk.insert_rows); each allocation's spent sum set as the services
keep it. Then times, with the Django test client as the city office: the fund
usage page (every county), one county's drill-down (its towns), one town's
drill-down (projects and payments), the project ledger's first page, and the
expenditure import of a 50 000-row file (with its history rows) in rows/s.
The database is kept: a later run finds it and only times (an earlier run's
imported rows removed first). The table's header gives the load average.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import setup_django

setup_django(SECURE_SSL_REDIRECT="0")  # the test client speaks plain HTTP

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from apps.accounts.access import SYSTEM  # noqa: E402
from apps.accounts.models import User  # noqa: E402
from apps.accounts.roles import Role  # noqa: E402
from apps.core.bulk import allocate_ids, insert_rows  # noqa: E402
from apps.funds.importers import import_file  # noqa: E402
from apps.funds.importers.columns import EXPENDITURE_COLUMNS  # noqa: E402
from apps.funds.models import (  # noqa: E402
    Expenditure,
    FundAllocation,
    FundSource,
    Project,
    ProjectKind,
)
from apps.regions.models import Level, Region  # noqa: E402

SMALL = "--small" in sys.argv
CITIES = 1 if SMALL else 10
COUNTIES, TOWNS, VILLAGES = 10, 10, 20
PER_VILLAGE = 25 if SMALL else 50  # expenditures
IMPORT_ROWS = 10_000 if SMALL else 50_000
PREFIX = "资金S" if SMALL else "资金"
YEAR = 2020
RUNS = 15
TARGETS = {"usage": 0.200, "county": 0.200, "town": 0.200, "ledger": 0.150, "import": 10_000}


def _level(level: str, parents: list[Region], per_parent: int, suffix: str) -> list[Region]:
    rows = []
    for parent in parents:
        for i in range(per_parent):
            region = Region(name=f"{parent.name[-8:]}{i}{suffix}", level=level, parent=parent)
            region.city_id = parent.city_id
            region.county_id = parent.county_id if level != Level.COUNTY else None
            region.town_id = parent.pk if level == Level.VILLAGE else None
            region.is_poor_village = (i % 3 == 0) if level == Level.VILLAGE else None
            rows.append(region)
    created = Region.objects.bulk_create(rows, batch_size=5000)
    if level != Level.VILLAGE:
        Region.objects.filter(pk__in=[r.pk for r in created]).update(**{f"{level}_id": F("pk")})
        for region in created:
            setattr(region, f"{level}_id", region.pk)
    return created


@transaction.atomic
def build() -> None:
    cities = []
    for c in range(CITIES):
        city = Region(name=f"{PREFIX}{c}市", level=Level.CITY)
        city.save()
        Region.objects.filter(pk=city.pk).update(city_id=city.pk)
        city.city_id = city.pk
        cities.append(city)
    counties = _level(Level.COUNTY, cities, COUNTIES, "县")
    towns = _level(Level.TOWN, counties, TOWNS, "镇")
    villages = _level(Level.VILLAGE, towns, VILLAGES, "村")
    source = FundSource.objects.get_or_create(name="省")[0]
    kind = ProjectKind.objects.get_or_create(name="村级特色产业")[0]
    now = timezone.now()
    allocation_ids = allocate_ids(FundAllocation, len(villages))
    spent = Decimal("1.50") * PER_VILLAGE
    insert_rows(
        FundAllocation,
        ("id", "region_id", "year", "source_id", "document_number", "allocated_on",
         "amount_wan", "purpose", "spent_wan", "created_at", "updated_at", "version"),
        ((pk, v.pk, YEAR, source.pk, f"基准〔{YEAR}〕{pk}号", dt.date(YEAR, 3, 1),
          Decimal("100.00"), "产业扶贫", spent, now, now, 1)
         for pk, v in zip(allocation_ids, villages, strict=True)),
    )  # fmt: skip
    project_ids = allocate_ids(Project, len(villages))
    insert_rows(
        Project,
        ("id", "region_id", "kind_id", "name", "year", "special_funds_wan", "self_raised_wan",
         "other_wan", "households_benefiting", "people_benefiting", "stage", "approved_on",
         "tender_reference", "note", "created_at", "updated_at", "version"),
        ((pk, v.pk, kind.pk, f"{v.name}产业项目", YEAR, Decimal("80.00"), Decimal("20.00"),
          Decimal("0"), 30, 90, 1, dt.date(YEAR, 3, 15), "", "", now, now, 1)
         for pk, v in zip(project_ids, villages, strict=True)),
    )  # fmt: skip
    rows = (
        (allocation, project, dt.date(YEAR, 1 + n % 12, 1 + n % 28), Decimal("1.50"),
         "基准合作社", f"PZ{allocation}-{n}", now, now, 1)
        for allocation, project in zip(allocation_ids, project_ids, strict=True)
        for n in range(PER_VILLAGE)
    )  # fmt: skip
    insert_rows(
        Expenditure,
        ("allocation_id", "project_id", "paid_on", "amount_wan", "payee", "voucher_number",
         "created_at", "updated_at", "version"),
        rows,
    )  # fmt: skip


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def import_workbook(path: Path, county: Region) -> None:
    """IMPORT_ROWS payments from a county-level allocation, on its villages' projects."""
    projects = list(
        Project.objects.filter(region__county=county).values_list("name", flat=True)[:200]
    )
    headers = [c.header for c in EXPENDITURE_COLUMNS]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("资金支出")
    sheet.append(headers)
    run = int(time.time())
    for n in range(IMPORT_ROWS):
        row = {
            "县": county.name, "年度": YEAR, "资金来源": "省", "文号": f"基准导入〔{YEAR}〕1号",
            "项目名称": projects[n % len(projects)], "凭证号": f"IMP{run}-{n}",
            "支付日期": f"{YEAR}-06-{1 + n % 28:02d}", "金额（万元）": 0.01,
            "收款单位": "导入合作社",
        }  # fmt: skip
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)


def import_rate(county: Region) -> tuple[float, int]:
    FundAllocation.objects.get_or_create(
        region=county, year=YEAR, source=FundSource.objects.get(name="省"),
        document_number=f"基准导入〔{YEAR}〕1号",
        defaults={"allocated_on": dt.date(YEAR, 1, 1), "amount_wan": Decimal("999999999.00")},
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "支出.xlsx"
        import_workbook(path, county)
        start = time.perf_counter()
        result = import_file(kind="expenditures", path=path, actor=SYSTEM)
        seconds = time.perf_counter() - start
    return result.created / seconds, result.created


def _forget_imports() -> None:
    """Remove what the timed import wrote, so every run measures the same data."""
    from django.contrib.contenttypes.models import ContentType

    from apps.audit.models import Change
    from apps.funds.services import refresh_spent

    with transaction.atomic(), connection.cursor() as cursor:
        # Statistics from before the import think the history has no such
        # rows: the DELETE below then scanned the expenditures once per row.
        cursor.execute("ANALYZE audit_change, funds_expenditure")
        rows = Expenditure.objects.filter(voucher_number__startswith="IMP")
        allocations = set(rows.values_list("allocation_id", flat=True))
        # Raw deletes: QuerySet.delete() sends an audit signal per row (minutes
        # for 50 000 rows), and a 50 000-key IN list planned badly; a
        # benchmark's cleanup records no history.
        changes, expenditures = Change._meta.db_table, Expenditure._meta.db_table
        cursor.execute(
            f"DELETE FROM {changes} WHERE content_type_id = %s AND object_pk IN "
            f"(SELECT id::text FROM {expenditures} WHERE voucher_number LIKE 'IMP%%')",
            [ContentType.objects.get_for_model(Expenditure).pk],
        )
        rows._raw_delete(rows.db)
        refresh_spent(allocations)


def main() -> int:
    if connection.vendor != "postgresql":
        print("error: the funds benchmark runs on PostgreSQL; set DATABASE_URL=postgres://…")
        return 2
    call_command("ensure_database")
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(name=f"{PREFIX}0市").exists():
        start = time.perf_counter()
        build()
        print(f"built {CITIES * COUNTIES * TOWNS * VILLAGES} villages and "
              f"{CITIES * COUNTIES * TOWNS * VILLAGES * PER_VILLAGE} expenditures "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
    # What autovacuum does after a bulk load: statistics and the visibility
    # map (index-only scans of the expenditures).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE funds_expenditure")
        cursor.execute("ANALYZE")
    user, _ = User.objects.get_or_create(username="bench-city", defaults={"role": Role.CITY_OFFICE})
    client = Client()
    client.force_login(user)
    county = Region.objects.filter(level=Level.COUNTY, city__name=f"{PREFIX}0市").order_by("pk")[3]
    town = Region.objects.filter(level=Level.TOWN, county=county).order_by("pk")[2]
    years = {"from_year": YEAR, "to_year": YEAR}

    def get(url, params=None):
        def run():
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)

        return run

    _forget_imports()  # an earlier run's imported rows (the pages time the built data)
    results = [
        ("fund usage page (every county)", timed(get("/funds/usage/", years), RUNS), "usage"),
        ("county drill-down (its towns)",
         timed(get(f"/funds/usage/{county.pk}/", years), RUNS), "county"),
        ("town drill-down (projects, payments)",
         timed(get(f"/funds/usage/{town.pk}/", years), RUNS), "town"),
        ("project ledger, first page", timed(get("/funds/projects/"), RUNS), "ledger"),
    ]  # fmt: skip
    rate, rows = import_rate(county)
    _forget_imports()
    total = Expenditure.objects.count()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nfunds benchmark · PostgreSQL · {total} expenditures · "
          f"{Region.objects.filter(level=Level.VILLAGE).count()} villages · "
          f"load average {load} (1/5/15 min, {os.cpu_count()} cores)\n")  # fmt: skip
    print(f"{'measure':<40} {'result':>14} {'target':>14}  verdict")
    print("-" * 80)
    failed = False
    for name, seconds, key in results:
        ok = seconds < TARGETS[key]
        failed |= not ok
        target = f"< {TARGETS[key] * 1000:.0f} ms"
        print(f"{name:<40} {seconds * 1000:>11.0f} ms {target:>14}  {'ok' if ok else 'SLOW'}")
    ok = rate >= TARGETS["import"]
    failed |= not ok
    print(f"{f'expenditure import ({rows} rows, history)':<40} {rate:>9.0f} rows/s "
          f"{'≥ 10000 rows/s':>14}  {'ok' if ok else 'SLOW'}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
