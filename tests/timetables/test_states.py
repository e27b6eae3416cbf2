"""Phase states on the page: completed, overdue (red), partly done, not started."""

import datetime as dt
import re

from django.urls import reverse

from apps.demo.timetables import REFERENCE_DATE, TITLE
from apps.timetables import selectors
from apps.timetables.models import Timetable

from .conftest import AS_OF


def _phase_states(html: str) -> list[str]:
    return re.findall(r'<tr class="phase-row[^"]*" data-state="(\w+)"', html)


def _page(client, timetable, **query):
    response = client.get(reverse("timetables:detail", args=[timetable.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_four_states_render_with_overdue_in_red(login, wuchuan_timetable):
    html = _page(login("city"), wuchuan_timetable, as_of=AS_OF.isoformat())
    assert _phase_states(html) == ["completed", "overdue", "partly_done", "not_started"]
    overdue_row = re.search(r'<tr class="phase-row ([^"]*)" data-state="overdue"', html)
    assert "table-danger" in overdue_row.group(1)
    for label in ("已完成", "逾期未完成", "部分完成", "未开始"):
        assert label in html
    assert "3 / 3" in html and "2 / 3" in html and "1 / 3" in html and "0 / 3" in html


def test_village_grid_names_the_overdue_village(login, wuchuan_timetable):
    html = _page(login("city"), wuchuan_timetable, as_of=AS_OF.isoformat())
    row = re.search(r"<th scope=\"row\">浅水镇新屋村</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'data-state="(\w*)"', row) == [
        "completed",
        "overdue",
        "not_started",
        "not_started",
    ]
    assert "测试帮扶单位乙" in row
    # A paired village outside the timetable's county is not on the checklist.
    assert "林排村" not in html


def test_an_earlier_day_shows_the_progress_as_it_was(login, wuchuan_timetable):
    """Ticks dated after the chosen day do not count yet; nothing was late then."""
    html = _page(login("city"), wuchuan_timetable, as_of="2020-12-07")
    assert _phase_states(html) == ["not_started", "not_started", "not_started", "not_started"]
    html = _page(login("city"), wuchuan_timetable, as_of="2020-12-21")
    assert _phase_states(html) == ["completed", "overdue", "not_started", "not_started"]


def test_the_checklist_shows_ticks_as_on_the_day_shown(login, wuchuan_timetable):
    """An item ticked after the chosen day is open that day, as in the grids,
    and says when it was done."""
    html = _page(login("city"), wuchuan_timetable, as_of="2020-12-07")
    checklist = html.split("checklist-table", 1)[1]
    assert "✓" not in checklist
    assert "完成）" in checklist  # e.g. （2020年12月9日完成）
    html = _page(login("city"), wuchuan_timetable, as_of=AS_OF.isoformat())
    assert "✓" in html.split("checklist-table", 1)[1]


def test_today_is_the_default_day(login, wuchuan_timetable, monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: dt.date(2021, 2, 1))
    html = _page(login("city"), wuchuan_timetable)
    assert _phase_states(html) == ["completed", "overdue", "overdue", "overdue"]


def test_the_demo_timetable_on_its_reference_day(login):
    timetable = Timetable.objects.get(title=TITLE)
    html = _page(login("leader"), timetable, as_of=REFERENCE_DATE.isoformat())
    assert _phase_states(html) == ["completed", "overdue", "partly_done", "not_started"]
    assert "佛山市三水区扶贫开发工作领导小组办公室" in html
    assert "2016-2018年预脱贫户家庭人均可支配收入统计" in html
    for name in ("乐民镇余村村", "草潭镇下六圩村", "北坡镇架岭村", "杨柑镇松树村"):
        assert name in html


def test_the_page_is_region_scoped(login, wuchuan_timetable):
    demo = Timetable.objects.get(title=TITLE)  # 遂溪县
    client = login("wuchuan")
    index = client.get(reverse("timetables:index")).content.decode()
    assert wuchuan_timetable.title in index and demo.title not in index
    assert client.get(reverse("timetables:detail", args=[demo.pk])).status_code == 404
    leizhou = login("leizhou")
    assert leizhou.get(reverse("timetables:detail", args=[wuchuan_timetable.pk])).status_code == 404
    assert wuchuan_timetable.title not in leizhou.get(reverse("timetables:index")).content.decode()
