from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from apps.inspections.models import Finding
from apps.inspections.selectors import rectification_tally
from apps.regions.models import Level
from apps.regions.resolver import RegionLookupError, RegionResolver


class Command(BaseCommand):
    help = "Print the rectification tally by source: found, closed, in progress, rate."

    def add_arguments(self, parser):
        parser.add_argument("--county", help="county name (default: all counties)")
        parser.add_argument("--campaign", help="campaign slug (default: all campaigns)")

    def handle(self, *args, county=None, campaign=None, **options):
        findings = Finding.objects.all()
        title = "全部地区"
        if county:
            try:
                region = RegionResolver().resolve(county, level=Level.COUNTY)
            except RegionLookupError as exc:
                raise CommandError(str(exc)) from exc
            findings = findings.filter(region__county=region)
            title = region.name
        if campaign:
            findings = findings.filter(campaign__slug=campaign)
        with translation.override("zh-hans"):
            per_source, total = rectification_tally(findings)
            self.stdout.write(f"{title} 整改情况")
            self.stdout.write("来源\t发现问题\t已销号\t整改中\t整改率")
            for row in per_source:
                self.stdout.write(self._line(str(row["label"]), row))
            self.stdout.write(self._line("合计", total))

    @staticmethod
    def _line(label: str, row: dict) -> str:
        rate = f"{row['rate']:.2f}%" if row["rate"] is not None else "—"
        return f"{label}\t{row['found']}\t{row['closed']}\t{row['open']}\t{rate}"
