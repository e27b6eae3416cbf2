"""Property: whatever a workbook's bytes, the reader and checker answer with a
clean parse or a list of Chinese messages — never another exception — within
a time and memory bound (hypothesis mutates a valid file)."""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.households.imports import ImportRejected, check_file
from apps.households.imports.results import ParsedFile
from tests.helpers.hostile import member_values, one_sheet, row_xml, valid_sheet, write_workbook

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SECONDS = 5
TRACED_MB = 64

BASE = valid_sheet(row_xml(3, member_values("H0001", order=12, 姓名="李某", 与户主关系="配偶")))
# Fragments a hostile or broken file is made of.
TOKENS = [
    b'<row r="2000000000">',
    b'<row r="1048577"/>',
    b"<row/>" * 50,
    b"</row>",
    b"<row>",
    b'<c r="ZZZZZZ2"><v>1</v></c>',
    b'<c r="XFD2" t="s"><v>7</v></c>',
    b'<c r="B2" t="s"><v>-1</v></c>',
    b'<c r="C2" t="s"><v>99999999999999999999</v></c>',
    b'<c r="AA2"><v>3000000</v></c>',
    b'<c r="AA2"><v>nan</v></c>',
    b'<c r="AA2"><v>1e400</v></c>',
    b'<c r="D2" t="inlineStr"><is><t>\xd5\xc5\xc8\xfd</t></is></c>',
    b'<c r="X2" t="inlineStr"><is><t>\xc2\xb2440883198001010016</t></is></c>',
    b'<c r="E2" t="b"><v>x</v></c>',
    b'<c r="F2" t="d"><v>2020-01-01</v></c>',
    b'<c r="G2">',
    b"<c>" * 20,
    b"&amp;&lt;&#1234567;",
    b"<x:row>",
    b"\x00\xff",
]


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for position, cut, insert in edits:
        at = position % (len(data) + 1)
        data = data[:at] + insert + data[at + cut :]
    return data


EDITS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1 << 20),
        st.integers(min_value=0, max_value=40),
        st.one_of(st.sampled_from(TOKENS), st.binary(max_size=12)),
    ),
    min_size=1,
    max_size=6,
)


def _assert_chinese_or_clean(path) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        try:
            result = check_file(path)
        except ImportRejected as rejected:
            assert rejected.problems
            for problem in rejected.problems:
                assert CHINESE.search(problem.reason), problem
        else:
            assert isinstance(result, ParsedFile)
        assert time.perf_counter() - start < SECONDS
        assert tracemalloc.get_traced_memory()[1] < TRACED_MB * 2**20
    finally:
        tracemalloc.stop()


@settings(
    max_examples=80,
    deadline=None,  # the bound is asserted inside (a loaded machine varies too much)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS, shared=st.booleans())
def test_mutated_sheet_xml_reads_cleanly_or_in_chinese(demo, tmp_path, edits, shared):
    xml = _mutate(BASE.encode(), edits)
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings += b"<si><t>\xe5\xbc\xa0</t></si></sst>"
    path = one_sheet(tmp_path / "m.xlsx", xml, shared_strings=strings if shared else None)
    _assert_chinese_or_clean(path)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
def test_mutated_zip_bytes_read_cleanly_or_in_chinese(demo, tmp_path, edits):
    good = write_workbook(tmp_path / "good.xlsx", [("贫困人口明细", BASE, "")])
    path = tmp_path / "m.xlsx"
    path.write_bytes(_mutate(good.read_bytes(), edits))
    _assert_chinese_or_clean(path)
