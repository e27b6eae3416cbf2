"""The monitoring list (监测对象名单) as county staff page through it: the same
few statements whatever the page and however many cases, the rows in village
and household-number order with their measure counts, and a case that moves
with its household to another village shows there (and leaves the old
county's list)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.households.models import Household
from apps.households.services import move_household
from apps.monitoring import services
from apps.monitoring.models import MonitoringCase
from apps.regions.models import Region


def _village(county: str, index: int = 0) -> Region:
    return Region.objects.filter(level="village", county__name=county).order_by("code", "pk")[index]


def _cases(county: str, numbers: range, prefix: str = "L") -> list[MonitoringCase]:
    village = _village(county)
    cases = []
    for n in numbers:
        household = Household.objects.create(number=f"{prefix}-{n:03d}", village=village)
        cases.append(
            services.do_open_case(
                actor=SYSTEM,
                household=household,
                kind="marginal",
                identified_on=datetime.date(2020, 10, 1),
                identified_how="cadre_check",
                risk_types=["illness"],
                income_at_identification=Decimal("3000"),
            )  # fmt: skip
        )
    return cases


def _statements(client, **query) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("monitoring:index"), query)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_county_list_costs_the_same_statements_on_any_page(login, demo):
    cases = _cases("吴川市", range(3))
    services.do_add_measure(actor=SYSTEM, case=cases[0], kind="health", content="医疗救助",
                            department="医保局", planned_on=datetime.date(2020, 11, 1))  # fmt: skip
    client = login("wuchuan")
    few, first = _statements(client)
    assert "L-000" in first and "（未完成 1）" in first  # one measure, not done

    _cases("吴川市", range(3, 120))  # three pages of 50
    many, _page = _statements(client)
    last, third = _statements(client, page=3)
    filtered, _ = _statements(client, status="monitoring", page=2)
    assert few == many == last == filtered
    # Page 3 holds the last rows in household-number order, nothing of page 1.
    assert "L-119" in third and "L-100" in third and "L-000" not in third
    assert "3 / 3" in third


def test_a_case_moves_with_its_household(login, demo):
    (case,) = _cases("吴川市", range(1), prefix="MV")
    elsewhere = _village("雷州市")
    move_household(
        household=case.household, village=elsewhere, user=User.objects.get(username="city")
    )
    case.refresh_from_db()
    assert case.village == elsewhere
    assert "MV-000" not in login("wuchuan").get(reverse("monitoring:index")).content.decode()
    shown = login("leizhou").get(reverse("monitoring:index")).content.decode()
    assert "MV-000" in shown and elsewhere.full_name in shown


def test_another_countys_cases_are_not_listed(login, demo):
    _cases("雷州市", range(2), prefix="LZ")
    page = login("wuchuan").get(reverse("monitoring:index"), {"status": "monitoring"})
    assert "LZ-000" not in page.content.decode()
