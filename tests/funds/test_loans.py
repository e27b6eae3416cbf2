"""Micro-credit and assets on the demo (seed 000 (六)): the city's overdue total
978.22万元 on 2020-11-20, counties ranked by the amount, county staff seeing
their county's loans only, ID numbers masked, the .xlsx, the asset pages, the
bulletin's funds paragraph, constant query counts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.bulletins import drafting
from apps.demo.loans import OVERDUE_WAN, load_loans_demo
from apps.funds import loan_selectors
from apps.funds.models import MicroLoan
from apps.inspections.models import Campaign

AS_OF = dt.date(2020, 11, 20)


@pytest.fixture
def loans_demo(demo):
    assert load_loans_demo() > 200
    assert load_loans_demo() == 0  # loading twice changes nothing


def _loan_of(county: str) -> MicroLoan:
    return MicroLoan.objects.filter(borrower__village__county__name=county).order_by("pk")[0]


def test_the_city_total_is_the_seeds_978_22(loans_demo):
    total = loan_selectors.loan_total(actor=SYSTEM, as_of=AS_OF)
    assert total.overdue.quantize(Decimal("0.01")) == Decimal("978.22")
    assert total.outstanding > total.overdue  # loans not yet due are outstanding only
    rows = loan_selectors.overdue_by_county(actor=SYSTEM, as_of=AS_OF)
    assert [r["county"] for r in rows] == list(OVERDUE_WAN)  # ranked by the amount
    # Earlier, fewer loans had fallen due: the as-of day matters.
    assert loan_selectors.overdue_total(actor=SYSTEM, as_of=dt.date(2020, 1, 1)) == 0


def test_loans_page_shows_total_ranking_and_rates(login, loans_demo):
    response = login("city").get(reverse("funds:loans"))
    html = response.content.decode()
    assert "2020年11月20日" in html and "978.22万元" in html
    [first, second] = response.context["ranked"][:2]
    assert (first[0], first[1]["county"], second[1]["county"]) == (1, "雷州市", "廉江市")
    table = html.split('class="table table-sm table-hover align-middle loans-table"')[1]
    assert "286.45万元" in table and 'class="rate-parts' in table  # rate with its parts
    earlier = login("city").get(reverse("funds:loans"), {"as_of": "2019年12月31日"})
    assert earlier.context["as_of"] == dt.date(2019, 12, 31)
    assert "978.22万元" not in earlier.content.decode()


def test_county_staff_see_only_their_county(login, loans_demo):
    client = login("wuchuan")
    page = client.get(reverse("funds:loans"))
    assert [row["county"] for _pos, row in page.context["ranked"]] == ["吴川市"]
    listed = client.get(reverse("funds:loans_overdue"), {"per_page": 200})
    counties = {loan.borrower.village.county.name for loan in listed.context["table"].data}
    assert counties == {"吴川市"}
    leizhou = _loan_of("雷州市")
    assert leizhou.contract_number not in listed.content.decode()
    assert client.get(reverse("funds:loan", args=[leizhou.pk])).status_code == 404
    own = _loan_of("吴川市")
    assert client.get(reverse("funds:loan", args=[own.pk])).status_code == 200
    # Asking for another county's list gives nothing of it.
    other = client.get(
        reverse("funds:loans_overdue"), {"county": leizhou.borrower.village.county_id}
    )
    assert leizhou.contract_number not in other.content.decode()


def test_city_filters_the_overdue_list_by_county(login, loans_demo):
    county = _loan_of("赤坎区").borrower.village.county
    response = login("city").get(reverse("funds:loans_overdue"), {"county": county.pk})
    assert {loan.borrower.village.county_id for loan in response.context["table"].data} == {
        county.pk
    }
    assert "17.80万元" in response.content.decode()


def test_id_numbers_are_masked_unless_the_role_may_see_them(login, loans_demo):
    loan = loan_selectors.loan_in_scope(actor=SYSTEM, pk=_loan_of("吴川市").pk, as_of=AS_OF)
    full = loan.borrower_id_number
    url = reverse("funds:loan", args=[loan.pk])
    assert full in login("city").get(url).content.decode()
    assert full in login("wuchuan").get(url).content.decode()
    leader = login("leader").get(url).content.decode()
    assert full not in leader and full[:6] in leader  # masked for leadership
    overdue = login("leader").get(reverse("funds:loans_overdue"))
    assert full not in overdue.content.decode()


def test_loan_page_counts_repayments_up_to_the_day(login, loans_demo):
    loan = _loan_of("雷州市")
    response = login("city").get(reverse("funds:loan", args=[loan.pk]))
    shown = response.context["loan"]
    assert shown.overdue == loan.amount_wan - shown.repaid > 0
    assert [r.amount_wan for r in response.context["repayments"]] == [shown.repaid]


def test_overdue_xlsx_totals_and_escapes(login, loans_demo):
    loan = _loan_of("吴川市")
    MicroLoan.objects.filter(pk=loan.pk).update(bank='=HYPERLINK("http://x")')
    response = login("city").get(reverse("funds:loans_overdue_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "2020年11月20日" in rows[0][0]
    assert Decimal(str(rows[-1][-1])).quantize(Decimal("0.01")) == Decimal("978.22")
    banks = {row[6] for row in rows[2:-1]}
    assert '\'=HYPERLINK("http://x")' in banks  # text, never a formula
    county = login("wuchuan").get(reverse("funds:loans_overdue_xlsx"))
    texts = {
        row[1]
        for row in list(
            openpyxl.load_workbook(io.BytesIO(county.content)).active.iter_rows(values_only=True)
        )[2:-1]
    }
    assert texts == {"吴川市"}


def test_asset_pages(login, loans_demo):
    register = login("city").get(reverse("funds:assets"))
    assert register.status_code == 200 and "集体经济组织" in register.content.decode()
    documents = login("city").get(reverse("funds:asset_documents"))
    missing = dict(documents.context["missing"])
    names = {label: {c.name for c in counties} for label, counties in missing.items()}
    operation, management = (
        str(k.label)
        for k in (
            loan_selectors.AssetDocumentKind.OPERATION,
            loan_selectors.AssetDocumentKind.MANAGEMENT,
        )
    )
    assert "雷州市" in names[operation] and "遂溪县" not in names[operation]
    assert "雷州市" in names[management]  # entered without its file: not in place
    assert not names[operation] & {"徐闻县", "吴川市", "廉江市"}
    county = login("wuchuan").get(reverse("funds:asset_documents"))
    assert [row["county"].name for row in county.context["rows"]] == ["吴川市"]


def test_bulletin_funds_paragraph_is_drafted_from_records(loans_demo):
    paragraphs = drafting.problems(Campaign.objects.get(slug="zhanjiang-2020"))
    funds = paragraphs[-1]
    assert "扶贫资金使用管理存在的问题。" in funds
    assert "扶贫小额信贷逾期金额978.22万元，其中雷州市286.45万元" in funds
    assert (
        "雷州市、廉江市、吴川市、遂溪县、徐闻县等县（市、区）在11月20日前尚未全部拨付使用" in funds
    )
    documents = funds.split("扶贫资产管理进度缓慢。")[1]
    assert "遂溪县、雷州市尚未制定扶贫资产管理办法" in documents  # 雷州市's has no file
    assert "徐闻县" not in documents and "吴川市" not in documents


@pytest.mark.parametrize(
    "name", ["funds:loans", "funds:loans_overdue", "funds:assets", "funds:asset_documents"]
)
def test_pages_keep_a_constant_query_count(login, loans_demo, django_assert_max_num_queries, name):
    client = login("wuchuan")
    client.get(reverse(name))  # warm the session and the scope
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200
