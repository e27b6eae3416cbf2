"""The admin keeps the services' rules: no overspending, spent sums follow."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.funds.models import Expenditure
from tests.factories import ExpenditureFactory, FundAllocationFactory

pytestmark = pytest.mark.django_db


def _values(allocation, amount: str, voucher: str) -> dict:
    return {
        "allocation": allocation.pk,
        "paid_on": "2019-07-01",
        "amount_wan": amount,
        "payee": "合作社",
        "voucher_number": voucher,
    }


def test_the_admin_refuses_overspending_and_keeps_the_spent_sum(login, wuchuan_village):
    client = login("wuchuan")
    allocation = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("100"))
    ExpenditureFactory(allocation=allocation, amount_wan=Decimal("70"))
    add = reverse("admin:funds_expenditure_add")
    response = client.post(add, _values(allocation, "30.01", "PZ-X"))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "30.01" in errors and "30.00" in errors
    assert allocation.expenditures.count() == 1
    assert client.post(add, _values(allocation, "30.00", "PZ-Y")).status_code == 302
    allocation.refresh_from_db()
    assert allocation.spent_wan == Decimal("100.00")
    payment = Expenditure.objects.get(voucher_number="PZ-Y")
    delete = reverse("admin:funds_expenditure_delete", args=[payment.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    allocation.refresh_from_db()
    assert allocation.spent_wan == Decimal("70.00")
