"""Reproducible stratified sampling: per county N towns (or the county's own
count, ``county_towns``), per town M villages, per village K registered households.

The frame is read in one query and sorted by region code, name and id, so the
same frame, parameters and seed always give the same sample. Forced regions
are taken first and count towards N (or M); excluded regions are never drawn.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from apps.regions.models import Level, Region


@dataclass(frozen=True)
class Drawn:
    region_id: int
    level: str
    was_forced: bool


def _frame(campaign) -> dict[int | None, list[tuple[str, str, int, str]]]:
    """Children by parent for the campaign's counties: (code, name, id, level)."""
    rows = (
        Region.objects.filter(county__in=campaign.counties.all())
        .exclude(level=Level.COUNTY)
        .values_list("parent_id", "code", "name", "pk", "level")
    )
    children: dict[int | None, list[tuple[str, str, int, str]]] = defaultdict(list)
    for parent_id, code, name, pk, level in rows:
        children[parent_id].append((code or "~", name, pk, level))
    for siblings in children.values():
        siblings.sort()
    return children


def _pick(rng: random.Random, candidates: list, k: int, forced: set[int], excluded: set[int]):
    ids = [c[2] for c in candidates if c[2] not in excluded]
    chosen_forced = [pk for pk in ids if pk in forced]
    rest = [pk for pk in ids if pk not in forced]
    room = max(k - len(chosen_forced), 0)
    drawn = rng.sample(rest, min(room, len(rest)))
    return [(pk, True) for pk in chosen_forced] + [(pk, False) for pk in sorted(drawn)]


def draw(
    campaign,
    *,
    towns_per_county: int,
    villages_per_town: int,
    seed: str,
    forced: set[int] = frozenset(),
    excluded: set[int] = frozenset(),
    county_towns: dict[int, int] | None = None,
) -> list[Drawn]:
    rng = random.Random(f"{campaign.slug}:{seed}")
    children = _frame(campaign)
    counties = sorted(campaign.counties.values_list("code", "name", "pk"))
    drawn: list[Drawn] = []
    for _code, _name, county_id in counties:
        count = (county_towns or {}).get(county_id, towns_per_county)
        towns = _pick(rng, children.get(county_id, []), count, forced, excluded)
        for town_id, town_forced in towns:
            drawn.append(Drawn(town_id, Level.TOWN, town_forced))
            villages = _pick(rng, children.get(town_id, []), villages_per_town, forced, excluded)
            drawn.extend(Drawn(pk, Level.VILLAGE, was_forced) for pk, was_forced in villages)
    return drawn


def draw_households(campaign, drawn: list[Drawn], *, per_village: int, seed: str) -> list[int]:
    """K households of each drawn village (all when fewer), ids in draw order.

    The frame is the registry's households of those villages sorted by 户编号;
    the generator is seeded apart from the region draw, so adding households
    to the registry never changes which towns and villages were drawn.
    """
    from apps.households.models import Household

    if per_village <= 0:
        return []
    villages = [d.region_id for d in drawn if d.level == Level.VILLAGE]
    frame: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for village_id, number, pk in Household.objects.filter(village_id__in=villages).values_list(
        "village_id", "number", "pk"
    ):
        frame[village_id].append((number, pk))
    rng = random.Random(f"{campaign.slug}:{seed}:households")
    chosen: list[int] = []
    for village_id in villages:
        households = sorted(frame.get(village_id, []))
        picked = rng.sample(households, min(per_village, len(households)))
        chosen.extend(pk for _number, pk in sorted(picked))
    return chosen
