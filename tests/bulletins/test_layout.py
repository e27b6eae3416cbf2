"""The demo PDF measured against GB/T 9704-2012 (numbers: ../shared/gbt9704.md)."""

from collections import defaultdict

import pytest

from .conftest import MM_PER_PT

RED_CMYK = (0.0, 0.8, 0.8, 0.0)


def _mm(value: float) -> float:
    return value * MM_PER_PT


def _body_chars(page):
    return [c for c in page.chars if c["text"].strip() and abs(c["size"] - 16) < 0.05]


def _lines(chars) -> dict[float, list[dict]]:
    lines = defaultdict(list)
    for c in chars:
        lines[round(c["top"], 0)].append(c)
    return dict(sorted(lines.items()))


@pytest.fixture
def body_page(demo_pdf):
    """The first page of body text only (page 2: page 1 carries the header)."""
    return demo_pdf.pages[1]


def test_page_is_a4(demo_pdf):
    page = demo_pdf.pages[0]
    assert round(_mm(page.width)) == 210 and round(_mm(page.height)) == 297


def test_text_block_left_and_top(body_page):
    chars = _body_chars(body_page)
    assert _mm(min(c["x0"] for c in chars)) == pytest.approx(28, abs=1)
    assert _mm(min(c["top"] for c in chars)) == pytest.approx(37, abs=1)
    # The right edge stays inside the 156 mm text block.
    assert _mm(max(c["x1"] for c in chars)) <= 28 + 156 + 0.5


def test_body_is_16pt_in_22_lines_of_28_characters(body_page):
    chars = _body_chars(body_page)
    assert {round(c["size"], 1) for c in chars} == {16.0}
    lines = _lines(chars)
    assert len(lines) == 22
    tops = list(lines)
    pitches = {round(_mm(b - a), 1) for a, b in zip(tops, tops[1:], strict=False)}
    # Line boxes sit on a 225/22 mm grid (a heading in another font may shift
    # its glyph tops, never the grid: two pitches still add up).
    assert _mm(tops[-1] - tops[0]) == pytest.approx(21 * 225 / 22, abs=1.5)
    assert max(pitches) < 12
    # CJK-only lines: a full line holds exactly 28 characters, none holds more.
    cjk_counts = [
        len(line) for line in lines.values() if all(ord(c["text"]) > 0x2000 for c in line)
    ]
    assert max(cjk_counts) == 28
    assert cjk_counts.count(28) >= 8


def test_red_mark_and_rule(demo_pdf):
    page = demo_pdf.pages[0]
    mark = [c for c in page.chars if c["size"] > 22]
    assert "".join(c["text"] for c in mark) == "湛江市扶贫开发领导小组文件"
    assert {tuple(c["non_stroking_color"]) for c in mark} == {RED_CMYK}
    # Mark's top edge 35 mm below the text block's top (37 mm), centred.
    assert _mm(min(c["top"] for c in mark)) == pytest.approx(72, abs=1)
    centre = _mm((min(c["x0"] for c in mark) + max(c["x1"] for c in mark)) / 2)
    assert centre == pytest.approx(28 + 78, abs=0.5)
    rules = [r for r in page.rects if tuple(r["non_stroking_color"] or ()) == RED_CMYK]
    assert len(rules) == 1
    rule = rules[0]
    assert _mm(rule["x0"]) == pytest.approx(28, abs=0.5)
    assert _mm(rule["x1"] - rule["x0"]) == pytest.approx(156, abs=0.5)
    number = [c for c in _body_chars(page) if _mm(c["top"]) < _mm(rule["top"])]
    assert "".join(c["text"] for c in number).startswith("湛扶组〔2020〕33号")
    gap = _mm(rule["top"] - max(c["bottom"] for c in number))
    assert gap == pytest.approx(4, abs=1)


def test_title_is_22pt_bold_serif_centred(demo_pdf):
    title = [c for c in demo_pdf.pages[0].chars if round(c["size"]) == 22]
    assert "".join(c["text"] for c in title) == "湛江市2020年脱贫攻坚核查情况通报"
    assert all("Bold" in c["fontname"] for c in title)
    centre = _mm((min(c["x0"] for c in title) + max(c["x1"] for c in title)) / 2)
    assert centre == pytest.approx(106, abs=0.5)


def test_page_numbers_on_every_page_on_the_outer_side(demo_pdf):
    for number, page in enumerate(demo_pdf.pages, start=1):
        chars = [c for c in page.chars if round(c["size"]) == 14 and _mm(c["top"]) > 262]
        text = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
        assert text.replace(" ", "") == f"—{number}—", (number, text)
        # 7 mm below the 225 mm text block that starts at 37 mm.
        assert _mm(min(c["top"] for c in chars)) == pytest.approx(37 + 225 + 7, abs=1)
        left, right = _mm(min(c["x0"] for c in chars)), _mm(max(c["x1"] for c in chars))
        if number % 2:  # odd: right, one 14 pt character in from the text block's edge
            assert right == pytest.approx(184 - 14 * MM_PER_PT, abs=0.5)
        else:
            assert left == pytest.approx(28 + 14 * MM_PER_PT, abs=0.5)


def test_attachments_start_on_new_pages_with_heiti_label(demo_pdf):
    labels = {}
    for number, page in enumerate(demo_pdf.pages, start=1):
        first = (page.extract_text() or "").splitlines()[0].replace(" ", "")
        if first.startswith("附件") and len(first) <= 3:
            labels[first] = (number, page)
    assert list(labels) == ["附件1", "附件2", "附件3"]
    for _number, page in labels.values():
        label = [c for c in page.chars if c["text"] in "附件123"][:3]
        assert all("Sans" in c["fontname"] or "Hei" in c["fontname"] for c in label)
        assert _mm(label[0]["x0"]) == pytest.approx(28, abs=1)


def test_table_header_repeats_on_every_page_of_an_annex(demo_pdf):
    pages_with_villages = [
        page for page in demo_pdf.pages if "非贫困村" in (page.extract_text() or "")
    ]
    assert len(pages_with_villages) >= 2
    for page in pages_with_villages:
        assert "序号 行政村 贫困村/非贫困村" in page.extract_text()


def test_banji_on_the_last_page_at_the_foot(demo_pdf):
    page = demo_pdf.pages[-1]
    printing = [c for c in page.chars if c["text"] == "印"]
    assert printing and _mm(printing[-1]["bottom"]) > 240
    # Full-width rules; the last one on the bottom edge of the text block (262 mm).
    rules = [r for r in page.rects if _mm(r["x1"] - r["x0"]) == pytest.approx(156, abs=0.5)]
    assert len({round(r["top"]) for r in rules}) >= 3
    assert _mm(max(r["bottom"] for r in rules)) == pytest.approx(262, abs=0.5)
