"""A team's visit results as .xlsx: one row per visit, one column per question."""

from __future__ import annotations

from django.db.models import QuerySet
from openpyxl import Workbook

from apps.core.dates import official_date
from apps.core.excel import safe_cell

from ..exports import _sheet
from ..models import Visit


def _answer(question: dict, value) -> str:
    if value is None:
        return ""
    if question["kind"] == "yesno":
        return "是" if value else "否"
    if question["kind"] == "members_yesno":
        noes = sum(1 for v in value.values() if v is False)
        return f"{len(value) - noes}人是、{noes}人否" if value else ""
    return str(value)


def results_workbook(visits: QuerySet[Visit], *, questions: list[dict], heading: str) -> Workbook:
    asked = [q for q in questions if q["kind"] != "photo"]
    photos = [q for q in questions if q["kind"] == "photo"]
    columns = ["序号", "镇（街）", "村", "户编号", "核查日期", "核查人"]
    columns += [q["label"] for q in asked] + [q["label"] for q in photos]
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, "入户核查结果", heading, columns)
    for n, visit in enumerate(visits.prefetch_related("photos"), start=1):
        village = visit.sampled.household.village
        taken = {p.question for p in visit.photos.all()}
        row = [
            n,
            village.town.name if village.town else "",
            village.name,
            visit.sampled.household.number,
            official_date(visit.visited_at.date()),
            visit.inspector.get_full_name() or visit.inspector.username if visit.inspector else "",
        ]
        row += [_answer(q, visit.answers.get(q["key"])) for q in asked]
        row += ["有" if q["key"] in taken else "无" for q in photos]
        sheet.append([safe_cell(v) for v in row])
    return workbook
