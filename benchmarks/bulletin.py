"""Bulletin PDF benchmark: the demo bulletin and one with a 2 000-row annex.

    make bench-bulletin         # or: .venv/bin/python -m benchmarks.bulletin

Runs on the database DATABASE_URL names (default: PostgreSQL …/inspection_portal_bench).
Loads the demo if missing, builds (once) a campaign of 2 000 villages with a
published village ranking, and prints the median render time and PDF size.
Targets: demo under 3 s, 2 000-row annex under 30 s, each PDF under 3 MB.
"""

from __future__ import annotations

import sys

from benchmarks import setup_django

setup_django()

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.bulletins.models import Bulletin, BulletinAnnex  # noqa: E402
from apps.bulletins.rendering import render_document, render_pdf  # noqa: E402
from apps.inspections.services import create_campaign  # noqa: E402
from apps.regions.models import Level, Region  # noqa: E402
from apps.scorecards.models import Scorecard  # noqa: E402
from apps.scorecards.services import create_scheme, publish_ranking  # noqa: E402
from benchmarks.ranking import _bulk_level, timed  # noqa: E402

SLUG = "bench-bulletin"
COUNTIES, TOWNS, VILLAGES = 10, 10, 20  # 2 000 villages


@transaction.atomic
def build() -> Bulletin:
    city = Region.objects.create(name="基准通报市", level=Level.CITY)
    counties = _bulk_level(Level.COUNTY, [city], COUNTIES, "县")
    towns = _bulk_level(Level.TOWN, counties, TOWNS, "镇")
    villages = _bulk_level(Level.VILLAGE, towns, VILLAGES, "村")
    campaign = create_campaign(
        slug=SLUG,
        title="基准市2020年脱贫攻坚核查",
        kind="verification",
        year=2020,
        organiser="基准市扶贫开发领导小组",
        counties=counties,
    )
    scheme = create_scheme(
        campaign=campaign,
        level=Level.VILLAGE,
        title="基准市脱贫攻坚核查评价表（村级）",
        indicators=[("扶贫责任", Decimal(100))],
    )
    Scorecard.objects.bulk_create(
        [
            Scorecard(scheme=scheme, region=v, published_total=Decimal(70 + (n * 7) % 30))
            for n, v in enumerate(villages)
        ],
        batch_size=5000,
    )
    city_office = User.objects.filter(role="city_office").first()
    publish_ranking(user=city_office, scheme=scheme, published_on=datetime.date(2020, 11, 20))
    demo = Bulletin.objects.get(organ_abbreviation="湛扶组", year=2020, sequence=33)
    bulletin = Bulletin.objects.create(
        campaign=campaign,
        issuing_mark="基准市扶贫开发领导小组文件",
        organ_abbreviation="基扶组",
        year=2020,
        sequence=1,
        title="基准市2020年脱贫攻坚核查情况通报",
        recipients=demo.recipients,
        body=demo.body,
        signature="基准市扶贫开发领导小组",
        written_on=datetime.date(2020, 11, 20),
        printing_office="基准市农业农村局办公室",
        printed_on=datetime.date(2020, 11, 20),
        proofreader="校对员",
    )
    BulletinAnnex.objects.create(bulletin=bulletin, order=1, title=scheme.title, scheme=scheme)
    return bulletin


def main() -> int:
    call_command("ensure_database")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    bulletin = Bulletin.objects.filter(organ_abbreviation="基扶组").first() or build()
    demo = Bulletin.objects.get(organ_abbreviation="湛扶组", year=2020, sequence=33)
    rows = bulletin.annexes.get().scheme.rankings.filter(published_on__isnull=False).get().rows
    cases = [
        ("demo bulletin 湛扶组〔2020〕33号", demo, 5, 3.0),
        (f"bulletin with a {rows.count()}-row annex", bulletin, 3, 30.0),
    ]
    print(f"\nbulletin PDF benchmark · {connection.vendor}\n")
    header = f"{'document':<36} {'pages':>5} {'median':>9} {'target':>8} {'size':>9} {'target':>7}"
    print(f"{header}  verdict")
    print("-" * 88)
    failed = False
    for name, document, runs, target in cases:
        pages = len(render_document(document).pages)
        pdf = render_pdf(document)
        seconds, _ = timed(lambda d=document: render_pdf(d), runs)
        size_mb = len(pdf) / 1_000_000
        ok = seconds < target and size_mb < 3
        failed |= not ok
        print(
            f"{name:<36} {pages:>5} {seconds:>7.2f} s {'< ' + str(int(target)) + ' s':>8} "
            f"{size_mb:>6.2f} MB {'< 3 MB':>7}  {'ok' if ok else 'SLOW'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
