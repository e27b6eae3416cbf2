"""The monitoring list (名单) and a household's assistance ledger (帮扶台账)
as .xlsx in the layout an office hands to an inspection: a title, Chinese
headers, dates as 2020年11月20日, incomes in 元 with two decimals; every text
cell through ``safe_cell`` (no formulas)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.core.dates import official_date
from apps.core.excel import COUNT_FORMAT, safe_cell

from .models import CaseKind, CaseStatus, MonitoringCase
from .selectors import CountyCounts

MONEY_FORMAT = "0.00"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _date(value) -> str:
    return official_date(value) if value else ""


def _text(value) -> object:
    return safe_cell(str(value)) if value is not None else ""


def _append(sheet, values: Iterable, *, bold: bool = False, money: Iterable[int] = ()) -> None:
    sheet.append([v if isinstance(v, int | float) or v is None else _text(v) for v in values])
    row = sheet.max_row
    for index in money:
        cell = sheet.cell(row=row, column=index + 1)
        if cell.value not in (None, ""):
            cell.number_format = MONEY_FORMAT
    if bold:
        for cell in sheet[row]:
            cell.font = BOLD


def _widths(sheet, widths: Iterable[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def list_workbook(
    title: str, rows: Iterable[MonitoringCase], counties: list[CountyCounts]
) -> Workbook:
    """The list's rows (every page) and the counts per county, ranked."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Monitoring list")[:31]
    _widths(sheet, (6, 10, 12, 12, 16, 10, 14, 16, 12, 28, 14, 10, 16))
    sheet.append([_text(title)])
    sheet["A1"].font = TITLE
    _append(
        sheet,
        [
            pgettext("matrix", "No."),
            _("County"),
            _("Town"),
            _("Village"),
            _("household number"),
            _("head of household"),
            _("monitoring kind"),
            _("identified on"),
            _("identified how"),
            _("risk types"),
            _("per-capita income at identification (元)"),
            _("measures"),
            _("status"),
        ],
        bold=True,
    )
    for number, case in enumerate(rows.iterator(chunk_size=2000), start=1):
        village = case.village
        _append(
            sheet,
            [
                number,
                village.county.display_name,
                village.town.display_name,
                village.display_name,
                case.household.number,
                case.head_name or "",
                case.get_kind_display(),
                _date(case.identified_on),
                case.get_identified_how_display(),
                "、".join(case.risk_type_labels()),
                float(case.income_at_identification),
                case.measure_count,
                case.get_status_display(),
            ],
            money=[10],
        )
    _county_sheet(workbook, counties)
    return workbook


def _county_sheet(workbook: Workbook, counties: list[CountyCounts]) -> None:
    sheet = workbook.create_sheet(_("By county")[:31])
    _widths(sheet, (6, 12, 10, 10, *([12] * (len(CaseKind) + len(CaseStatus)))))
    _append(
        sheet,
        [
            _("Rank"),
            _("County"),
            _("Cases"),
            _("Open cases"),
            *(label for _code, label in CaseKind.choices),
            *(label for _code, label in CaseStatus.choices),
        ],
        bold=True,
    )
    for row in counties:
        sheet.append(
            [row.rank, _text(row.county), row.total, row.open, *row.by_kind, *row.by_status]
        )
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = COUNT_FORMAT


def ledger_workbook(household, cases: list[MonitoringCase], *, full_ids: bool) -> Workbook:
    """One sheet: the household and its members, then per case its facts,
    measures, visits and risk-removal steps, each block under its heading."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Assistance ledger")[:31]
    _widths(sheet, (14, 16, 22, 16, 16, 16, 16))
    village = household.village
    sheet.append([_text(_("Assistance ledger of a monitored household"))])
    sheet["A1"].font = TITLE
    _append(sheet, [_("Village"), village.full_name, _("household number"), household.number])
    _append(sheet, [_("Helper"), household.helper, _("Monitoring status"),
                    household.get_monitoring_status_display()])  # fmt: skip
    sheet.append([])
    _append(sheet, [_("Members")], bold=True)
    _append(sheet, [_("Name"), _("Relationship to head"), _("ID number"), _("Health"),
                    _("Labour capacity"), _("receives dibao")], bold=True)  # fmt: skip
    for m in household.members.all():
        _append(sheet, [m.name, m.relationship, m.id_number if full_ids else m.masked_id_number,
                        m.get_health_display(), m.get_labour_capacity_display(),
                        {True: _("yes"), False: _("no")}.get(m.receives_dibao, "—")])  # fmt: skip
    for case in cases:
        _case_block(sheet, case)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook


def _case_block(sheet, case: MonitoringCase) -> None:
    sheet.append([])
    _append(sheet, [_("Monitoring case"), case.get_kind_display(), case.get_status_display()],
            bold=True)  # fmt: skip
    _append(sheet, [_("identified on"), _date(case.identified_on), _("identified how"),
                    case.get_identified_how_display()])  # fmt: skip
    _append(sheet, [_("risk types"), "、".join(case.risk_type_labels()),
                    _("per-capita income at identification (元)"),
                    float(case.income_at_identification)], money=[3])  # fmt: skip
    _append(sheet, [_("responsible helper"), case.helper, _("helper's unit"), case.helper_unit])
    _append(sheet, [_("Assistance measures")], bold=True)
    _append(sheet, [_("measure kind"), _("content"), _("responsible department"),
                    _("planned completion"), _("completed on"), _("status"),
                    _("Evidence")], bold=True)  # fmt: skip
    for m in case.measures.all():
        _append(sheet, [m.get_kind_display(), m.content, m.department, _date(m.planned_on),
                        _date(m.done_on), m.get_status_display(),
                        "、".join(e.original_name for e in m.evidence.all())])  # fmt: skip
    _append(sheet, [_("Visits")], bold=True)
    _append(sheet, [_("visited on"), _("visited by"), _("what was found"), _("Photos")], bold=True)
    for v in case.visits.all():
        _append(sheet, [_date(v.visited_on), v.visitor, v.findings, len(v.photos.all())])
    _append(sheet, [_("Lifecycle")], bold=True)
    _append(sheet, [_("at"), _("step"), _("by"), _("reason"), _("per-capita income (元)")],
            bold=True)  # fmt: skip
    for s in case.steps.all():
        who = (s.by.first_name or s.by.username) if s.by else _("the system")
        day = _date(timezone.localtime(s.at).date())
        _append(sheet, [day, s.get_action_display(), who, s.reason,
                        float(s.income) if s.income is not None else ""], money=[4])  # fmt: skip
