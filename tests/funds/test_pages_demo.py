"""The demo's fund records (apps/demo/funds.py) add up to the seeds' figures
and load once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.accounts.access import SYSTEM
from apps.audit.models import Change
from apps.demo.funds import load_funds_demo
from apps.funds import selectors, usage
from apps.funds.models import Expenditure, FundAllocation, Project
from apps.regions.models import Level, Region

pytestmark = pytest.mark.django_db


def test_xuwen_adds_up_to_seed_002(demo):
    xuwen = Region.objects.get(level=Level.COUNTY, name="徐闻县")
    [row] = selectors.fund_usage(actor=SYSTEM, years=range(2016, 2020), region=xuwen)
    assert (row.allocated, row.spent, row.rate) == (
        Decimal("44891"),
        Decimal("43943.7"),
        Decimal("97.89"),
    )
    assert [s.source for s in row.by_source] == ["省", "对口帮扶市", "市", "县本级"]
    totals = {
        item["kind_name"]: (item["count"], item["special"], item["self_raised"], item["total"])
        for item in selectors.project_totals_by_kind(
            actor=SYSTEM, region=xuwen, years=range(2016, 2020)
        )
    }
    assert totals["镇级特色产业"][0] == 23 and totals["镇级特色产业"][3] == Decimal("7670.12")
    assert totals["村级特色产业"][0] == 36 and totals["村级特色产业"][3] == Decimal("3448.75")
    assert totals["一村一品"] == (1, Decimal("800"), Decimal("1697.98"), Decimal("2497.98"))
    # Every allocation's spent sum is the sum of its payments.
    for allocation in FundAllocation.objects.filter(region__county=xuwen):
        paid = sum(e.amount_wan for e in allocation.expenditures.all())
        assert allocation.spent_wan == paid


def test_exactly_the_five_counties_are_behind_on_the_deadline(demo):
    years = usage.allocation_years(actor=SYSTEM)
    rows = usage.disbursement_by(actor=SYSTEM, years=years, deadline=dt.date(2020, 11, 20))
    assert [row.county for row in rows if not row.fully_spent] == [
        "雷州市",
        "廉江市",
        "吴川市",
        "遂溪县",
        "徐闻县",
    ]
    assert len(rows) == 10  # every county of the demo city has 2020 money


def test_loading_again_changes_nothing(demo):
    counts = (FundAllocation.objects.count(), Project.objects.count(), Expenditure.objects.count())
    history = Change.objects.count()
    assert load_funds_demo() == 0
    assert (
        FundAllocation.objects.count(),
        Project.objects.count(),
        Expenditure.objects.count(),
    ) == counts
    assert Change.objects.count() == history


def test_the_demo_records_have_history(demo):
    project = Project.objects.get(name="南山镇“一村一品”菠萝产业提升项目")
    [created] = Change.objects.filter(object_pk=str(project.pk), content_type__model="project")
    assert created.action == "create" and created.user is None  # 系统
