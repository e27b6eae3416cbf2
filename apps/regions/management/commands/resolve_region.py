from django.core.management.base import BaseCommand, CommandError

from apps.regions.resolver import RegionLookupError, RegionResolver


class Command(BaseCommand):
    help = "Resolve region names as people write them (e.g. 吴川市兰石镇名利村)."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+")
        parser.add_argument("--level", choices=["city", "county", "town", "village"])

    def handle(self, *args, names, level=None, **options):
        resolver = RegionResolver()
        failed = False
        for name in names:
            try:
                region = resolver.resolve(name, level=level)
            except RegionLookupError as exc:
                self.stderr.write(f"{name}: {exc}")
                failed = True
                continue
            code = region.code or "-"
            self.stdout.write(f"{name}\t{region.full_name}\t{region.get_level_display()}\t{code}")
        if failed:
            raise CommandError("some names did not resolve")
