"""Seed 002: Xuwen's 2019 self-assessment report drafted from records, issued,
and read back from its PDF — every figure in its section, in the seed's order."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import call_command

from apps.bulletins.models import Bulletin, DocumentKind
from apps.demo.xuwen import load_xuwen_report

SEED_002 = Path(__file__).resolve().parent.parent / "data/seed_002_report.txt"
TITLE = "徐闻县2019年扶贫开发工作自评报告"
_cache: dict[str, object] = {}

# (section heading's start, figures in the order the section states them).
SECTIONS = [
    (
        "一、进展情况与成效",
        [
            "村委会180个",
            "相对贫困村25个",
            "非贫困村155个",
            "9576户30811人",
            "9496户30539人脱贫",
            "99.12%",
            "退出9484户30482人",
            "98.93%",
            "44891万元",
            "43943.7万元",
            "97.89%",
            "义务教育学生4518人",
            "义务教育的4492人",
            "入学率99.4%",
            "无劳动能力贫困户共3492户5015人",
            "低保979户2200人",
            "五保2513户2815人",
            "全部纳保，纳保率100%",
            "30811人",
            "落实率100%",
            "2018年危房改造存量任务615户，已竣工615户，落实率100%",
            "2019年下达危房改造任务156户，已竣工156户，全部落实计划任务，落实率100%",
            "镇级特色产业23个",
            "7670.12万元",
            "村级特色产业36个",
            "3448.75万元",
            "现已就业6094人",
        ],
    ),
    ("二、典型经验与做法", []),
    (
        "三、2018年考核发现问题",
        ["反馈问题数量71个", "巡查25个、审计46个", "已整改销号31个", "巡查21个、审计10个", "40个"],
    ),
    ("四、问题差距", []),
    ("五、下一步工作思路", ["特此报告。"]),
]


@pytest.fixture
def report_pdf(demo, tmp_path) -> str:
    """The issued report's text. The import of the 30 811-person file takes a
    while, so it runs once; what the tests ask of the database is asked here."""
    if "text" not in _cache:
        report = load_xuwen_report()
        with report.pdf.open("rb") as stored:
            _cache["bytes"] = stored.read()
        _cache["stored"] = Bulletin.objects.get(kind=DocumentKind.REPORT, title=TITLE)
        output = tmp_path / "002.pdf"
        call_command("render_bulletin", TITLE, "-o", str(output))
        _cache["rendered"] = output.read_bytes()
        with pdfplumber.open(io.BytesIO(_cache["bytes"])) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
        _cache["pages"] = pages
        text = re.sub(r"—\s*\d+\s*—", "", "\n".join(pages))
        _cache["text"] = text.replace("\n", "").replace(" ", "")
    return _cache["text"]


def _sections(text: str) -> dict[str, str]:
    starts = [text.index(heading) for heading, _figures in SECTIONS]
    assert starts == sorted(starts), "the sections are out of order"
    ends = [*starts[1:], len(text)]
    return {
        heading: text[start:end]
        for (heading, _f), start, end in zip(SECTIONS, starts, ends, strict=True)
    }


def test_every_figure_in_its_section_in_order(report_pdf):
    seed = SEED_002.read_text(encoding="utf-8").replace(" ", "")
    sections = _sections(report_pdf)
    for heading, figures in SECTIONS:
        section, position = sections[heading], 0
        for figure in figures:
            assert figure in seed, f"{figure} is not seed 002's"
            found = section.find(figure, position)
            assert found >= 0, f"{figure} missing (or out of order) in {heading}"
            position = found + len(figure)


def test_every_rate_as_precise_as_the_seed_writes_it(report_pdf):
    """Each rate the report states is written as seed 002 writes rates: 99.4%
    for the enrolment (4492 / 4518, one decimal), 99.12% and 98.93% with two,
    100% without — never a figure the seed does not have, such as 99.42%."""
    seed = SEED_002.read_text(encoding="utf-8")
    seed_rates = set(re.findall(r"\d+(?:\.\d+)?%", seed))
    drafted = re.findall(r"\d+(?:\.\d+)?%", report_pdf)
    assert "99.42%" not in report_pdf
    assert drafted and set(drafted) <= seed_rates, set(drafted) - seed_rates


def test_rates_are_rounded_once_from_their_counts():
    from apps.bulletins.self_assessment import share

    assert share(4492, 4518, 1) == "99.4%"
    assert share(30539, 30811) == "99.12%"
    assert share(615, 615) == "100%"
    # 99.4459…% is 99.4% to one decimal, not 99.45% rounded up again.
    assert share(994459, 1000000, 1) == "99.4%"
    assert share(1, 0) == "〔待填写〕"


def test_front_and_signature_as_a_report(report_pdf):
    """A 报告: title, the superior office addressed, no red header or document
    number, signed by the county's leading group on the seed's date."""
    first = _cache["pages"][0].replace(" ", "")
    assert first.splitlines()[0] == TITLE
    assert "湛江市扶贫开发领导小组：" in first
    assert "〔2020〕" not in report_pdf and "文件" not in first
    assert report_pdf.endswith("特此报告。徐闻县扶贫开发领导小组2020年1月12日")
    assert "草稿" not in report_pdf


def test_issued_report_is_frozen_and_rendered_by_title(report_pdf):
    """render_bulletin finds the report by its title and writes the PDF it was
    issued with; the report belongs to Xuwen, its readers' scope."""
    report = _cache["stored"]
    assert report.is_issued and report.region.name == "徐闻县"
    assert _cache["rendered"] == _cache["bytes"]
