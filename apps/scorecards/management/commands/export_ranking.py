from django.core.management.base import BaseCommand, CommandError

from apps.accounts.access import SYSTEM
from apps.core.excel import workbook_bytes
from apps.scorecards.exports import ranking_workbook
from apps.scorecards.models import ScoringScheme
from apps.scorecards.selectors import ranking_rows, shown_ranking


class Command(BaseCommand):
    help = "Write a ranked table (the published one, else the draft) as an .xlsx like the annex."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="campaign slug")
        parser.add_argument("--level", required=True, choices=["county", "town", "village"])
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--draft", action="store_true", help="export the current draft")

    def handle(self, *args, campaign, level, output, draft, **options):
        scheme = ScoringScheme.objects.filter(campaign__slug=campaign, level=level).first()
        if scheme is None:
            raise CommandError(f"campaign {campaign!r} has no {level} scheme")
        ranking = shown_ranking(scheme, draft=draft)
        if ranking is None:
            raise CommandError(f"{scheme.title} has no ranking yet")
        rows = ranking_rows(ranking, user=SYSTEM)  # the command line sees the whole city
        with open(output, "wb") as handle:
            handle.write(workbook_bytes(ranking_workbook(scheme, rows)))
        self.stdout.write(f"{output}: {scheme.title}, {rows.count()} rows")
