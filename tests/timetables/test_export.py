"""The timetable's .xlsx reads back with the states, villages and ticks shown on the page."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from apps.timetables.models import Deliverable

from .conftest import AS_OF


def _download(client, timetable, **query):
    response = client.get(
        reverse("timetables:detail", args=[timetable.pk]),
        {"as_of": AS_OF.isoformat(), "export": "xlsx", **query},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def test_export_reads_back(login, wuchuan_timetable):
    book = _download(login("city"), wuchuan_timetable)
    progress, checklist = book.worksheets
    rows = _rows(progress)
    assert rows[0][0] == "吴川市测试迎考时间表"
    assert rows[3][1] == "2020年12月25日"
    phases = {row[0]: row for row in rows if row[0] and str(row[0]).startswith("第")}
    assert phases["第一阶段"][1:3] == ("收入统计", "2020年11月20日至2020年12月10日")
    assert [phases[p][5] for p in ("第一阶段", "第二阶段", "第三阶段", "第四阶段")] == [
        "已完成",
        "逾期未完成",
        "部分完成",
        "未开始",
    ]
    assert [phases[p][3:5] for p in ("第一阶段", "第二阶段", "第三阶段", "第四阶段")] == [
        (3, 3),
        (2, 3),
        (1, 3),
        (0, 3),
    ]
    assert phases["第二阶段"][2] == "2020年12月20日前"
    villages = {r[0]: r for r in rows if r[0] and r[0].endswith("村") and r[0] != "行政村"}
    assert set(villages) == {"兰石镇兰石村", "兰石镇名利村", "浅水镇新屋村"}
    assert villages["浅水镇新屋村"][1:] == (
        "测试帮扶单位乙",
        "已完成",
        "逾期未完成",
        "未开始",
        "未开始",
        1,
        4,
        1,
    )
    items = _rows(checklist)
    assert items[0][:3] == ("阶段", "截止日期", "行政村")
    assert len(items) == 1 + 12
    ticked = [row for row in items[1:] if row[5]]
    assert len(ticked) == 6
    row = next(r for r in items if r[0] == "第二阶段" and r[2] == "兰石镇名利村")
    assert row[1] == "2020年12月20日" and row[5] == "2020年12月18日"


def test_text_that_looks_like_a_formula_stays_text(login, wuchuan_timetable):
    Deliverable.objects.filter(phase__timetable=wuchuan_timetable).update(
        note='=HYPERLINK("http://evil.example","点击")'
    )
    items = _rows(_download(login("city"), wuchuan_timetable).worksheets[1])
    assert all(str(row[8]).startswith("'=") for row in items[1:])


def test_export_is_scoped_like_the_page(login, wuchuan_timetable):
    response = login("leizhou").get(
        reverse("timetables:detail", args=[wuchuan_timetable.pk]), {"export": "xlsx"}
    )
    assert response.status_code == 404
