"""The demo bulletin — seed 000 regenerated from the demo campaign — read back."""

import re

from tests import seed000

# What the seed prints where the record corrects it (annex 3 row 52: the town is 城北乡).
CORRECTED = {"徐闻县城北镇桃园村": "徐闻县城北乡桃园村"}


def _text(pdf) -> str:
    """The whole text, without the page numbers (— 3 —) between pages."""
    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return re.sub(r"—\s*\d+\s*—", "", text)


def _lines(pdf) -> list[str]:
    return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]


def test_front_matter_and_headings(demo_pdf):
    first = demo_pdf.pages[0].extract_text()
    assert "湛江市扶贫开发领导小组文件" in first
    assert "湛扶组〔2020〕33号" in first
    assert "签发人：锺力" in first.replace(" ", "")
    assert "湛江市2020年脱贫攻坚核查情况通报" in first
    lines = [line.replace(" ", "") for line in _lines(demo_pdf)]
    for heading in ("一、基本情况", "二、核查评价结果", "三、存在问题", "四、下一步工作要求"):
        assert heading in lines
    text = _text(demo_pdf).replace("\n", "")
    for n in "一二三四五六七八九十":
        assert f"（{n}）" in text


def test_annex_rows_in_annex_order(demo_pdf):
    lines = [line.replace(" ", "") for line in _lines(demo_pdf)]
    start = lines.index("附件1")
    annex_lines = lines[start:]
    expected = (
        ["附件1", "湛江市脱贫攻坚核查评价表（县级）"]
        + [f"{r.position}{r.name}{r.score}{r.rating}" for r in seed000.annex_1()]
        + ["附件2", "湛江市脱贫攻坚核查评价排名表（镇级）"]
        + [f"{r.position}{r.name}" for r in seed000.annex_2()]
        + ["附件3", "湛江市脱贫攻坚核查评价排名表（村级）"]
        + [
            f"{r.position}{CORRECTED.get(r.name, r.name)}{'贫困村' if r.poor else '非贫困村'}"
            for r in seed000.annex_3()
        ]
    )
    # Every expected line appears, in this order (headers repeat on new pages).
    position = 0
    for wanted in expected:
        position = annex_lines.index(wanted, position) + 1
    assert len(seed000.annex_3()) == 58


def test_attachment_note_and_banji(demo_pdf):
    text = _text(demo_pdf).replace(" ", "")
    assert "附件：1.湛江市脱贫攻坚核查评价表（县级）" in text
    last = demo_pdf.pages[-1].extract_text().replace(" ", "")
    assert "公开方式：主动公开" in last
    assert "湛江市农业农村局办公室2020年11月20日印发" in last
    assert "校对：陈碧泉" in last


def test_no_missing_glyphs(demo_pdf):
    """Every character came out as itself: no replacement or .notdef boxes, and
    every embedded font is a CJK font of the stacks (no silent fallback)."""
    chars = [c for page in demo_pdf.pages for c in page.chars]
    assert chars
    assert not [c for c in chars if c["text"] in ("\ufffd", "") or "notdef" in c["text"]]
    fonts = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for c in chars}
    stack_fonts = ("Fandol", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "AR-PL-KaitiM-GB")
    assert all(font.startswith(stack_fonts) for font in fonts), fonts
    # 仿宋 carries the body; a character FandolFang lacks (埇) comes from the
    # next font of the 仿宋 stack, not from whatever fontconfig picks.
    by_font = {}
    for c in chars:
        by_font.setdefault(re.sub(r"^[A-Z]{6}\+", "", c["fontname"]), set()).add(c["text"])
    assert len(by_font["FandolFang"]) > 500
    assert "埇" in by_font["Noto-Serif-CJK-SC"]


def test_body_follows_the_seed(demo_pdf):
    text = _text(demo_pdf).replace("\n", "").replace(" ", "")
    for sentence in (
        "共组成7个核查组，于2020年11月3日-13日组织实施湛江市2020年脱贫攻坚核查工作",
        "抽查了29个乡镇、58个行政村、580户贫困户",
        "吴川市兰石镇名利村等12个行政村核查结果为“一般”等次",
        "全力以赴抓好迎检工作",
    ):
        assert sentence in text
