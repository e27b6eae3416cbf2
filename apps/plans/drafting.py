"""A bulletin (通报) about a plan's targets, with the matrix as its annex.

The wording is the document's, in Chinese whatever the user's interface
language; the annex is the 目标责任分解表 frozen as it is when the draft is made.
"""

from __future__ import annotations

from django.utils import translation

from apps.bulletins.annexes import TableSnapshot
from apps.core.dates import official_date

from . import exports
from .selectors import Matrix
from .verdicts import Verdict

# The PDF's text block is 156 mm wide (28 characters of 3号): the columns a printed
# annex keeps — an overdue target says so in its status.
ANNEX_COLUMNS = (0, 2, 3, 5, 6, 8)  # 序号 目标任务 牵头单位 目标值 实际值 完成情况


def title(matrix: Matrix) -> str:
    return f"关于{matrix.plan.region.full_name}目标责任落实情况的通报"


def annex(matrix: Matrix) -> TableSnapshot:
    with translation.override("zh-hans"):
        columns = exports.columns()
        rows = exports.rows(matrix)
    return TableSnapshot(
        title=exports.title(matrix),
        columns=[columns[i] for i in ANNEX_COLUMNS],
        rows=[[row[i] for i in ANNEX_COLUMNS] for row in rows],
    )


def body(matrix: Matrix) -> str:
    plan = matrix.plan
    day = official_date(matrix.as_of)
    rows = matrix.rows
    counts = matrix.counts
    linked = sum(1 for row in rows if row.target.indicator)
    number = f"（{plan.document_number}）" if plan.document_number else ""
    paragraphs = [
        f"根据{plan.issuer}印发的《{plan.title}》{number}及其目标责任分解表，"
        f"现将{plan.region.full_name}截至{day}各项目标任务的落实情况通报如下。",
        "一、总体情况",
        f"方案共分解目标任务{len(rows)}项，其中{linked}项由建档立卡数据直接计算。"
        f"截至{day}，已达标{counts[Verdict.MET]}项，未达标{counts[Verdict.NOT_MET]}项，"
        f"尚未上报或暂无法计量{counts[Verdict.NOT_MEASURABLE]}项（详见附件）。",
        "二、未达标的目标任务",
    ]
    missed = [row for row in rows if row.verdict == Verdict.NOT_MET]
    for n, row in enumerate(missed, start=1):
        basis = f"（{row.basis}）" if row.basis else ""
        paragraphs.append(
            f"{n}. {row.target.description}（牵头单位：{row.target.lead_departments}）："
            f"目标值{row.shown_target}，实际值{row.shown_actual}{basis}。"
        )
    if not missed:
        paragraphs.append("无。")
    paragraphs += [
        "三、下一步工作要求",
        "请各牵头单位对照附件，对未达标的目标任务抓紧整改；对尚未上报的目标任务，"
        "及时上报完成情况并附佐证材料。",
    ]
    return "\n\n".join(paragraphs)
