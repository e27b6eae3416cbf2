"""Seed 004: the work briefing (简报) — series numbering, the gap counts from
the registry, and the issued PDF read back section by section."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.bulletins.briefings import gaps_of_units
from apps.bulletins.models import BriefingSeries, BriefingYear, Bulletin
from apps.bulletins.services import draft_briefing
from apps.demo import sanshui
from apps.timetables.models import Timetable
from tests.helpers import run_together

SEED_004 = Path(__file__).resolve().parent.parent / "data/seed_004_briefing.txt"
_cache: dict[str, object] = {}


def _series(last_issue: int = 19, last_running: int = 217) -> BriefingSeries:
    series = BriefingSeries.objects.create(
        name="测试简报",
        masthead="测试区扶贫工作简报",
        editing_office="测试区扶贫办",
        last_running_number=last_running,
    )
    BriefingYear.objects.create(series=series, year=2018, last_issue=last_issue)
    return series


def _draft(series, year=2018, title="一则消息") -> Bulletin:
    import datetime as dt

    return draft_briefing(
        user=User.objects.get(username="city"),
        series=series,
        articles=[(title, "正文。")],
        printed_on=dt.date(year, 11, 19),
    )


def test_numbers_go_on_from_the_series_and_are_never_reused(demo):
    series = _series()
    first = _draft(series)
    assert (first.issue_number, first.running_number) == ("〔2018〕第20期", 218)
    second = _draft(series)
    assert (second.sequence, second.running_number) == (21, 219)
    second.delete()  # a draft thrown away leaves its numbers unused, never given again
    third = _draft(series)
    assert (third.sequence, third.running_number) == (22, 220)
    # A new year starts at 第1期; the running total goes on.
    next_year = _draft(series, year=2019)
    assert (next_year.issue_number, next_year.running_number) == ("〔2019〕第1期", 221)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_drafts_get_distinct_consecutive_numbers(on_postgres, demo):
    series = _series()
    results = run_together(lambda i: _draft(series, title=f"消息{i}"), 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted((b.sequence, b.running_number) for b in results)
    assert numbers == [(20, 218), (21, 219), (22, 220), (23, 221)]
    series.refresh_from_db()
    assert series.last_running_number == 221


def test_suixi_gaps_are_seed_004s_from_the_registry(demo):
    sanshui.load_demo_timetable()
    sanshui.load_suixi_villages()
    sanshui.load_suixi_registry()
    timetable = Timetable.objects.get(title=sanshui.TITLE, issuer=sanshui.ISSUER)
    facts = gaps_of_units(
        timetable.assisting_units.all(), region=timetable.region, as_of=sanshui.AS_OF
    )
    assert facts.villages == 26
    assert facts.total == {
        "students": 124,
        "dibao_eligible": 237,
        "no_medical": 181,
        "no_pension": 680,
    }


@pytest.fixture
def briefing_text(demo, tmp_path) -> str:
    """The issued 20th issue, read back once; the render_bulletin output too."""
    if "text" not in _cache:
        briefing = sanshui.load_sanshui_briefing()
        with briefing.pdf.open("rb") as stored:
            _cache["bytes"] = stored.read()
        output = tmp_path / "004.pdf"
        call_command("render_bulletin", "〔2018〕第20期", "-o", str(output))
        _cache["rendered"] = output.read_bytes()
        with pdfplumber.open(io.BytesIO(_cache["bytes"])) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
        _cache["pages"] = [p.replace(" ", "") for p in pages]
        text = re.sub(r"—\s*\d+\s*—", "", "\n".join(pages))
        _cache["text"] = text.replace("\n", "").replace(" ", "")
    return _cache["text"]


def _in_order(text: str, items: list[str]) -> None:
    position = 0
    for item in items:
        found = text.find(item, position)
        assert found >= 0, f"{item} missing or out of order"
        position = found + len(item)


def test_masthead_numbers_and_contents(briefing_text):
    first = _cache["pages"][0]
    assert first.splitlines()[0] == "佛山市三水区扶贫工作简报"
    _in_order(
        first.replace("\n", ""),
        [
            "〔2018〕第20期",
            "总第218期",
            "佛山市三水区扶贫工作领导小组办公室编印",
            "2018年11月19日",
            "本期目录",
            "1.我区对口帮扶遂溪县26个贫困村",
            "2.佛山市三水区扶贫开发工作领导小组办公室明确",
        ],
    )
    assert "草稿" not in briefing_text
    assert _cache["rendered"] == _cache["bytes"]


def test_articles_carry_the_seeds_figures_in_order(briefing_text):
    seed = SEED_004.read_text(encoding="utf-8").replace(" ", "")
    gap_figures = [
        "26个贫困村",
        "124名贫困学生未领到生活补助",
        "237户符合条件纳入低保户的贫困户未纳入低保",
        "181个贫困人口未购买医疗保险",
        "680个贫困人口未参加养老保险",
    ]
    phases = [
        "第一阶段是即日至12月10日",
        "2016-2018年预脱贫户家庭人均可支配收入统计",
        "第二阶段是12月20日前",
        "第三阶段是12月30日前",
        "第四阶段是2019年1月10日前",
        "省系统帮扶数据的填报和录入",
    ]
    for figure in gap_figures + phases:
        assert figure in seed, figure
    second_title = "佛山市三水区扶贫开发工作领导小组办公室明确迎接2018年扶贫开发成效考核工作时间表"
    body = briefing_text.split("本期目录")[1]
    first_article = body.index("我区对口帮扶遂溪县26个贫困村“三保障”政策落实情况据统计")
    second_article = body.rindex(second_title)
    _in_order(body[first_article:second_article], gap_figures)
    _in_order(body[second_article:], phases)


def test_foot_lines(briefing_text):
    last = _cache["pages"][-1]
    _in_order(
        last.replace("\n", ""),
        [
            "抄报：佛山市扶贫开发领导小组办公室，罗卫平同志",
            "抄送：对口帮扶责任单位，对口帮扶派驻工作组（队）。",
            "佛山市三水区扶贫开发工作领导小组办公室2018年11月19日印发",
        ],
    )


def _admin_post(client, series: BriefingSeries, *, running: int, issue: int, year: int = 2018):
    """The series' admin change form, posted as the city office fills it in."""
    from django.urls import reverse

    counter = series.years.get(year=year)
    return client.post(
        reverse("admin:bulletins_briefingseries_change", args=[series.pk]),
        {
            "name": series.name,
            "masthead": series.masthead,
            "editing_office": series.editing_office,
            "last_running_number": running,
            "years-TOTAL_FORMS": 1,
            "years-INITIAL_FORMS": 1,
            "years-MIN_NUM_FORMS": 0,
            "years-MAX_NUM_FORMS": 1000,
            "years-0-id": counter.pk,
            "years-0-series": series.pk,
            "years-0-year": year,
            "years-0-last_issue": issue,
        },
    )


def test_admin_raises_the_counters_but_never_lowers_them(login):
    """The city office may continue a series numbered on paper (raise 第N期 and
    总第M期); a lower value is refused in Chinese and nothing changes, and so is
    one below an issue already drafted."""
    series = _series()
    client = login("city")
    refused = _admin_post(client, series, running=200, issue=5)
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "总第M期只能调高：现为217" in body
    assert "第N期只能调高：现为19" in body
    series.refresh_from_db()
    assert series.last_running_number == 217 and series.years.get().last_issue == 19

    raised = _admin_post(client, series, running=230, issue=25)
    assert raised.status_code == 302
    first = _draft(series)
    assert (first.sequence, first.running_number) == (26, 231)

    # Lowering to a number an issue already has is refused too.
    again = _admin_post(client, series, running=231, issue=25)
    assert again.status_code == 200 and "第N期只能调高：现为26" in again.content.decode()


def test_admin_series_is_the_city_offices(login):
    from django.urls import reverse

    series = _series()
    url = reverse("admin:bulletins_briefingseries_change", args=[series.pk])
    assert login("city").get(url).status_code == 200
    assert login("wuchuan").get(url).status_code == 403
    assert login("leader").get(url).status_code == 302  # not staff: the admin login
