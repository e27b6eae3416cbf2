"""What checking a file gives: its problems, or the parsed households and members."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from ..columns import (
    COLUMNS,
    HOUSEHOLD,
    MEMBER,
    WHERE,
    Column,
)
from ..models import NATIONAL_TERMS, ExitStatus, HouseholdCategory

# Blank or absent choice cells: the model's default, else blank (filled or flagged later).
CHOICE_DEFAULTS = {"category": HouseholdCategory.GENERAL, "exit_status": ExitStatus.NOT_LIFTED}


class _Keep:
    """An empty cell of a column that keeps the stored value (``blank_clears``
    False): the writer keeps the stored value, or takes the default for a new record."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else ""
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        shown = f"（值：{self.value}）" if self.value else ""
        return f"{where}{shown}：{self.reason}" if where or shown else self.reason


class ImportRejected(Exception):
    """The file was not imported; ``problems`` says why, row by row."""

    def __init__(
        self,
        problems: list[Problem],
        *,
        more: int = 0,
        notices: list[str] = (),
        rows: int | None = None,
    ):
        self.problems = problems
        self.more = more
        self.rows = rows  # data rows read, when the check got that far
        self.notices = list(notices)  # not problems: e.g. the hidden sheets ignored
        super().__init__("\n".join(str(p) for p in problems[:20]))


@dataclass(slots=True)
class ParsedHousehold:
    row: int
    village_id: int
    values: tuple  # HOUSEHOLD columns, in COLUMNS order (assisting unit as a name)


@dataclass
class ParsedFile:
    sheet: str
    households: dict[str, ParsedHousehold] = field(default_factory=dict)
    # (household number, member values in COLUMNS order, row)
    members: list[tuple[str, tuple, int]] = field(default_factory=list)
    # The fields whose columns the file has: a re-import changes only those.
    present: frozenset[str] = frozenset()
    notices: list[str] = field(default_factory=list)  # e.g. the hidden sheets ignored

    @property
    def rows(self) -> int:
        return len(self.members)


HOUSEHOLD_COLUMNS = tuple(c for c in COLUMNS if c.part == HOUSEHOLD and c.field != "number")
MEMBER_COLUMNS = tuple(c for c in COLUMNS if c.part == MEMBER)
assert all(c.part in (WHERE, HOUSEHOLD, MEMBER) for c in COLUMNS)


def absent_value(column: Column):
    """The value of a column the file does not have."""
    if column.kind == "choice":
        return str(NATIONAL_TERMS[column.choices].get("", CHOICE_DEFAULTS.get(column.field, "")))
    return "" if column.kind == "text" else None


HOUSEHOLD_FIELDS = tuple(c.field for c in HOUSEHOLD_COLUMNS)
MEMBER_FIELDS = tuple(c.field for c in MEMBER_COLUMNS)
pick_household_values = operator.itemgetter(*HOUSEHOLD_FIELDS)
pick_member_values = operator.itemgetter(*MEMBER_FIELDS)
