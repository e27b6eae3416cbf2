"""The aggregations the pages report: computed in the database, rounded as
the seeds round, scoped to the user's counties, a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.access import SYSTEM
from apps.funds import loan_selectors, selectors
from apps.funds.services import do_create_asset_document, do_record_repayment
from tests.factories import (
    ExpenditureFactory,
    FundAllocationFactory,
    HouseholdFactory,
    MicroLoanFactory,
    ProjectFactory,
    fund_source,
    project_kind,
)

pytestmark = pytest.mark.django_db

# Xuwen 2016–2019 (seed 002): 44891万元 allocated by four levels, 43943.7 spent.
XUWEN_SPLIT = [  # source, year, allocated, spent
    ("省", 2016, "30000.00", "30000.00"),
    ("对口帮扶市", 2017, "10000.00", "9500.00"),
    ("市", 2018, "2445.50", "2000.00"),
    ("县本级", 2019, "2445.50", "2443.70"),
]


def _allocate_and_spend(region, split=XUWEN_SPLIT):
    for source, year, allocated, spent in split:
        allocation = FundAllocationFactory(
            region=region, year=year, source=fund_source(source), amount_wan=Decimal(allocated)
        )
        if Decimal(spent):
            ExpenditureFactory(allocation=allocation, amount_wan=Decimal(spent))


def test_fund_usage_rounds_as_seed_002(wuchuan_village):
    county = wuchuan_village.county
    _allocate_and_spend(county)
    [row] = selectors.fund_usage(actor=SYSTEM, years=range(2016, 2020), region=county)
    assert (row.county, row.allocated, row.spent) == (
        "吴川市",
        Decimal("44891"),
        Decimal("43943.7"),
    )
    assert row.rate == Decimal("97.89")
    assert row.remaining == Decimal("947.30")
    rates = {s.source: (s.allocated, s.spent, s.rate) for s in row.by_source}
    assert list(rates) == ["省", "对口帮扶市", "市", "县本级"]  # the list's order
    assert rates["对口帮扶市"] == (Decimal("10000"), Decimal("9500"), Decimal("95.00"))
    assert rates["市"][2] == Decimal("81.78")  # 2000 / 2445.5
    assert rates["县本级"][2] == Decimal("99.93")  # 2443.7 / 2445.5
    # The years select the allocations: 2016 alone is fully spent.
    [only_2016] = selectors.fund_usage(actor=SYSTEM, years=[2016], region=county)
    assert only_2016.rate == Decimal("100.00")
    assert selectors.not_fully_spent([row, only_2016]) == [row]


def test_fund_usage_by_town_keeps_county_money_apart(wuchuan_village):
    county, town = wuchuan_village.county, wuchuan_village.town
    FundAllocationFactory(region=county, amount_wan=Decimal("100"))
    ExpenditureFactory(
        allocation=FundAllocationFactory(region=wuchuan_village, amount_wan=Decimal("30")),
        amount_wan=Decimal("10"),
    )
    rows = selectors.fund_usage(actor=SYSTEM, years=[2019], by="town", region=county)
    by_town = {row.town_id: (row.allocated, row.spent, row.rate) for row in rows}
    assert by_town == {
        town.pk: (Decimal("30"), Decimal("10"), Decimal("33.33")),
        None: (Decimal("100"), Decimal("0"), Decimal("0.00")),
    }


def test_a_county_user_sees_only_their_county(wuchuan_village, leizhou_village, user):
    for village in (wuchuan_village, leizhou_village):
        _allocate_and_spend(village.county, XUWEN_SPLIT[:1])
        ProjectFactory(region=village)
        loan = MicroLoanFactory(borrower=HouseholdFactory(village=village))
        assert loan.due_on == dt.date(2020, 11, 1)
    wuchuan = user("wuchuan")
    as_of = dt.date(2020, 11, 20)
    usage = selectors.fund_usage(actor=wuchuan, years=[2016])
    assert [row.county for row in usage] == ["吴川市"]
    assert {p.region.county.name for p in selectors.projects(actor=wuchuan)} == {"吴川市"}
    assert [
        row["county"] for row in loan_selectors.overdue_by_county(actor=wuchuan, as_of=as_of)
    ] == ["吴川市"]
    assert {
        loan.borrower.village.county.name
        for loan in loan_selectors.overdue_loans(actor=wuchuan, as_of=as_of)
    } == {"吴川市"}
    missing = loan_selectors.counties_missing_asset_documents(actor=wuchuan)
    assert [c.name for c in missing["operation"]] == ["吴川市"]
    # The city office sees both counties (and the demo's Xuwen 2016 money).
    city = {row.county for row in selectors.fund_usage(actor=user("city"), years=[2016])}
    assert city == {"吴川市", "雷州市", "徐闻县"}


def test_overdue_is_computed_on_an_as_of_date(wuchuan_village):
    def loan(due_on, repayments=()):
        made = MicroLoanFactory(
            borrower=HouseholdFactory(village=wuchuan_village),
            issued_on=dt.date(2018, 1, 1),
            term_months=12,
            due_on=due_on,
        )
        for paid_on, amount in repayments:
            do_record_repayment(
                actor=SYSTEM, loan=made, paid_on=paid_on, amount_wan=Decimal(amount)
            )
        return made

    late = loan(dt.date(2020, 11, 1), [(dt.date(2020, 6, 1), "1"), (dt.date(2020, 11, 25), "0.5")])
    loan(dt.date(2021, 1, 1))  # not yet due: outstanding, not overdue
    loan(dt.date(2020, 10, 1), [(dt.date(2020, 9, 30), "5")])  # repaid in full
    loan(dt.date(2020, 11, 20))  # due on the as-of day itself: not overdue yet

    [row] = loan_selectors.overdue_by_county(actor=SYSTEM, as_of=dt.date(2020, 11, 20))
    assert row["overdue"] == Decimal("4")  # 5 − 1; the 11-25 payment comes later
    assert (row["overdue_count"], row["loan_count"]) == (1, 3)
    assert row["outstanding"] == Decimal("14")  # 4 + 5 + 5
    assert row["rate"] == Decimal("28.57")  # 4 / 14
    assert loan_selectors.overdue_total(actor=SYSTEM, as_of=dt.date(2020, 11, 20)) == Decimal("4")
    # Before the due date nothing of ``late`` is overdue; after the later payment, 3.5.
    assert loan_selectors.overdue_total(actor=SYSTEM, as_of=dt.date(2020, 10, 31)) == Decimal("0")
    assert loan_selectors.overdue_total(actor=SYSTEM, as_of=dt.date(2020, 11, 30)) == Decimal("8.5")
    [listed] = loan_selectors.overdue_loans(actor=SYSTEM, as_of=dt.date(2020, 11, 20))
    assert (listed.pk, listed.overdue, listed.repaid) == (late.pk, Decimal("4"), Decimal("1"))


def test_project_totals_by_kind_add_up_the_investment(wuchuan_village):
    town_kind, village_kind = project_kind("镇级特色产业"), project_kind("村级特色产业")
    ProjectFactory(region=wuchuan_village.town, kind=town_kind, special_funds_wan=Decimal("100"))
    ProjectFactory(
        region=wuchuan_village,
        kind=project_kind("一村一品"),
        special_funds_wan=Decimal("800"),
        self_raised_wan=Decimal("1697.98"),
    )
    for amount in ("10.25", "20.50"):
        ProjectFactory(region=wuchuan_village, kind=village_kind, special_funds_wan=Decimal(amount))
    ProjectFactory(region=wuchuan_village, kind=village_kind, year=2015)  # outside the years
    totals = {
        row["kind_name"]: (row["count"], row["total"])
        for row in selectors.project_totals_by_kind(
            actor=SYSTEM, region=wuchuan_village.county, years=range(2016, 2020)
        )
    }
    assert totals == {
        "镇级特色产业": (1, Decimal("100")),
        "村级特色产业": (2, Decimal("30.75")),
        "一村一品": (1, Decimal("2497.98")),
    }
    ledger = selectors.projects(actor=SYSTEM, region=wuchuan_village, years=[2019])
    assert sorted(p.total_investment for p in ledger) == [
        Decimal("10.25"),
        Decimal("20.50"),
        Decimal("2497.98"),
    ]
    assert all(p.total_investment == p.total_wan for p in ledger)


def test_counties_missing_asset_documents_need_a_file(wuchuan_village):
    county = wuchuan_village.county
    do_create_asset_document(actor=SYSTEM, county=county, kind="management", title="无文件")
    do_create_asset_document(
        actor=SYSTEM,
        county=county,
        kind="operation",
        title="吴川市扶贫资产运营机制",
        evidence_files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")],
    )
    missing = loan_selectors.counties_missing_asset_documents(actor=SYSTEM)
    assert county not in missing["operation"]
    assert county in missing["distribution"] and county in missing["management"]


def test_the_selectors_issue_a_constant_number_of_queries(
    wuchuan_village, leizhou_village, user, django_assert_max_num_queries
):
    for village in (wuchuan_village, leizhou_village):
        _allocate_and_spend(village.county)
        for _ in range(3):
            ProjectFactory(region=village)
            MicroLoanFactory(borrower=HouseholdFactory(village=village))
    wuchuan = user("wuchuan")
    with django_assert_max_num_queries(4):  # the scope (2, then cached), totals, split
        selectors.fund_usage(actor=wuchuan, years=range(2016, 2020), by="town")
    with django_assert_max_num_queries(2):
        assert selectors.fund_usage(actor=SYSTEM, years=range(2016, 2020))[0].by_source
    with django_assert_max_num_queries(1):
        selectors.project_totals_by_kind(actor=wuchuan, region=None, years=[2019])
    with django_assert_max_num_queries(1):
        loan_selectors.overdue_by_county(actor=wuchuan, as_of=dt.date(2020, 11, 20))
    with django_assert_max_num_queries(1):
        loan_selectors.counties_missing_asset_documents(actor=wuchuan)
