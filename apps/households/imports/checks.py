"""Reading and checking the national household file (one row per member).

``check_file`` reads the whole file and returns either the parsed households
and members or every problem found — sheet, row, column, value and reason, in
Chinese. Nothing is written here; ``import_households`` (``writer``) writes a file
that passed, in one transaction. The sheet is streamed by ``reader``
(flat memory, about ten times faster than openpyxl's read-only mode);
openpyxl only writes.
"""

from __future__ import annotations

import operator
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import translation

from apps.core.dates import official_date
from apps.regions.models import Level
from apps.regions.resolver import RegionLookupError, RegionResolver

from ..columns import (
    BY_HEADER,
    COLUMNS,
    HEADER_ALIASES,
    MEMBER,
    Column,
)
from ..idnumbers import (
    id_number_problem,
    is_male,
    normalise_id_number,
)
from ..models import Sex
from ..vocabulary import load_vocabulary
from .cells import CellError, birth_date_from, cell_text, compile_parser
from .limits import Limits, SheetError
from .reader import NotAWorkbook, SheetReader
from .results import (
    HOUSEHOLD_COLUMNS,
    ImportRejected,
    ParsedFile,
    ParsedHousehold,
    Problem,
    absent_value,
    pick_household_values,
    pick_member_values,
)

Progress = Callable[[int, int], None]
MAX_PROBLEMS = 1000  # a report longer than this helps nobody; say how many more
NONE_FAILED: frozenset[str] = frozenset()
WHERE_FIELDS = frozenset({"county", "town", "village"})
PROGRESS_EVERY = 5000


# --- the file ------------------------------------------------------------------


def reader_limits() -> Limits:
    """The hostile-workbook limits, from settings (README: configuration)."""
    return Limits(
        max_rows=settings.HOUSEHOLD_IMPORT_MAX_ROWS,
        max_columns=settings.HOUSEHOLD_IMPORT_MAX_COLUMNS,
        max_cell_chars=settings.HOUSEHOLD_IMPORT_MAX_CELL_CHARS,
        max_row_bytes=settings.HOUSEHOLD_IMPORT_MAX_ROW_BYTES,
        max_part_bytes=settings.HOUSEHOLD_IMPORT_MAX_PART_BYTES,
        max_shared_strings_bytes=settings.HOUSEHOLD_IMPORT_MAX_SHARED_STRINGS_BYTES,
        max_ratio=settings.HOUSEHOLD_IMPORT_MAX_RATIO,
        time_budget=settings.HOUSEHOLD_IMPORT_TIME_BUDGET or None,
    )


def _open_sheet(path: Path, display_name: str) -> SheetReader:
    """The sheet to import, or ImportRejected naming the file when it is no
    .xlsx or breaks a limit before its first row."""
    not_xlsx = Problem("", None, "", "", f"文件“{display_name}”不是Excel工作簿（.xlsx）")
    if not zipfile.is_zipfile(path):
        raise ImportRejected([not_xlsx])
    try:
        return SheetReader(path, limits=reader_limits())
    except NotAWorkbook:
        raise ImportRejected([not_xlsx]) from None
    except SheetError as error:
        reason = f"文件“{display_name}”：{error.reason}"
        raise ImportRejected([Problem("", error.row, error.column, "", reason)]) from None


def _hidden_notice(names: list[str]) -> list[str]:
    if not names:
        return []
    return ["已忽略隐藏的工作表：" + "、".join(f"“{name}”" for name in names)]


def _header_map(sheet: str, header_row: list) -> list[tuple[int, Column]]:
    """(cell index, column) for every known header; ImportRejected when a
    required column is missing or a column appears twice."""
    found: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(header_row):
        header = cell_text(raw).replace(" ", "")
        header = HEADER_ALIASES.get(header, header)
        if header not in BY_HEADER:
            continue  # unknown columns are ignored, as the template says
        if header in found:
            problems.append(Problem(sheet, 1, header, header, "表头重复"))
        found[header] = index
    for column in COLUMNS:
        if column.required and column.header not in found:
            problems.append(Problem(sheet, 1, column.header, "", "缺少必填列"))
    if problems:
        raise ImportRejected(problems)
    return [(found[c.header], c) for c in COLUMNS if c.header in found]


