"""An issue of a work briefing (工作简报, seed 004) drafted from a timetable's
records: the registry's gaps in the villages its assisting units help, unit by
unit, and the timetable's phases with their deadlines, in seed 004's words."""

from __future__ import annotations

import datetime as dt

from apps.bulletins import briefings

from .models import Phase, Timetable

ORDINALS = "一二三四五六七八九十"
HELPER = "我区"  # the briefing speaks for its editing office


def _day(day: dt.date, *, year: int) -> str:
    """12月10日 within the timetable's year, 2019年1月10日 beyond it."""
    if day.year == year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def phase_clause(phase: Phase, *, issued_on: dt.date | None, year: int) -> str:
    number = ORDINALS[phase.order - 1] if phase.order <= len(ORDINALS) else str(phase.order)
    deadline = _day(phase.deadline, year=year)
    if phase.starts_on and phase.starts_on == issued_on:
        window = f"即日至{deadline}"
    elif phase.starts_on:
        window = f"{_day(phase.starts_on, year=year)}至{deadline}"
    else:
        window = f"{deadline}前"
    return f"第{number}阶段是{window}，各驻村工作队要完成{phase.task}"


def timetable_article(timetable: Timetable) -> tuple[str, str]:
    phases = list(timetable.phases.order_by("order"))
    year = (timetable.issued_on or phases[0].deadline).year if phases else dt.date.today().year
    clauses = [phase_clause(p, issued_on=timetable.issued_on, year=year) for p in phases]
    body = (
        f"{timetable.issuer}部署了{timetable.title.removesuffix('时间表')}，"
        f"明确了各阶段工作时间表。{'；'.join(clauses)}。"
        "区扶贫办将建立常态化工作通报机制，对各驻村工作队的工作进度进行定期通报。"
    )
    return f"{timetable.issuer}明确{timetable.title}", body


def gap_article(timetable: Timetable, *, as_of: dt.date) -> tuple[str, str]:
    county = timetable.region
    facts = briefings.gaps_of_units(
        timetable.assisting_units.order_by("name"), region=county, as_of=as_of
    )
    sentence = briefings.gap_sentence(facts, helper=HELPER, county=county, as_of=as_of)
    body = (
        f"{sentence}\n\n帮扶人口落实“三保障”政策，是脱贫攻坚的重要任务。"
        "请各帮扶单位对照缺口清单，密切配合当地职能部门，分类别限时完成帮扶人口落实“三保障”政策的任务。"
    )
    return f"{HELPER}对口帮扶{county.name}{facts.villages}个贫困村“三保障”政策落实情况", body


def articles(timetable: Timetable, *, as_of: dt.date) -> list[tuple[str, str]]:
    return [gap_article(timetable, as_of=as_of), timetable_article(timetable)]
