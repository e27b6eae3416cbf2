"""Seed 004's timetable: Sanshui district's four phases for the village teams
it sends to Suixi county, preparing the 2018 assessment (迎考); the data is
``fixtures/zhanjiang_2020/timetable_sanshui.json``.

The phases, deadlines and issuer are the seed's; the organ abbreviation 三扶办
is the demo's own (seed 004 is a 简报 numbered 〔2018〕第20期). The seed names 26
assisted poor villages but not which unit helps which; the demo region tree
holds four poor villages of 遂溪县, so the demo pairs one Sanshui unit with each
(the units are among those the seed names; the pairing is the demo's own), and
its ticks are chosen so that on ``REFERENCE_DATE`` phase 1 is completed, phase 2
overdue (two villages not done), phase 3 partly done and phase 4 not started.
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
from apps.audit.context import acting_as
from apps.households.models import AssistingUnit
from apps.regions.models import Level
from apps.regions.resolver import RegionResolver
from apps.timetables.models import Deliverable, Timetable
from apps.timetables.services import (
    PhaseSpec,
    create_timetable,
    generate_checklist,
    tick_deliverable,
)

TIMETABLE_FILE = settings.BASE_DIR / "fixtures" / "zhanjiang_2020" / "timetable_sanshui.json"
TIMETABLE = json.loads(TIMETABLE_FILE.read_text(encoding="utf-8"))
TITLE: str = TIMETABLE["title"]
ISSUER: str = TIMETABLE["issuer"]
REFERENCE_DATE = dt.date.fromisoformat(TIMETABLE["reference_date"])


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _phases() -> list[PhaseSpec]:
    return [
        PhaseSpec(p["task"], _date(p["deadline"]), _date(p["starts_on"]))
        for p in TIMETABLE["phases"]
    ]


def _assisting_units(resolver: RegionResolver) -> list[AssistingUnit]:
    units = []
    for pair in TIMETABLE["pairs"]:
        unit, _created = AssistingUnit.objects.get_or_create(name=pair["unit"])
        unit.villages.add(resolver.resolve(pair["village"], level=Level.VILLAGE))
        units.append(unit)
    return units


def _paired_village(resolver: RegionResolver, written: str) -> int:
    """The paired village a tick names as the timetable writes it (余村村): on the
    official tree its name is 余村村民委员会, so resolve the pair's full name."""
    full_name = next(p["village"] for p in TIMETABLE["pairs"] if p["village"].endswith(written))
    return resolver.resolve_id(full_name, level=Level.VILLAGE)


@transaction.atomic
def load_demo_timetable() -> int:
    """Load the timetable once; a second call changes nothing."""
    if Timetable.objects.filter(title=TITLE, issuer=ISSUER).exists():
        return 0
    resolver = RegionResolver()
    city_office = User.objects.get(username="city")
    units = _assisting_units(resolver)
    with acting_as(city_office):
        timetable = create_timetable(
            user=city_office,
            title=TITLE,
            issuer=ISSUER,
            region=resolver.resolve(TIMETABLE["region"], level=Level.COUNTY),
            assisting_units=units,
            phases=_phases(),
            issued_on=_date(TIMETABLE["issued_on"]),
            organ_abbreviation=TIMETABLE["organ_abbreviation"],
        )
        generate_checklist(user=city_office, timetable=timetable)
        for tick in TIMETABLE["ticks"]:
            item = Deliverable.objects.get(
                phase__timetable=timetable,
                phase__order=tick["phase"],
                village=_paired_village(resolver, tick["village"]),
            )
            tick_deliverable(
                user=city_office, deliverable=item, completed_on=_date(tick["completed_on"])
            )
    return 1
