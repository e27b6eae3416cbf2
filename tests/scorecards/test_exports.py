"""Each ranked table downloads as an .xlsx laid out like its annex."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import seed000

TITLES = {
    "county": "湛江市脱贫攻坚核查评价表（县级）",
    "town": "湛江市脱贫攻坚核查评价排名表（镇级）",
    "village": "湛江市脱贫攻坚核查评价排名表（村级）",
}


def expected_rows(level):
    if level == "county":
        header = ("序号", "县（市、区）", "初步打分", "综合评价")
        return header, [(a.position, a.name, a.score, a.rating) for a in seed000.annex_1()]
    if level == "town":
        return ("序号", "乡 镇"), [(a.position, a.name) for a in seed000.annex_2()]
    rows = [(a.position, a.name, "贫困村" if a.poor else "非贫困村") for a in seed000.annex_3()]
    rows[51] = (52, "徐闻县城北乡桃园村", "非贫困村")  # the annex's 城北镇 misspelling
    return ("序号", "行政村", "贫困村/非贫困村"), rows


def read_back(content: bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("level", ["county", "town", "village"])
def test_page_download_matches_the_annex_row_for_row(login, level):
    url = reverse("scorecards:ranked_table", args=["zhanjiang-2020", level])
    response = login("leader").get(url, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_back(response.content)
    header, body = expected_rows(level)
    assert rows[0] == (TITLES[level],)
    assert rows[1] == header
    assert rows[2:] == body


@pytest.mark.parametrize("level", ["county", "town", "village"])
def test_export_ranking_command_writes_the_same_table(demo, tmp_path, level):
    target = tmp_path / f"{level}.xlsx"
    call_command("export_ranking", campaign="zhanjiang-2020", level=level, output=str(target))
    header, body = expected_rows(level)
    assert read_back(target.read_bytes()) == [(TITLES[level],), header, *body]


def test_download_honours_scope_and_filters(login, county):
    url = reverse("scorecards:ranked_table", args=["zhanjiang-2020", "village"])
    response = login("wuchuan").get(url, {"export": "xlsx", "rating": "一般"})
    assert read_back(response.content)[2:] == [(47, "吴川市兰石镇名利村", "贫困村")]


def test_formula_like_names_are_written_as_text(demo):
    from apps.regions.models import Region
    from apps.scorecards.exports import ranking_workbook
    from apps.scorecards.models import RankingRow, ScoringScheme

    scheme = ScoringScheme.objects.get(campaign__slug="zhanjiang-2020", level="county")
    row = RankingRow.objects.filter(ranking__scheme=scheme, ranking__published_on__isnull=False)
    row.filter(position=1).update(label='=HYPERLINK("http://x")')
    from apps.core.excel import workbook_bytes

    rows = read_back(workbook_bytes(ranking_workbook(scheme, row.order_by("position"))))
    assert rows[2][1] == '\'=HYPERLINK("http://x")'
    assert Region.objects.exists()
