"""The returns' pages: the steps through the page, completeness ranked with its
.xlsx and sentence, and the inbox on the home page for every role — each in a
constant number of queries."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.demo.returns import load_returns_demo
from apps.returns.models import ReturnInstance, State


@pytest.fixture
def demo_returns(demo):
    load_returns_demo()
    return lambda county: ReturnInstance.objects.get(
        return_type__name="扶贫资金月度进度", region__name=county
    )


def test_county_corrects_and_resubmits_then_city_approves_on_the_page(demo_returns, login):
    wuchuan = demo_returns("吴川市")
    assert wuchuan.state == State.RETURNED
    c = login("wuchuan")
    page = c.get(reverse("returns:detail", args=[wuchuan.pk])).content.decode()
    assert "实际累计支出与拨付台账不一致" in page  # the reason it was returned
    c.post(
        reverse("returns:progress", args=[wuchuan.pk]),
        {"planned_cumulative_wan": "3340.00", "actual_cumulative_wan": "2950.00"},
    )
    response = c.post(
        reverse("returns:step", args=[wuchuan.pk]),
        {"action": "submit", "note": "已核对更正"},
        follow=True,
    )
    assert "报表现为“已上报”" in response.content.decode()
    refused = login("wuchuan").post(
        reverse("returns:step", args=[wuchuan.pk]), {"action": "approve"}
    )
    assert refused.status_code == 403
    c = login("city")
    c.post(reverse("returns:step", args=[wuchuan.pk]), {"action": "approve"})
    wuchuan.refresh_from_db()
    assert wuchuan.state == State.APPROVED
    snapshot = wuchuan.snapshots.get()
    assert snapshot.totals["funds.progress"]["actual_cumulative_wan"] == "2950.00"


def test_the_difference_after_unlocking_shows_on_the_page(demo_returns, login):
    lianjiang = demo_returns("廉江市")  # approved, unlock requested
    c = login("city")
    c.post(reverse("returns:step", args=[lianjiang.pk]), {"action": "grant_unlock"})
    c.post(
        reverse("returns:progress", args=[lianjiang.pk]),
        {"planned_cumulative_wan": "4580.00", "actual_cumulative_wan": "4299.90"},
    )
    page = c.get(reverse("returns:detail", args=[lianjiang.pk])).content.decode()
    assert "审核后有变动" in page
    assert "4231.70" in page and "4299.90" in page


def test_a_return_needs_its_reason(demo_returns, login):
    leizhou = demo_returns("雷州市")
    response = login("city").post(
        reverse("returns:step", args=[leizhou.pk]), {"action": "return", "note": ""}, follow=True
    )
    assert "请填写理由" in response.content.decode()
    leizhou.refresh_from_db()
    assert leizhou.state == State.SUBMITTED


def test_completeness_ranked_with_rates_and_late_counties(
    demo_returns, login, django_assert_max_num_queries
):
    c = login("city")
    query = {"period": "2020-10-01", "as_of": "2020-11-20"}
    kind = demo_returns("吴川市").return_type
    with django_assert_max_num_queries(12):
        page = c.get(reverse("returns:completeness"), {"type": kind.pk, **query})
    text = page.content.decode()
    # 10 counties: 6 submitted (吴川市's first submission counts), 5 by 11月5日, 4 approved.
    assert "应报10个，已报6个（报送率60.00%）" in text
    assert "2020年11月5日前按时报送5个（及时率50.00%），已审核4个" in text
    assert "60.00%（6/10）" in text  # the table shows numerator and denominator
    assert "逾期报送：徐闻县" in text
    assert "逾期未报：" in text and "遂溪县" in text
    rows = page.context["rows"]
    assert rows[0]["rank"] == 1 and rows[-1]["submitted"] == 0
    xlsx = c.get(reverse("returns:completeness_xlsx"), {"type": kind.pk, **query})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:3] == ["排名", "县（市、区）", "应报"]
    assert any(row[1] == "徐闻县" for row in values)
    assert any(isinstance(row[0], str) and "逾期报送：徐闻县" in row[0] for row in values)


def test_county_staff_see_only_their_county(demo_returns, login):
    page = login("wuchuan").get(reverse("returns:index")).content.decode()
    assert "吴川市" in page and "雷州市" not in page
    leizhou = demo_returns("雷州市")
    assert login("wuchuan").get(reverse("returns:detail", args=[leizhou.pk])).status_code == 404


INBOX = {
    "city": ["解锁申请", "待审核的报表", "待核实的整改"],
    "wuchuan": ["被退回待修改的报表", "待上报的报表", "待整改的问题", "待销号的红灯"],
    "leizhou": ["待上报的报表"],
    "inspector": ["待核实的整改"],
    "leader": ["上次访问以来印发的通报"],
    "yibao": ["待本部门答复的督办事项"],
    "nongye": ["待本部门答复的督办事项"],
}


@pytest.mark.parametrize("username", sorted(INBOX))
def test_every_demo_user_has_an_inbox(username, demo_returns, login, django_assert_max_num_queries):
    from apps.demo.monitoring import load_monitoring_demo  # noqa: F401 — red lights need households

    c = login(username)
    with django_assert_max_num_queries(40):
        page = c.get(reverse("dashboard")).content.decode()
    assert "我的待办" in page
    for label in INBOX[username]:
        if label == "待销号的红灯":
            continue  # the households (and their lights) are not in the test demo
        assert label in page, label


def test_inbox_queries_do_not_grow_with_data(demo_returns, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = login("wuchuan")
    with CaptureQueriesContext(connection) as before:
        c.get(reverse("dashboard"))
    from apps.returns.services import do_open_period

    kind = demo_returns("吴川市").return_type
    for month in (11, 12):
        do_open_period(
            actor=__import__("apps.accounts.models", fromlist=["User"]).User.objects.get(
                username="city"
            ),
            return_type=kind,
            day=dt.date(2020, month, 1),
        )
    with django_assert_num_queries(len(before.captured_queries)):
        page = c.get(reverse("dashboard")).content.decode()
    assert "待上报的报表" in page


def test_the_menu_count_is_the_inbox_total(demo_returns, login):
    c = login("city")
    # 1 unlock request, 2 returns to approve (雷州市, 麻章区's registry), 1 rectification.
    assert c.get(reverse("returns:inbox_count")).json() == {"count": 4}


def test_the_bulletin_drafter_states_the_reporting_rates(demo_returns):
    from apps.bulletins.drafting import problems
    from apps.inspections.models import Campaign

    text = "".join(problems(Campaign.objects.get(slug="zhanjiang-2020")))
    assert "报表报送情况。" in text
    assert "2020年10月扶贫资金月度进度：应报10个，已报6个（报送率60.00%）" in text
    assert "逾期报送：徐闻县。" in text