def check_file(
    path: Path,
    *,
    display_name: str = "",
    resolver: RegionResolver | None = None,
    may_import_village: Callable[[int], bool] = lambda village_id: True,
    progress: Progress | None = None,
) -> ParsedFile:
    """Parse and check every row; ImportRejected with all problems found."""
    display_name = display_name or Path(path).name
    with translation.override("zh-hans"):
        return _Checker(
            path, display_name, resolver or RegionResolver(), may_import_village, progress
        ).run()


class _Checker:
    def __init__(self, path, display_name, resolver, may_import_village, progress):
        self.sheet = _open_sheet(Path(path), display_name)
        self.sheet_name = self.sheet.name
        self.notices = _hidden_notice(self.sheet.hidden_sheets)
        self.resolver = resolver
        self.may_import_village = may_import_village
        self.progress = progress or (lambda done, total: None)
        self.problems: list[Problem] = []
        self.more = 0
        self.parsed = ParsedFile(sheet=self.sheet_name, notices=self.notices)
        self.villages: dict[tuple, int | None] = {}
        # ID number → (household number, row): one person, one household.
        self.seen_ids: dict[str, int] = {}  # ID number → its first row

    def problem(self, row: int | None, column: str, value, reason: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(Problem(self.sheet_name, row, column, cell_text(value), reason))

    def run(self) -> ParsedFile:
        with self.sheet:
            try:
                return self._run()
            except SheetError as error:
                # A limit or an unreadable sheet ends the check: the problems
                # found so far, then why it stopped.
                self.problems.append(
                    Problem(self.sheet_name, error.row, error.column, "", error.reason)
                )
                raise ImportRejected(
                    self.problems, more=self.more, notices=self.notices, rows=self.rows_read
                ) from None
            except ImportRejected as rejected:
                rejected.notices = rejected.notices or self.notices
                raise

    def _run(self) -> ParsedFile:
        rows = self.sheet.numbered_rows()
        first = next(rows, None)
        if first is None:
            raise ImportRejected([Problem(self.sheet_name, 1, "", "", "工作表为空，没有表头")])
        header = first[1] if first[0] == 1 else []  # the template's header is row 1
        vocabulary = load_vocabulary()  # national terms and synonyms: one query
        columns = [
            (index, column, compile_parser(column, vocabulary))
            for index, column in _header_map(self.sheet_name, header)
        ]
        present = {column.field for _index, column, _parse in columns}
        self.parsed.present = frozenset(present)
        # Columns the file does not have take their default once, not per row.
        self.absent = {c.field: absent_value(c) for c in COLUMNS if c.field not in present}
        self.household_columns = [c for c in columns if c[1].part != MEMBER]
        self.member_columns = [c for c in columns if c[1].part == MEMBER]
        self.width = 1 + max(index for index, _column, _parse in columns)
        self.household_cells = operator.itemgetter(*(c[0] for c in self.household_columns))
        for done, (number, cells) in enumerate(rows, start=1):
            self.check_row_if_any(number, cells)
            if done % PROGRESS_EVERY == 0:
                # The row count is known at the end; until then, estimate it
                # from how much of the sheet has been read.
                self.progress(done, int(done / max(self.sheet.fraction_read, 1e-6)))
        if not self.parsed.members and not self.problems:
            self.problem(2, "", "", "文件中没有数据行")
        if self.problems:
            raise ImportRejected(self.problems, more=self.more, rows=self.rows_read)
        total = self.parsed.rows
        self.progress(total, total)
        return self.parsed

    rows_read = 0  # data rows with any content, shown as the file's row count

    def check_row_if_any(self, number: int, cells: list) -> None:
        if any(cell_text(c) for c in cells):
            self.rows_read += 1
            self.check_row(number, cells)

    def check_row(self, row: int, cells: list) -> None:
        """Every rule on every cell of the row, in one pass: a bad number does
        not hide a bad ID or an unknown village on the same row."""
        if len(cells) < self.width:
            cells = cells + [None] * (self.width - len(cells))
        # A household's columns repeat on each of its member rows: when they
        # are the previous row's cells exactly, its parsed values (and its
        # village) are reused instead of parsing them again.
        raw_household = self.household_cells(cells)
        repeated = raw_household == self.previous_household
        if repeated:
            values = dict(self.previous_values)
            village_id = self.previous_village_id
            failed = NONE_FAILED
        else:
            values = dict(self.absent)
            failed = self.parse_into(values, row, cells, self.household_columns)
            village_id = None if failed & WHERE_FIELDS else self.village_of(row, values)
        household_values = dict(values)
        failed = failed | self.parse_into(values, row, cells, self.member_columns)
        member = None if "id_number" in failed else self.check_member(row, values)
        if failed or member is None or village_id is None:
            return
        if self.add(row, village_id, values, member, same_as_previous=repeated) and not repeated:
            # Remembered only once the row was accepted whole, so a reused
            # household has passed every check a parsed one would.
            self.previous_household = raw_household
            self.previous_values = household_values
            self.previous_village_id = village_id

    previous_household: tuple | None = None
    previous_values: dict = {}
    previous_village_id: int | None = None

    def parse_into(self, values: dict, row: int, cells: list, columns: list) -> frozenset[str]:
        """Parse ``columns`` of the row into ``values``; the fields whose cells
        are bad (each reported)."""
        failed = NONE_FAILED
        for index, column, parse in columns:
            raw = cells[index]
            try:
                values[column.field] = parse(raw)
            except CellError as error:
                self.problem(row, column.header, raw, str(error))
                failed = failed | {column.field}
        return failed

    def village_of(self, row: int, values: dict) -> int | None:
        key = (values["county"], values["town"], values["village"])
        if key not in self.villages:
            try:
                village_id = self.resolver.resolve_id("".join(key), level=Level.VILLAGE)
            except RegionLookupError as error:
                self.villages[key] = None
                self._region_problem(row, key, str(error))
                return None
            self.villages[key] = village_id
        village_id = self.villages[key]
        if village_id is None:
            self._region_problem(row, key, "找不到该行政村")
            return None
        if not self.may_import_village(village_id):
            self.problem(row, "行政村", "".join(key), "该行政村不在您的管辖范围内")
            return None
        return village_id

    def _region_problem(self, row: int, key: tuple, reason: str) -> None:
        self.problem(row, "行政村", "".join(key), reason)

    def check_member(self, row: int, values: dict) -> dict | None:
        """The ID number, the birth date and sex it implies, and duplicates:
        every one of them reported, not only the first that fails."""
        id_number = normalise_id_number(values["id_number"])
        values["id_number"] = id_number
        ok = True
        if reason := id_number_problem(id_number):
            self.problem(row, "证件号码", id_number, reason)
            ok = False
        else:
            ok = self._agrees_with_the_id(row, values, id_number)
        earlier = self.seen_ids.get(id_number)
        if earlier is not None and id_number:
            self.problem(row, "证件号码", id_number, f"与第{earlier}行的证件号码重复")
            return None
        self.seen_ids.setdefault(id_number, row)
        return values if ok else None

    def _agrees_with_the_id(self, row: int, values: dict, id_number: str) -> bool:
        ok = True
        birth = birth_date_from(id_number[6:14], id_number)
        if values.get("birth_date") and values["birth_date"] != birth:
            self.problem(
                row,
                "出生日期",
                values["birth_date"],
                f"与证件号码中的出生日期{official_date(birth)}不一致",
            )
            ok = False
        values["birth_date"] = values.get("birth_date") or birth
        sex = Sex.MALE if is_male(id_number) else Sex.FEMALE
        if values.get("sex") and values["sex"] != sex:
            self.problem(row, "性别", values["sex"], "与证件号码第17位表示的性别不一致")
            ok = False
        values["sex"] = values.get("sex") or str(sex)
        return ok

    def add(
        self, row: int, village_id: int, values: dict, member: dict, *, same_as_previous: bool
    ) -> bool:
        number = values["number"]
        first = self.parsed.households.get(number)
        if first is None:
            household_values = pick_household_values(values)
            self.parsed.households[number] = ParsedHousehold(row, village_id, household_values)
        elif not same_as_previous:  # the same cells agree with themselves
            household_values = pick_household_values(values)
            if first.village_id != village_id:
                self.problem(
                    row, "行政村", values["village"], f"与本户第{first.row}行的行政村不一致"
                )
                return False
            for column, mine, theirs in zip(
                HOUSEHOLD_COLUMNS, household_values, first.values, strict=True
            ):
                if mine != theirs:
                    self.problem(
                        row,
                        column.header,
                        mine if mine is not None else "",
                        f"与本户第{first.row}行的值“{cell_text(theirs)}”不一致",
                    )
                    return False
        self.parsed.members.append((number, pick_member_values(member), row))
        return True
