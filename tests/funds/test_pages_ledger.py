"""The project ledger (项目台账): Xuwen's projects per kind as seed 002 counts
them, on the page and in the .xlsx; filters; scope; constant queries."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from apps.funds.models import Stage
from apps.regions.models import Level, Region
from tests.factories import ProjectFactory, project_kind

pytestmark = pytest.mark.django_db

# Seed 002: 23 town-level projects 7670.12万元, 36 village-level 3448.75万元,
# 一村一品 2497.98万元 of which 800 special funds and 1697.98 self-raised.
SEED_002 = {
    "镇级特色产业": (23, "7,670.12万元"),
    "村级特色产业": (36, "3,448.75万元"),
    "一村一品": (1, "2,497.98万元"),
}


def xuwen() -> Region:
    return Region.objects.get(level=Level.COUNTY, name="徐闻县")


def kind_rows(response) -> dict[str, str]:
    html = response.content.decode()
    rows = re.findall(r'<tr data-kind="(.*?)">(.*?)</tr>', html, re.S)
    return {
        kind: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells)).strip() for kind, cells in rows
    }


def test_xuwen_per_kind_count_and_investment_as_seed_002(login):
    response = login("city").get(reverse("funds:projects"), {"county": xuwen().pk})
    assert response.status_code == 200
    rows = kind_rows(response)
    assert set(rows) == set(SEED_002)
    for kind, (count, total) in SEED_002.items():
        assert rows[kind].startswith(f"{kind} {count}个"), rows[kind]
        assert rows[kind].endswith(total)
    # 一村一品: 800 special + 1697.98 self-raised.
    assert "800.00万元 1,697.98万元 0.00万元 2,497.98万元" in rows["一村一品"]


def test_ledger_xlsx_has_the_same_figures_and_chinese_headers(login):
    response = login("city").get(reverse("funds:projects_xlsx"), {"county": xuwen().pk})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    projects, by_kind = workbook.worksheets
    assert projects.title == "项目" and by_kind.title == "按项目类型"
    header = [cell.value for cell in projects[2]]
    assert header[:8] == [
        "序号",
        "县（市、区）",
        "乡镇",
        "行政村",
        "项目名称",
        "项目类型",
        "立项年度",
        "项目阶段",
    ]
    assert "专项资金（万元）" in header and "总投资（万元）" in header
    assert projects.max_row == 2 + 23 + 36 + 1
    totals = {row[0]: row[1:] for row in by_kind.iter_rows(min_row=2, values_only=True)}
    assert totals["镇级特色产业"][0] == 23 and Decimal(str(totals["镇级特色产业"][4])) == Decimal(
        "7670.12"
    )
    assert totals["村级特色产业"][0] == 36 and Decimal(str(totals["村级特色产业"][4])) == Decimal(
        "3448.75"
    )
    special, self_raised, _other, total = (Decimal(str(v)) for v in totals["一村一品"][1:])
    assert (special, self_raised, total) == (Decimal("800"), Decimal("1697.98"), Decimal("2497.98"))
    # Amount cells are numbers with two decimals, not text.
    total_column = header.index("总投资（万元）")
    cell = projects.cell(row=3, column=total_column + 1)
    assert isinstance(cell.value, int | float) and cell.number_format == "0.00"


def test_the_xlsx_writes_no_formula(login, wuchuan_village):
    ProjectFactory(region=wuchuan_village, name='=HYPERLINK("http://evil.example/","点我")')
    ProjectFactory(region=wuchuan_village, name="+SUM(A1)", tender_reference="@cmd")
    response = login("city").get(
        reverse("funds:projects_xlsx"), {"county": wuchuan_village.county_id}
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {'\'=HYPERLINK("http://evil.example/","点我")', "'+SUM(A1)", "'@cmd"} <= texts


def test_filters_by_kind_stage_town_and_year(login):
    client = login("city")
    url = reverse("funds:projects")
    county = xuwen()
    town_kind = project_kind("镇级特色产业")

    def counts(**params) -> dict[str, int]:
        rows = kind_rows(client.get(url, {"county": county.pk, **params}))
        return {kind: int(re.search(r" (\d+)个", cells).group(1)) for kind, cells in rows.items()}

    assert counts(kind=town_kind.pk) == {"镇级特色产业": 23}
    assert counts(year=2016) == {"镇级特色产业": 6, "村级特色产业": 9}
    assert counts(year=2018) == {"镇级特色产业": 6, "村级特色产业": 9, "一村一品": 1}
    under_way = counts(stage=Stage.UNDER_WAY)
    assert sum(under_way.values()) == 4  # a third of 2019's projects
    nanshan = Region.objects.get(level=Level.TOWN, name="南山镇")
    in_nanshan = counts(town=nanshan.pk)
    assert in_nanshan["一村一品"] == 1 and sum(in_nanshan.values()) < 60
    # The table pages by 50: Xuwen's 60 projects on two pages.
    first = client.get(url, {"county": county.pk}).content.decode()
    assert len(re.findall(r'href="/funds/projects/\d+/"', first)) == 50 and "page=2" in first
    second = client.get(url, {"county": county.pk, "page": 2}).content.decode()
    assert len(re.findall(r'href="/funds/projects/\d+/"', second)) == 10


def test_county_staff_see_their_county_only(login, wuchuan_village, leizhou_village):
    mine = ProjectFactory(region=wuchuan_village, name="吴川市名利村测试项目")
    theirs = ProjectFactory(region=leizhou_village, name="雷州市测试项目秘密")
    client = login("wuchuan")
    page = client.get(reverse("funds:projects")).content.decode()
    assert mine.name in page and theirs.name not in page and "南山镇" not in page
    assert client.get(reverse("funds:project", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("funds:project", args=[mine.pk])).status_code == 200
    # Filtering by another county shows nothing of it (the choice is not offered).
    other = client.get(reverse("funds:projects"), {"county": leizhou_village.county_id})
    assert theirs.name not in other.content.decode()
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("funds:projects_xlsx")).content)
    )
    names = {row[4] for row in workbook.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert mine.name in names and theirs.name not in names


def test_ledger_costs_the_same_queries_whatever_the_records(
    login, wuchuan_village, django_assert_max_num_queries
):
    client = login("city")

    def count(url) -> int:
        with django_assert_max_num_queries(14) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    urls = [reverse("funds:projects"), reverse("funds:projects_xlsx")]
    before = [count(url) for url in urls]
    for number in range(60):
        ProjectFactory(region=wuchuan_village, name=f"批量项目{number}")
    assert [count(url) for url in urls] == before


@pytest.mark.parametrize("value", [None, "", "2", 2])
def test_quick_town_select_renders_what_djangos_select_renders(value):
    from django import forms
    from django.test.testcases import assert_and_parse_html

    from apps.funds.filters import QuickSelect

    choices = [("", "全部乡镇"), (1, "徐闻县·城北乡"), (2, "雷州市·城北<镇>")]
    attrs = {"class": "form-select", "id": "id_town"}
    quick = QuickSelect(attrs=attrs, choices=choices).render("town", value)
    django = forms.Select(attrs=attrs, choices=choices).render("town", value)
    assert assert_and_parse_html(None, quick, None, "") == assert_and_parse_html(
        None, django, None, ""
    )
