"""The household reports as .xlsx: a bold title row like the annexes, a header
row, then the rows. Text cells go through safe_cell (no formulas)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.dates import official_date
from apps.core.excel import RATE_FORMAT, figure_cell, safe_cell
from apps.households.models import Household
from apps.regions.models import Region

from .gaps import COLUMNS as GAP_COLUMNS
from .gaps import GapReport
from .indicators import MAIN_KEYS, Breakdown, Figure
from .redlights import RULES, Context, flagged_households
from .reporting import within
from .tables import members_text


def _bold(sheet, value, size: int | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    cell.font = Font(bold=True, size=size) if size else Font(bold=True)
    return cell


def _start(workbook: Workbook, title: str, sheet_title: str, headers: list[str], widths=()):
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for letter, width in zip("ABCDEFGHIJ", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.append([_bold(sheet, title, 14)])
    sheet.append([_bold(sheet, header) for header in headers])
    return sheet


def _rate(figure: Figure):
    return float(figure.rate) if figure.rate is not None else "—"


def _date(day) -> str:
    return official_date(day)  # 2019年12月31日 whatever the language


def indicators_workbook(result: Breakdown) -> Workbook:
    """Sheet 1: the region's indicators; sheet 2: its child regions' main rates."""
    workbook = Workbook(write_only=True)
    title = _("Indicators of %(region)s as of %(date)s") % {
        "region": result.region.full_name,
        "date": _date(result.as_of),
    }
    sheet = _start(
        workbook,
        title,
        _("Indicators"),
        [_("Indicator"), _("Numerator"), _("Denominator"), _("Rate (%)")],
        (52, 12, 12, 12),
    )
    for figure in result.values:
        sheet.append(
            [
                str(figure.label),
                figure_cell(sheet, figure.numerator),
                figure_cell(sheet, figure.denominator),
                figure_cell(sheet, _rate(figure), RATE_FORMAT),
            ]
        )
    labels = [str(result.total.values[key].label) for key in MAIN_KEYS]
    sheet = _start(
        workbook,
        title,
        _("By region"),
        [_("Region"), _("Members"), _("Households"), *labels],
        (28, 10, 10, *([16] * len(labels))),
    )
    for row in [*result.rows, result.total]:
        name = row.region.full_name if row is not result.total else _("Total")
        sheet.append(
            [
                safe_cell(name),
                figure_cell(sheet, row.members),
                figure_cell(sheet, row.households),
                *[figure_cell(sheet, _rate(f), RATE_FORMAT) for f in row.main],
            ]
        )
    return workbook


def county_workbook(user, county: Region, ctx: Context, *, full_ids: bool) -> Workbook:
    """Every flagged household of the county, one row per household and rule,
    for the county office to correct: two queries per rule (households, the
    members named), whatever the number of households."""
    workbook = Workbook(write_only=True)
    title = _("Red lights of %(county)s to correct (as of %(date)s)") % {
        "county": county.full_name,
        "date": _date(ctx.as_of),
    }
    headers = [
        _("No."),
        _("Household number"),
        _("Town"),
        _("Village"),
        _("Group"),
        _("Rule"),
        _("Problem"),
        _("Members concerned"),
    ]
    sheet = _start(workbook, title, _("Red lights"), headers, (6, 16, 14, 14, 24, 9, 40, 48))
    households = Household.objects.filter(within(user, county))
    position = 0
    for rule in RULES:
        for household in _flagged(rule, ctx, households):
            position += 1
            sheet.append(
                [
                    position,
                    safe_cell(household.number),
                    safe_cell(household.village.town.display_name),
                    safe_cell(household.village.display_name),
                    rule.group_title,
                    rule.code,
                    rule.message,
                    safe_cell(members_text(household.shown_members, full_ids=full_ids)),
                ]
            )
    return workbook


def _flagged(rule, ctx: Context, households: QuerySet) -> Iterable[Household]:
    return flagged_households(rule, ctx, households).iterator(chunk_size=2000)


def gaps_workbook(result: GapReport) -> Workbook:
    workbook = Workbook(write_only=True)
    title = _("Gaps of %(region)s as of %(date)s") % {
        "region": result.region.full_name,
        "date": _date(result.as_of),
    }
    labels = [str(column.label) for column in GAP_COLUMNS]
    for heading, rows, key, first in (
        (_("By assisting unit"), result.by_unit, "unit", _("Assisting unit")),
        (_("By village"), result.by_village, "label", _("Village")),
    ):
        sheet = _start(workbook, title, heading, [first, *labels], (36, 18, 18, 18, 18))
        for row in rows.iterator(chunk_size=2000):
            name = row[key] or _("(no assisting unit)")
            sheet.append([safe_cell(name), *[figure_cell(sheet, row[c.key]) for c in GAP_COLUMNS]])
        sheet.append([_("Total"), *[figure_cell(sheet, result.total[c.key]) for c in GAP_COLUMNS]])
    return workbook
