"""The weekly progress notice (定期通报, seed 004) drafted from a timetable's
progress: the body in the seed's words and the village table as the annex.
The document is Chinese whatever the user's UI language, like the other
drafts (apps/bulletins/drafting.py); the city office edits it before issuing.
"""

from __future__ import annotations

from apps.bulletins.annexes import TableSnapshot
from apps.bulletins.drafting import chinese_number
from apps.core.dates import official_date
from apps.core.numbers import format_count

from .models import Phase, PhaseState
from .selectors import Progress

# Short words, so that the annex fits four phases on the 156 mm text block.
WORDS = {
    PhaseState.COMPLETED: "完成",
    PhaseState.OVERDUE: "逾期",
    PhaseState.PARTLY_DONE: "部分完成",
    PhaseState.NOT_STARTED: "未完成",
    "": "—",
}


def subject(progress: Progress) -> str:
    """迎接2018年扶贫开发成效考核工作 (the timetable's title without 时间表)."""
    title = progress.timetable.title
    return title.removesuffix("时间表") or title


def notice_title(progress: Progress) -> str:
    return f"关于{subject(progress)}进度情况的通报"


def window(phase: Phase) -> str:
    if phase.starts_on:
        return f"{official_date(phase.starts_on)}至{official_date(phase.deadline)}"
    return f"{official_date(phase.deadline)}前"


def _names(rows) -> str:
    return "、".join(row.label for row in rows)


def _phase_paragraph(progress: Progress, index: int, phase: Phase) -> str:
    head = f"（{chinese_number(index + 1)}）{phase.label}（{window(phase)}）：{phase.task}。"
    involved = [v for v in progress.villages if v.cells[index].total]
    done = progress.villages_of(index, PhaseState.COMPLETED)
    open_ = [v for v in involved if v.cells[index].state != PhaseState.COMPLETED]
    if not involved:
        return head + "本阶段没有应完成事项。"
    if not open_:
        return head + f"{len(done)}个村已全部完成。"
    parts = [f"已完成{len(done)}个村：{_names(done)}"] if done else []
    if phase.state == PhaseState.OVERDUE:
        parts.append(f"**逾期未完成{len(open_)}个村：{_names(open_)}**")
    elif not done and phase.state == PhaseState.NOT_STARTED:
        parts.append(f"{len(open_)}个村均未完成")
    else:
        parts.append(f"未完成{len(open_)}个村：{_names(open_)}")
    return head + "；".join(parts) + "。"


def draft_body(progress: Progress) -> str:
    timetable = progress.timetable
    phases = progress.phases
    issued = official_date(timetable.issued_on)
    counts = {state: len(progress.phases_in(state)) for state in PhaseState.values}
    overdue_villages = [v for v in progress.villages if v.overdue]
    paragraphs = [
        f"按照{timetable.issuer}{issued}部署的{subject(progress)}时间表，"
        f"现将截至{official_date(progress.as_of)}各驻村工作队的工作进度通报如下。",
        "一、总体进度",
        f"时间表共{len(phases)}个阶段：已完成{counts[PhaseState.COMPLETED]}个，"
        f"逾期未完成{counts[PhaseState.OVERDUE]}个，部分完成{counts[PhaseState.PARTLY_DONE]}个，"
        f"未开始{counts[PhaseState.NOT_STARTED]}个。{len(progress.villages)}个帮扶村"
        f"应完成事项{format_count(progress.total)}项，已完成{format_count(progress.done)}项。",
        "二、各阶段完成情况",
        *(_phase_paragraph(progress, i, phase) for i, phase in enumerate(phases)),
        "三、工作要求",
    ]
    if overdue_villages:
        paragraphs.append(
            f"（一）抓紧完成逾期任务。{_names(overdue_villages)}的驻村工作队要查找原因、"
            "加快进度，尽快完成逾期任务，并在平台上勾选完成、上传佐证材料。"
        )
        paragraphs.append(
            "（二）按时完成后续任务。各驻村工作队要对照时间表，按时、按质、按量完成各阶段任务。"
        )
    else:
        paragraphs.append(
            "各驻村工作队要对照时间表，按时、按质、按量完成各阶段任务，"
            "完成后在平台上勾选完成、上传佐证材料。"
        )
    paragraphs.append("各村进度见附件。")
    return "\n\n".join(paragraphs)


def annex_title(progress: Progress) -> str:
    return f"{subject(progress)}各村进度表"


def annex_table(progress: Progress) -> TableSnapshot:
    """序号, village, one column per phase (its deadline is in the body): four
    phases fit the 156 mm text block at the annex's 14 pt without wrapping."""
    columns = ["序号", "行政村", *(p.label for p in progress.phases)]
    rows = [
        [str(n), village.label, *(_cell(cell) for cell in village.cells)]
        for n, village in enumerate(progress.villages, start=1)
    ]
    return TableSnapshot(title=annex_title(progress), columns=columns, rows=rows)


def _cell(cell) -> str:
    word = WORDS[cell.state]
    return f"{word}（{cell.done}/{cell.total}）" if cell.total > 1 else word
