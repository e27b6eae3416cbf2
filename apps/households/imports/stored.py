"""What a checked file would do to the stored registry.

Three refusals, found before anything is written in one pass over the file
(one query per chunk of 户编号 and of members, never one per row), and one
question:

- a 户编号 stored outside the actor's scope: that row is refused (an import
  may only update records its uploader may change);
- a 证件号码 stored in a household outside the actor's scope: refused;
- a stored household whose row names another village: refused — moving a
  household is ``services.move_household``, never an import's side effect;
- stored values the file would blank (present column, empty cell that
  clears): counted per column — households here, members by the writer as it
  compares them (it reads them anyway; a second read cost a re-import 40 %) —
  and unless ``confirm_blanks`` accepts the counts, ``BlanksToConfirm`` ends
  the import inside its transaction, so nothing it wrote is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db.models import BooleanField, ExpressionWrapper, Value

from apps.accounts.access import region_scope

from ..columns import COLUMNS
from ..models import Household, Member
from .results import HOUSEHOLD_FIELDS, MEMBER_FIELDS, ImportRejected, ParsedFile, Problem

_HEADER = {c.field: c.header for c in COLUMNS}
# Fields that an empty present cell clears (the others keep or come from the ID).
CLEARING = {c.field for c in COLUMNS if c.blank_clears and not c.required}


class BlanksToConfirm(Exception):
    """The file would empty stored values; ``blanks`` counts them by column header."""

    def __init__(self, blanks: dict[str, int]):
        self.blanks = blanks
        super().__init__(", ".join(f"{h} {n}" for h, n in blanks.items()))


def check_against_stored(parsed: ParsedFile, *, actor, chunk: int) -> Counter[str]:
    """ImportRejected (every row at once) for a row ``actor`` may not change;
    else the stored household values the file would empty, by field. The
    writer adds the members' (it reads them anyway) and asks at the end."""
    scope = region_scope(actor)
    problems: list[Problem] = []
    blanks: Counter[str] = Counter()
    _check_households(parsed, scope, problems, blanks, chunk)
    if not scope.unrestricted:
        _check_member_scope(parsed, scope, problems, chunk)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise ImportRejected(problems)
    return blanks


def count_blank(blanks: Counter[str], diff: dict) -> None:
    """Add the fields a change empties (a stored value, an empty cell that clears)."""
    for field, (before, after) in diff.items():
        if field in CLEARING and _is_empty(after) and not _is_empty(before):
            blanks[field] += 1


def confirm_blanks_or_stop(
    blanks: Counter[str], confirm_blanks: Callable[[dict[str, int]], bool] | None
) -> None:
    """BlanksToConfirm unless the uploader accepted these counts: raised inside
    the import's transaction, so nothing it wrote is kept."""
    counts = {_HEADER[f]: blanks[f] for f in (*HOUSEHOLD_FIELDS, *MEMBER_FIELDS) if blanks[f]}
    if counts and not (confirm_blanks and confirm_blanks(counts)):
        raise BlanksToConfirm(counts)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_empty(value) -> bool:
    return value is None or value == ""


def _check_households(parsed, scope, problems, blanks, chunk: int) -> None:
    """Scope and village of each stored household named in the file; counts
    its household values that would be blanked."""
    in_scope = (
        Value(True)
        if scope.unrestricted
        else ExpressionWrapper(scope.q("village__"), output_field=BooleanField())
    )
    fields = [f for f in HOUSEHOLD_FIELDS if f in parsed.present and f in CLEARING]
    db_fields = ["assisting_unit_id" if f == "assisting_unit" else f for f in fields]
    positions = [HOUSEHOLD_FIELDS.index(f) for f in fields]
    moves: list[tuple[int, str, int]] = []
    for numbers in _chunks(list(parsed.households), chunk):
        rows = (
            Household.objects.filter(number__in=numbers)
            .annotate(in_scope=in_scope)
            .values_list("number", "village_id", "village__county__name", "in_scope", *db_fields)
        )
        for number, village_id, county, allowed, *old in rows:
            household = parsed.households[number]
            if not allowed:
                problems.append(
                    Problem(
                        parsed.sheet,
                        household.row,
                        "户编号",
                        number,
                        f"户编号{number}属于{county}，不在您的管辖范围内",
                    )
                )
                continue
            if village_id != household.village_id:
                moves.append((household.row, number, village_id))
                continue
            for field, position, before in zip(fields, positions, old, strict=True):
                if _is_empty(household.values[position]) and not _is_empty(before):
                    blanks[field] += 1
    problems.extend(_move_problems(parsed.sheet, moves))


def _move_problems(sheet: str, moves: list[tuple[int, str, int]]) -> list[Problem]:
    """Rows naming another village than their stored household's (names: one query)."""
    from apps.regions.models import Region

    villages = Region.objects.filter(pk__in={m[2] for m in moves}).select_related("county", "town")
    names = {village.pk: village.full_name for village in villages}
    return [
        Problem(
            sheet,
            row,
            "行政村",
            "",
            f"户编号{number}登记在{names[village_id]}，导入不迁移农户；"
            "迁移请由市扶贫办（跨县）或本县县级用户（县内）另行办理",
        )
        for row, number, village_id in moves
    ]


def _check_member_scope(parsed, scope, problems, chunk: int) -> None:
    """A person already registered in a household the actor may not see."""
    id_index = MEMBER_FIELDS.index("id_number")
    rows = {values[id_index]: row for _number, values, row in parsed.members}
    for ids in _chunks(list(rows), chunk):
        found = (
            Member.objects.filter(id_number__in=ids)
            .exclude(scope.q("household__village__"))
            .values_list("id_number", "household__village__county__name")
        )
        for id_number, county in found:
            problems.append(
                Problem(
                    parsed.sheet,
                    rows[id_number],
                    "证件号码",
                    id_number,
                    f"证件号码已登记在{county}的农户中，不在您的管辖范围内",
                )
            )
