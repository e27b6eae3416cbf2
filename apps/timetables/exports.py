"""A timetable's progress as .xlsx: sheet 1 the phases and the village grid,
sheet 2 every checklist item. Text cells go through safe_cell (no formulas)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from apps.core.dates import official_date
from apps.core.excel import safe_cell

from .models import Deliverable, PhaseState
from .selectors import Progress

RED_FILL = PatternFill("solid", fgColor="F8D7DA")
GREEN_FILL = PatternFill("solid", fgColor="D1E7DD")
STATE_FILLS = {PhaseState.OVERDUE: RED_FILL, PhaseState.COMPLETED: GREEN_FILL}


def day(value) -> str:
    return official_date(value)


def state_label(state: str) -> str:
    return str(PhaseState(state).label) if state else "—"


def phase_window(phase) -> str:
    """即日至2018年12月10日 / 2018年12月20日前, as the seed writes them."""
    if phase.starts_on:
        return _("%(start)s to %(end)s") % {
            "start": day(phase.starts_on),
            "end": day(phase.deadline),
        }
    return _("by %(date)s") % {"date": day(phase.deadline)}


def _bold_row(sheet, values) -> None:
    sheet.append([safe_cell(v) for v in values])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def progress_workbook(progress: Progress, checklist: QuerySet[Deliverable]) -> Workbook:
    timetable = progress.timetable
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Progress")
    sheet.append([safe_cell(timetable.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Issuer"), safe_cell(timetable.issuer)])
    sheet.append([_("Region"), safe_cell(timetable.region.full_name)])
    sheet.append([_("As of"), day(progress.as_of)])
    sheet.append([])
    _bold_row(
        sheet,
        [_("Phase"), _("Task"), _("Time limit"), _("Done"), _("To do"), _("State")],
    )
    for phase in progress.phases:
        sheet.append(
            [
                phase.label,
                safe_cell(phase.task),
                phase_window(phase),
                phase.done,
                phase.total,
                state_label(phase.state),
            ]
        )
        fill = STATE_FILLS.get(phase.state)
        if fill:
            sheet.cell(sheet.max_row, 6).fill = fill
    sheet.append([])
    _bold_row(
        sheet,
        [_("Village"), _("Assisting unit")]
        + [p.label for p in progress.phases]
        + [_("Done"), _("To do"), _("Overdue")],
    )
    for village in progress.villages:
        sheet.append(
            [safe_cell(village.label), safe_cell(village.unit)]
            + [state_label(cell.state) for cell in village.cells]
            + [village.done, village.total, village.overdue]
        )
        for index, cell in enumerate(village.cells, start=3):
            fill = STATE_FILLS.get(cell.state)
            if fill:
                sheet.cell(sheet.max_row, index).fill = fill
    for letter, width in zip("ABCDEF", (28, 40, 30, 14, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width

    items = workbook.create_sheet(_("Checklist"))
    _bold_row(
        items,
        [
            _("Phase"),
            _("Due date"),
            _("Village"),
            _("Assisting unit"),
            _("Deliverable"),
            _("Completed on"),
            _("Ticked by"),
            _("Evidence files"),
            _("Note"),
        ],
    )
    for item in checklist:
        items.append(
            [
                item.phase.label,
                day(item.phase.deadline),
                safe_cell(f"{item.village.town.name}{item.village.name}"),
                safe_cell(item.assisting_unit.name if item.assisting_unit else ""),
                safe_cell(item.title),
                day(item.completed_on),
                safe_cell(_display_user(item.completed_by)),
                item.evidence_count,
                safe_cell(item.note),
            ]
        )
    for letter, width in zip("ABCDEFGHI", (12, 18, 24, 28, 40, 18, 16, 10, 30), strict=True):
        items.column_dimensions[letter].width = width
    return workbook


def _display_user(user) -> str:
    if user is None:
        return ""
    return user.first_name or user.username
