"""The task board as .xlsx (every text cell escaped against formulas)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.dates import official_date
from apps.core.excel import safe_cell

from .models import Task


def board_workbook(tasks: Iterable[Task], *, heading: str) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Tasks")[:31])
    title = WriteOnlyCell(sheet, value=safe_cell(heading))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    columns = [
        pgettext("row number", "No."),
        _("Task"),
        _("lead department"),
        _("co-operating departments"),
        _("regions concerned"),
        pgettext("task", "issued on"),
        pgettext("task", "deadline"),
        pgettext("task", "target"),
        _("status"),
        _("Overdue"),
        _("Replies"),
        _("Last reply"),
    ]
    sheet.append([_bold(sheet, name) for name in columns])
    for number, task in enumerate(tasks, start=1):
        sheet.append(
            [
                number,
                safe_cell(task.title),
                safe_cell(str(task.lead_department or task.responsible_units)),
                safe_cell("、".join(d.name for d in task.co_departments.all())),
                safe_cell("、".join(r.name for r in task.regions.all())),
                official_date(task.issued_on) if task.issued_on else "—",
                official_date(task.deadline) if task.deadline else "—",
                safe_cell(task.target_text) or "—",
                str(task.get_status_display()),
                _("Yes") if task.is_overdue else _("No"),
                task.reply_count,
                official_date(task.last_reply) if task.last_reply else "—",
            ]
        )
    return workbook


def _bold(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell
