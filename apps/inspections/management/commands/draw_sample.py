from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from apps.accounts.access import SYSTEM
from apps.inspections.models import Campaign
from apps.inspections.services import draw_sample
from apps.regions.resolver import RegionLookupError, RegionResolver


class Command(BaseCommand):
    help = "Draw and store a reproducible stratified sample; print one region per line."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--towns-per-county", type=int, required=True)
        parser.add_argument("--villages-per-town", type=int, required=True)
        parser.add_argument("--households-per-village", type=int, default=0)
        parser.add_argument("--seed", required=True)
        parser.add_argument("--force", action="append", default=[], help="region name (repeat)")
        parser.add_argument("--exclude", action="append", default=[], help="region name (repeat)")

    def handle(self, *args, **options):
        campaign = Campaign.objects.filter(slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"no campaign {options['campaign']!r}")
        resolver = RegionResolver()
        try:
            forced = [resolver.resolve(name) for name in options["force"]]
            excluded = [resolver.resolve(name) for name in options["exclude"]]
        except RegionLookupError as exc:
            raise CommandError(str(exc)) from exc
        sample = draw_sample(
            campaign=campaign,
            towns_per_county=options["towns_per_county"],
            villages_per_town=options["villages_per_town"],
            households_per_village=options["households_per_village"],
            seed=options["seed"],
            forced=forced,
            excluded=excluded,
            user=SYSTEM,
        )
        # Chinese level names whatever language an earlier caller left active.
        with translation.override("zh-hans"):
            self._print(sample)

    def _print(self, sample) -> None:
        rows = sample.regions.select_related("region", "region__county", "region__town")
        for row in rows:
            mark = "\t强制" if row.was_forced else ""
            self.stdout.write(
                f"{row.order}\t{row.region.get_level_display()}\t{row.region.full_name}{mark}"
            )
        households = sample.households.select_related(
            "household__village__county", "household__village__town"
        )
        for row in households:
            self.stdout.write(
                f"{row.order}\t户\t{row.household.number}\t{row.household.village.full_name}"
            )
        counts = {level: rows.filter(level=level).count() for level in ("town", "village")}
        self.stdout.write(
            f"sample {sample.pk}: {counts['town']} towns, "
            f"{counts['village']} villages, {households.count()} households (seed {sample.seed})"
        )
