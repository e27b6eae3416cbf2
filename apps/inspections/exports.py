"""Findings, ledgers, worksheets and problem lists as .xlsx."""

from __future__ import annotations

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.dates import official_date
from apps.core.excel import RATE_FORMAT, figure_cell, safe_cell

from .models import Finding, FindingStatus


def _sheet(workbook: Workbook, title: str, heading: str, columns: list[str]):
    sheet = workbook.create_sheet(title=title[:31])
    # Headings carry campaign, team and region names: user text like any cell.
    cell = WriteOnlyCell(sheet, value=safe_cell(heading))
    cell.font = Font(bold=True, size=14)
    sheet.append([cell])
    header = []
    for name in columns:
        head = WriteOnlyCell(sheet, value=name)
        head.font = Font(bold=True)
        header.append(head)
    sheet.append(header)
    return sheet


def _date(value) -> str:
    return official_date(value)


def _rate(value) -> float | str:
    """The rate as a number, or — when nothing was found (never a blank that reads as 0)."""
    return float(value) if value is not None else "—"


def findings_workbook(findings: QuerySet[Finding], *, heading: str) -> Workbook:
    columns = [
        "序号",
        "核查活动",
        "地区",
        "户编号",
        "问题类别",
        "问题描述",
        "来源",
        "严重程度",
        "责任单位",
        "整改时限",
        "状态",
        "是否逾期",
    ]
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, "问题清单", heading, columns)
    for n, f in enumerate(findings.iterator(chunk_size=2000), start=1):
        sheet.append(
            [
                safe_cell(v)
                for v in [
                    n,
                    f.campaign.title,
                    f.region.full_name,
                    f.household_number,
                    f.category.name,
                    f.description,
                    f.get_source_display(),
                    f.get_severity_display(),
                    f.responsible_unit,
                    _date(f.deadline),
                    f.get_status_display(),
                    "是" if f.is_overdue else "否",
                ]
            ]
        )
    return workbook


def ledger_workbook(rows: list[dict], tally: tuple[list[dict], dict], *, heading: str) -> Workbook:
    statuses = list(FindingStatus)
    workbook = Workbook(write_only=True)
    sheet = _sheet(
        workbook,
        "分类台账",
        heading,
        ["问题类别", *[str(s.label) for s in statuses], "逾期", "合计"],
    )
    for row in rows:
        sheet.append(
            [
                safe_cell(row["category__name"]),
                *[figure_cell(sheet, row[s.value]) for s in statuses],
                figure_cell(sheet, row["overdue"]),
                figure_cell(sheet, row["total"]),
            ]
        )
    per_source, total = tally
    sheet = _sheet(
        workbook, "整改统计", heading, ["来源", "发现问题", "已整改销号", "整改中", "整改率(%)"]
    )
    for label, row in [*((str(r["label"]), r) for r in per_source), ("合计", total)]:
        sheet.append(
            [
                label,
                figure_cell(sheet, row["found"]),
                figure_cell(sheet, row["closed"]),
                figure_cell(sheet, row["open"]),
                figure_cell(sheet, _rate(row["rate"]), RATE_FORMAT),
            ]
        )
    return workbook


def problem_list_workbook(findings: QuerySet[Finding], *, heading: str) -> Workbook:
    """Seed 001's annex: 序号, 县（市、区）, 镇（街）, 存在问题."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(
        workbook, "问题清单", heading, ["序号", "县（市、区）", "镇（街）", "村", "存在问题"]
    )
    for n, f in enumerate(findings.iterator(chunk_size=2000), start=1):
        region = f.region
        town = region.town.name if region.town_id else ""
        village = region.name if region.level == "village" else ""
        sheet.append(
            [safe_cell(v) for v in [n, region.county.display_name, town, village, f.description]]
        )
    return workbook


def worksheet_workbook(rows, *, heading: str, households=None) -> Workbook:
    """A team's field worksheet: its sampled regions with blank columns for
    findings, each sampled village followed by its households (户编号, 户主)."""
    workbook = Workbook(write_only=True)
    columns = ["序号", "县（市、区）", "乡镇", "行政村", "户编号", "户主"]
    columns += ["问题类别", "问题描述", "责任单位", "整改时限"]
    sheet = _sheet(workbook, "核查工作表", heading, columns)
    blank = len(columns) - 4
    for n, sampled in enumerate(rows, start=1):
        region = sampled.region
        town = (
            region.name if region.level == "town" else (region.town.name if region.town_id else "")
        )
        village = region.name if region.level == "village" else ""
        where = [region.county.display_name, town, village]
        sheet.append([safe_cell(v) for v in [n, *where]] + [None] * blank)
        # The village's sampled households, one line each for the visit's findings.
        for number, head in (households or {}).get(region.pk, []):
            sheet.append(
                [None, *(safe_cell(v) for v in [*where, number, head])] + [None] * (blank - 2)
            )
    return workbook
