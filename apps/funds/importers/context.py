"""What every kind's check shares: the problem list, regions resolved from
县 / 乡镇 / 行政村 (the regions resolver: unknown or ambiguous names are
problems naming candidates), and the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from apps.accounts.access import can_keep_funds
from apps.households.imports.results import Problem
from apps.regions.models import Level, Region
from apps.regions.resolver import RegionLookupError, RegionResolver

from .columns import Column

LEVEL_NAMES = {Level.COUNTY: "县", Level.TOWN: "乡镇", Level.VILLAGE: "行政村"}


@dataclass
class Checking:
    actor: object
    sheet: str
    problems: list[Problem] = field(default_factory=list)
    _resolver: RegionResolver | None = None
    _regions: dict[tuple, Region | str] = field(default_factory=dict)

    def problem(self, row: int | None, column: Column | str, value, reason: str) -> None:
        header = column.header if isinstance(column, Column) else column
        shown = "" if value is None else str(value)[:60]
        self.problems.append(Problem(self.sheet, row, header, shown, reason))

    def region(self, row: int, values: dict, levels: tuple[str, ...]) -> Region | None:
        """The region named by the row's 县 / 乡镇 / 行政村, of one of ``levels``
        and within the actor's scope; None (and a problem) otherwise."""
        parts = tuple(values.get(f, "") for f in ("county", "town", "village"))
        text = "".join(parts)
        found = self._regions.get(parts)
        if found is None:
            found = self._regions[parts] = self._lookup(text, parts, levels)
        if isinstance(found, str):
            self.problem(row, _deepest_column(parts), text, found)
            return None
        return found

    def _lookup(self, text: str, parts: tuple, levels) -> Region | str:
        if self._resolver is None:
            self._resolver = RegionResolver()
        level = Level.VILLAGE if parts[2] else Level.TOWN if parts[1] else Level.COUNTY
        if parts[2] and not parts[1]:
            return "填写了行政村但未填写乡镇"
        if level not in levels:
            allowed = "、".join(LEVEL_NAMES[x] for x in levels)
            return f"此类记录应属于{allowed}，不能是{LEVEL_NAMES[level]}"
        try:
            pk = self._resolver.resolve_id(text, level=level)
        except RegionLookupError as error:
            return f"地区无法识别：{error}"
        region = Region.objects.select_related("county", "town").get(pk=pk)
        if not can_keep_funds(self.actor, region):
            return f"{region.full_name}不在您可管理的范围内（只能导入本县的记录）"
        return region

    def keeps(self, row: int, column: Column | str, region: Region, value) -> bool:
        """Whether the actor keeps ``region``'s fund records (a problem if not)."""
        if can_keep_funds(self.actor, region):
            return True
        self.problem(
            row, column, value, f"{region.full_name}不在您可管理的范围内（只能导入本县的记录）"
        )
        return False


def _deepest_column(parts: tuple) -> str:
    return "行政村" if parts[2] else "乡镇" if parts[1] else "县"


# What a service may refuse a checked row with (each service call is its own
# savepoint, so the import's transaction survives to report them all).
WRITE_ERRORS = (ValidationError, PermissionDenied, IntegrityError)
