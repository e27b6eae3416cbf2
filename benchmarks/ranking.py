"""Ranked-table benchmark: a province-sized campaign (20 000 villages) on PostgreSQL.

    make bench-ranking          # or: .venv/bin/python -m benchmarks.ranking

Builds (once) 10 cities × 10 counties × 10 towns × 20 villages, a village
scheme with six indicator scores per village (120 000 scores), computes the
ranking, and prints the median time of the village ranked page (first page,
filtered by one county, sorted by score) and of its full .xlsx export.
Targets: page under 150 ms, export under 10 s.
"""

from __future__ import annotations

import statistics
import sys
import time

from benchmarks import setup_django

setup_django(SECURE_SSL_REDIRECT="0")  # the test client speaks plain HTTP

from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.accounts.roles import Role  # noqa: E402
from apps.inspections.services import create_campaign  # noqa: E402
from apps.regions.models import Level, Region  # noqa: E402
from apps.scorecards.models import Score, Scorecard  # noqa: E402
from apps.scorecards.services import create_scheme, refresh_draft_ranking  # noqa: E402

SLUG = "bench-province"
CITIES, COUNTIES, TOWNS, VILLAGES = 10, 10, 10, 20
INDICATORS = [
    ("扶贫责任", Decimal(20)),
    ("政策落实", Decimal(20)),
    ("工作落实", Decimal(20)),
    ("资金资产管理", Decimal(15)),
    ("工作衔接", Decimal(10)),
    ("成效真实性", Decimal(15)),
]


def _bulk_level(level: str, parents: list[Region], per_parent: int, suffix: str) -> list[Region]:
    rows = []
    for parent in parents:
        for i in range(per_parent):
            region = Region(name=f"{parent.name[-6:]}{i}{suffix}", level=level, parent=parent)
            region.city_id = parent.city_id if level != Level.CITY else None
            region.county_id = parent.county_id if level in (Level.TOWN, Level.VILLAGE) else None
            region.town_id = parent.pk if level == Level.VILLAGE else None
            if level == Level.VILLAGE:
                region.is_poor_village = i % 3 == 0
            rows.append(region)
    created = Region.objects.bulk_create(rows, batch_size=5000)
    if level in (Level.COUNTY, Level.TOWN):
        # A region's own ancestor key is itself (only known after insert).
        Region.objects.filter(pk__in=[r.pk for r in created]).update(**{f"{level}_id": models_pk()})
        for region in created:
            setattr(region, f"{level}_id", region.pk)
    return created


def models_pk():
    from django.db.models import F

    return F("pk")


@transaction.atomic
def build() -> None:
    cities = []
    for c in range(CITIES):
        city = Region(name=f"基准{c}市", level=Level.CITY)
        city.save()
        cities.append(city)
    counties = _bulk_level(Level.COUNTY, cities, COUNTIES, "县")
    towns = _bulk_level(Level.TOWN, counties, TOWNS, "镇")
    villages = _bulk_level(Level.VILLAGE, towns, VILLAGES, "村")
    campaign = create_campaign(
        slug=SLUG, title="省级基准核查", kind="assessment", year=2020, counties=counties
    )
    scheme = create_scheme(
        campaign=campaign, level=Level.VILLAGE, title="基准评价表（村级）", indicators=INDICATORS
    )
    cards = Scorecard.objects.bulk_create(
        [Scorecard(scheme=scheme, region=v) for v in villages], batch_size=5000
    )
    indicators = list(scheme.indicators.all())
    scores = [
        Score(
            scorecard=card,
            indicator=indicator,
            points=indicator.max_points - Decimal((n * 7 + k * 3) % 9) / 2,
        )
        for n, card in enumerate(cards)
        for k, indicator in enumerate(indicators)
    ]
    Score.objects.bulk_create(scores, batch_size=10000)


def timed(fn, runs: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def main() -> int:
    if connection.vendor != "postgresql":
        print("error: the ranking benchmark runs on PostgreSQL; set DATABASE_URL=postgres://…")
        return 2
    call_command("ensure_database")
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(name="基准0市").exists():
        start = time.perf_counter()
        build()
        print(
            f"built {CITIES * COUNTIES * TOWNS * VILLAGES} villages in "
            f"{time.perf_counter() - start:.1f} s"
        )
    from apps.scorecards.models import ScoringScheme

    scheme = ScoringScheme.objects.get(campaign__slug=SLUG, level=Level.VILLAGE)
    refresh, _ = timed(lambda: refresh_draft_ranking(scheme=scheme), 3)
    rows = scheme.rankings.get(published_on__isnull=True).rows.count()
    connection.cursor().execute("ANALYZE")

    user, _ = User.objects.get_or_create(username="bench-city", defaults={"role": Role.CITY_OFFICE})
    client = Client()
    client.force_login(user)
    url = f"/scorecards/{SLUG}/village/"
    county = Region.objects.filter(level=Level.COUNTY).order_by("pk")[37]

    def get(params):
        def run():
            response = client.get(url, params)
            assert response.status_code == 200, response.status_code
            return response

        return run

    results = [
        ("ranking refresh (INSERT…SELECT)", refresh, None),
        ("village page: first page", timed(get({}), 21)[0], 0.150),
        ("village page: one county", timed(get({"county": county.pk}), 21)[0], 0.150),
        ("village page: sorted by score", timed(get({"sort": "-total"}), 21)[0], 0.150),
        ("village .xlsx export (all rows)", timed(get({"export": "xlsx"}), 3)[0], 10.0),
    ]
    print(f"\nranked-table benchmark · PostgreSQL · {rows} ranked villages\n")
    print(f"{'measure':<36} {'median':>10} {'target':>10}  verdict")
    print("-" * 68)
    failed = False
    for name, seconds, target in results:
        verdict = "" if target is None else ("ok" if seconds < target else "SLOW")
        failed |= verdict == "SLOW"
        shown_target = "" if target is None else f"< {target * 1000:.0f} ms"
        print(f"{name:<36} {seconds * 1000:>7.0f} ms {shown_target:>10}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
