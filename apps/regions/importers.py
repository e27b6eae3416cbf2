"""Write the official division list into the region tree (``import_regions``).

Regions are matched by their 12-digit code, so a second run changes nothing and
a region is never duplicated. A region without a code (made by hand, or by the
seed tree before the list was imported) is claimed when it sits under the same
parent with the official name, its short name or a reviewed spelling, and then
takes the code. Regions are never deleted: a coded region gone from the list is
marked inactive and still resolves for the records that point to it. Towns that
a management unit takes over (fixtures/regions/management_units.json) hang
under that unit, keeping their official codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import F, Q

from .division import CityDivision, DivisionRow
from .models import LEVEL_ORDER, Kind, Level, Region, RegionAlias

_WRITTEN = (
    "name",
    "short_name",
    "code",
    "kind",
    "parent_id",
    "city_id",
    "county_id",
    "town_id",
    "is_active",
)
_BATCH = 1000


@dataclass
class LevelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0


@dataclass
class ImportSummary:
    levels: dict[str, LevelCounts] = field(
        default_factory=lambda: {level: LevelCounts() for level in LEVEL_ORDER}
    )
    aliases_created: int = 0

    @property
    def changed(self) -> int:
        return self.aliases_created + sum(
            c.created + c.updated + c.deactivated for c in self.levels.values()
        )


@dataclass(frozen=True)
class _Spec:
    """One region as the list (and the fixtures) want it."""

    key: str  # the code, or "unit:<name>" for a management unit
    code: str
    name: str
    short_name: str
    level: str
    kind: str
    parent_key: str
    labels: tuple[str, ...]  # names an uncoded region may carry to be claimed


def import_division(*, divisions: list[CityDivision]) -> ImportSummary:
    """Import the cities' rows in one transaction; counts per level."""
    summary = ImportSummary()
    with transaction.atomic():
        for division in divisions:
            _CityImport(division, summary).run()
    return summary


