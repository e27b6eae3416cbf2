"""An allocation paid out in several parts to the cent is fully spent, not
overspent (the demo pays Xuwen's 2016–2018 money out exactly)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import ExpenditureFactory, FundAllocationFactory

pytestmark = pytest.mark.django_db


def test_an_allocation_paid_out_in_parts_is_fully_spent(wuchuan_village):
    """SQLite adds decimals as floating point: 2970.59 + 3829.41 must still be 6800."""
    allocation = FundAllocationFactory(region=wuchuan_village.county, amount_wan=Decimal("6800"))
    for amount in ("2970.59", "3829.41"):
        ExpenditureFactory(allocation=allocation, amount_wan=Decimal(amount))
    allocation.refresh_from_db()
    assert allocation.spent_wan == Decimal("6800") and allocation.remaining_wan == 0
