"""Spending from an allocation: never more than it holds, one payment at a
time, edits checked as strictly as new payments, stale edits refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.access import SYSTEM
from apps.audit.locking import StaleEdit
from apps.audit.models import Change
from apps.funds.models import Expenditure, FundAllocation
from apps.funds.services import (
    do_delete_expenditure,
    do_record_expenditure,
    do_update_allocation,
    do_update_expenditure,
)
from tests.factories import ExpenditureFactory, FundAllocationFactory, ProjectFactory
from tests.helpers import run_together

pytestmark = pytest.mark.django_db


def _pay(allocation, amount: str, voucher: str, actor=SYSTEM, project=None):
    return do_record_expenditure(
        actor=actor,
        allocation=allocation,
        project=project,
        date=dt.date(2019, 7, 1),
        amount_wan=Decimal(amount),
        payee="徐闻县菠萝合作社",
        voucher_no=voucher,
    )


def test_a_payment_beyond_the_allocation_is_refused_with_the_figures(wuchuan_village):
    allocation = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("100"))
    _pay(allocation, "60.00", "PZ-1")
    with pytest.raises(ValidationError) as refused:
        _pay(allocation, "40.01", "PZ-2")
    message = refused.value.messages[0]
    assert str(allocation) in message and "吴川市" in message
    assert "100.00万元" in message  # the allocation
    assert "60.00万元" in message  # spent so far
    assert "40.00" in message and "40.01" in message  # remaining, asked
    assert list(
        Expenditure.objects.filter(allocation=allocation).values_list("voucher_number")
    ) == [("PZ-1",)]
    allocation.refresh_from_db()
    assert allocation.spent_wan == Decimal("60.00")
    _pay(allocation, "40.00", "PZ-3")  # exactly what remains goes through
    allocation.refresh_from_db()
    assert allocation.spent_wan == allocation.amount_wan


def test_the_refusal_reads_in_chinese(wuchuan_village):
    from django.utils import translation

    allocation = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("10"))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        _pay(allocation, "10.50", "PZ-1")
    assert "超" in refused.value.messages[0] and "剩余" in refused.value.messages[0]


def test_an_edit_is_checked_without_counting_the_payment_twice(wuchuan_village):
    allocation = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("100"))
    first = _pay(allocation, "60.00", "PZ-1")
    _pay(allocation, "30.00", "PZ-2")
    # 60 → 70 fits (100 − 30); 60 → 70.01 does not.
    edited = do_update_expenditure(
        actor=SYSTEM, expenditure=first, expected_version=1, changes={"amount_wan": Decimal("70")}
    )
    with pytest.raises(ValidationError):
        do_update_expenditure(
            actor=SYSTEM,
            expenditure=edited,
            expected_version=2,
            changes={"amount_wan": Decimal("70.01")},
        )
    edited.refresh_from_db()
    allocation.refresh_from_db()
    assert (edited.amount_wan, edited.version) == (Decimal("70.00"), 2)
    assert allocation.spent_wan == Decimal("100.00")


def test_moving_a_payment_frees_the_first_allocation(wuchuan_village):
    first = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("50"))
    second = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("50"))
    payment = _pay(first, "50.00", "PZ-1")
    do_update_expenditure(
        actor=SYSTEM, expenditure=payment, expected_version=1, changes={"allocation": second}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.spent_wan, second.spent_wan) == (Decimal("0.00"), Decimal("50.00"))
    do_delete_expenditure(actor=SYSTEM, expenditure=payment)
    second.refresh_from_db()
    assert second.spent_wan == Decimal("0.00")


def test_an_allocation_cannot_shrink_below_what_is_spent(wuchuan_village):
    allocation = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("100"))
    _pay(allocation, "80.00", "PZ-1")
    with pytest.raises(ValidationError) as refused:
        do_update_allocation(
            actor=SYSTEM,
            allocation=allocation,
            expected_version=1,
            changes={"amount_wan": Decimal("79.99")},
        )
    assert "80.00" in str(refused.value)
    allocation.refresh_from_db()
    assert allocation.amount_wan == Decimal("100.00")


def test_a_stale_edit_is_refused_naming_what_changed(wuchuan_village, user):
    allocation = FundAllocationFactory(region=wuchuan_village.county, purpose="产业扶贫")
    do_update_allocation(
        actor=user("city"),
        allocation=allocation,
        expected_version=1,
        changes={"purpose": "基础设施建设"},
    )
    with pytest.raises(StaleEdit) as stale:
        do_update_allocation(
            actor=user("wuchuan"),
            allocation=allocation,
            expected_version=1,
            changes={"purpose": "到户帮扶"},
        )
    assert "基础设施建设" in str(stale.value)
    allocation.refresh_from_db()
    assert (allocation.purpose, allocation.version) == ("基础设施建设", 2)
    history = Change.objects.filter(object_pk=str(allocation.pk), object_repr=str(allocation))
    assert history.filter(user__username="city").exists()


def test_a_stale_expenditure_edit_is_refused(wuchuan_village):
    payment = ExpenditureFactory(allocation__region=wuchuan_village.county)
    do_update_expenditure(
        actor=SYSTEM, expenditure=payment, expected_version=1, changes={"payee": "甲合作社"}
    )
    with pytest.raises(StaleEdit):
        do_update_expenditure(
            actor=SYSTEM, expenditure=payment, expected_version=1, changes={"payee": "乙合作社"}
        )
    payment.refresh_from_db()
    assert payment.payee == "甲合作社"


def test_a_project_outside_the_allocation_is_refused(wuchuan_village, leizhou_village):
    allocation = FundAllocationFactory(region=wuchuan_village.county)
    elsewhere = ProjectFactory(region=leizhou_village)
    with pytest.raises(ValidationError):
        _pay(allocation, "1.00", "PZ-1", project=elsewhere)
    _pay(allocation, "1.00", "PZ-2", project=ProjectFactory(region=wuchuan_village))


def test_county_staff_spend_only_their_county_money(wuchuan_village, leizhou_village, user):
    theirs = FundAllocationFactory(region=leizhou_village.county)
    with pytest.raises(PermissionDenied):
        _pay(theirs, "1.00", "PZ-1", actor=user("wuchuan"))
    with pytest.raises(PermissionDenied):
        _pay(theirs, "1.00", "PZ-1", actor=user("inspector"))
    ours = FundAllocationFactory(region=wuchuan_village.county)
    assert _pay(ours, "1.00", "PZ-1", actor=user("wuchuan")).pk
    assert not Expenditure.objects.filter(allocation=theirs).exists()


def test_three_decimals_and_negative_amounts_are_refused(wuchuan_village):
    allocation = FundAllocationFactory(region=wuchuan_village.county)
    for amount in ("1.001", "-1.00"):
        with pytest.raises(ValidationError):
            _pay(allocation, amount, f"PZ-{amount}")
    assert not allocation.expenditures.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_cannot_overspend(on_postgres, demo, wuchuan_village):
    """Two threads each pay 60 of 100 at the same moment: exactly one succeeds."""
    allocation = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("100"))
    results = run_together(lambda i: _pay(allocation, "60.00", f"PZ-{i}"), 2)
    paid = [r for r in results if isinstance(r, Expenditure)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(paid) == 1 and len(refused) == 1, results
    assert "60.00" in refused[0].messages[0]
    allocation = FundAllocation.objects.get(pk=allocation.pk)
    assert allocation.spent_wan == Decimal("60.00")
    assert Expenditure.objects.filter(allocation=allocation).count() == 1