class _CityImport:
    def __init__(self, division: CityDivision, summary: ImportSummary) -> None:
        self.division = division
        self.summary = summary
        self.placed: dict[str, Region] = {}
        prefix = division.city.code[:4]
        self.by_code = {r.code: r for r in Region.objects.filter(code__startswith=prefix)}
        city = self.by_code.get(division.city.code) or (
            Region.objects.filter(level=Level.CITY, code="", name=division.city.name).first()
        )
        self.uncoded: list[Region] = (
            list(Region.objects.filter(city=city, code="")) if city is not None else []
        )
        if city is not None and city.code == "" and city not in self.uncoded:
            self.uncoded.append(city)
        self.claimable = self._claimable_labels()

    # --- the wanted tree ------------------------------------------------------------

    def _specs(self) -> list[_Spec]:
        division = self.division
        spellings: dict[str, list[str]] = {}
        for spelling in division.spellings:
            spellings.setdefault(spelling.code, []).append(spelling.written)
        managed = {code: unit for unit in division.units for code in unit.town_codes}

        def spec(row: DivisionRow, parent_key: str) -> _Spec:
            labels = (row.name, row.short_name, *spellings.get(row.code, ()))
            return _Spec(
                row.code,
                row.code,
                row.name,
                row.short_name,
                row.level,
                Kind.STATISTICAL,
                parent_key,
                tuple(label for label in labels if label),
            )

        specs = [spec(division.city, "")]
        # A city without districts (东莞市, 中山市) lists itself as its only
        # county-level unit under the same code: that unit is kept without one.
        doubles = {row.code for row in division.counties if row.code == division.city.code}
        for row in division.counties:
            county = spec(row, division.city.code)
            if row.code in doubles:
                county = replace(county, key=f"county:{row.code}", code="")
            specs.append(county)
        for unit in division.units:
            labels = (unit.name, unit.short_name, *(a["name"] for a in unit.aliases))
            specs.append(
                _Spec(
                    f"unit:{unit.name}",
                    "",
                    unit.name,
                    unit.short_name,
                    Level.COUNTY,
                    Kind.MANAGEMENT,
                    division.city.code,
                    tuple(label for label in labels if label),
                )
            )
        for row in division.towns:
            unit = managed.get(row.code)
            parent_key = (
                f"county:{row.parent_code}" if row.parent_code in doubles else row.parent_code
            )
            specs.append(spec(row, f"unit:{unit.name}" if unit else parent_key))
        specs += [spec(row, row.parent_code) for row in division.villages]
        return specs

    def _claimable_labels(self) -> dict[tuple[int | None, str, str], Region]:
        """Uncoded regions of the city by (parent, level, any of their names)."""
        index: dict[tuple[int | None, str, str], Region] = {}
        by_pk = {r.pk: r for r in self.uncoded}
        for region in self.uncoded:
            for label in (region.name, region.short_name):
                if label:
                    index.setdefault((region.parent_id, region.level, label), region)
        aliases = RegionAlias.objects.filter(region_id__in=list(by_pk)).values_list(
            "region_id", "name"
        )
        for region_id, alias in aliases:
            region = by_pk[region_id]
            index.setdefault((region.parent_id, region.level, alias), region)
        return index

    # --- writing ----------------------------------------------------------------------

    def run(self) -> None:
        specs = self._specs()
        for level in LEVEL_ORDER:
            self._write_level(level, [s for s in specs if s.level == level])
        self._deactivate_missing({s.code for s in specs if s.code})
        self._follow_moved_parents()
        self._write_aliases()

    def _find(self, spec: _Spec, parent: Region | None) -> Region | None:
        if spec.code and spec.code in self.by_code:
            return self.by_code[spec.code]
        parent_id = parent.pk if parent else None
        for label in spec.labels:
            region = self.claimable.pop((parent_id, spec.level, label), None)
            if region is not None and region.code == "":
                return region
        return None

    def _wanted(self, spec: _Spec, parent: Region | None, existing: Region | None) -> dict:
        short_name = spec.short_name
        if not short_name and existing is not None and spec.kind == Kind.STATISTICAL:
            short_name = existing.short_name  # a hand-set 简称 the list has no rule for
        wanted = {
            "name": spec.name,
            "short_name": short_name,
            "code": spec.code,
            "kind": spec.kind,
            "parent_id": parent.pk if parent else None,
            "is_active": True,
        }
        wanted.update(_ancestor_keys(spec.level, parent, own=existing.pk if existing else None))
        return wanted

    def _write_level(self, level: str, specs: list[_Spec]) -> None:
        counts = self.summary.levels[level]
        new, changed = [], []
        for spec in specs:
            parent = self.placed.get(spec.parent_key) if spec.parent_key else None
            region = self._find(spec, parent)
            wanted = self._wanted(spec, parent, region)
            if region is None:
                region = Region(level=level, **wanted)
                new.append(region)
            elif any(getattr(region, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(region, name, value)
                changed.append(region)
            else:
                counts.unchanged += 1
            self.placed[spec.key] = region
        Region.objects.bulk_create(new, batch_size=_BATCH)
        if new and level != Level.VILLAGE:
            # A region's own ancestor key is its primary key, known only now.
            own = f"{level}_id"
            Region.objects.filter(level=level, **{f"{own}__isnull": True}).update(**{own: F("pk")})
            for region in new:
                setattr(region, own, region.pk)
        Region.objects.bulk_update(changed, _WRITTEN, batch_size=_BATCH)
        counts.created += len(new)
        counts.updated += len(changed)

    def _deactivate_missing(self, listed: set[str]) -> None:
        gone = [
            region
            for code, region in self.by_code.items()
            if code not in listed and region.is_active and region.level != Level.CITY
        ]
        for region in gone:
            self.summary.levels[region.level].deactivated += 1
        Region.objects.filter(pk__in=[r.pk for r in gone]).update(is_active=False)

    def _follow_moved_parents(self) -> None:
        """Uncoded regions left under a region that moved take its new ancestors."""
        known = {r.pk: r for r in self.placed.values()}
        placed = set(known)
        known.update({r.pk: r for r in self.uncoded if r.pk not in placed})
        moved = []
        order = {level: n for n, level in enumerate(LEVEL_ORDER)}
        for region in sorted(self.uncoded, key=lambda r: order[r.level]):
            if region.pk in placed or region.parent_id not in known:
                continue
            keys = _ancestor_keys(region.level, known[region.parent_id], own=region.pk)
            if any(getattr(region, name) != value for name, value in keys.items()):
                for name, value in keys.items():
                    setattr(region, name, value)
                moved.append(region)
        Region.objects.bulk_update(moved, ["city_id", "county_id", "town_id"], batch_size=_BATCH)

    def _write_aliases(self) -> None:
        wanted: list[tuple[Region, str, str]] = []
        for unit in self.division.units:
            region = self.placed[f"unit:{unit.name}"]
            wanted += [(region, a["name"], a.get("note", "")) for a in unit.aliases]
        for spelling in self.division.spellings:
            region = self.placed[spelling.code]
            if spelling.written not in (region.name, region.short_name):
                wanted.append((region, spelling.written, spelling.note))
        have = set(
            RegionAlias.objects.filter(
                Q(region_id__in=[region.pk for region, _, _ in wanted])
            ).values_list("region_id", "name")
        )
        missing = [
            RegionAlias(region=region, name=name, note=note)
            for region, name, note in wanted
            if (region.pk, name) not in have
        ]
        RegionAlias.objects.bulk_create(missing)
        self.summary.aliases_created += len(missing)


def _ancestor_keys(level: str, parent: Region | None, *, own: int | None) -> dict[str, int | None]:
    """city_id, county_id and town_id of a region of ``level`` under ``parent``."""
    keys: dict[str, int | None] = {}
    for ancestor in (Level.CITY, Level.COUNTY, Level.TOWN):
        if ancestor == level:
            keys[f"{ancestor}_id"] = own
        elif LEVEL_ORDER.index(ancestor) < LEVEL_ORDER.index(level) and parent is not None:
            keys[f"{ancestor}_id"] = getattr(parent, f"{ancestor}_id")
        else:
            keys[f"{ancestor}_id"] = None
    return keys
