"""Micro-credit and asset records for the demo (issue 18, seed 000 (六)).

The seed gives only the city's overdue total, 978.22万元 on the national system
"排名全省前列"; everything below it is the demo's own choice (the README's funds
section says so):

- Nine counties lend (徐闻县 does not: its registry is seed 002's file alone).
  ``OVERDUE_WAN`` is each county's overdue amount on 2020-11-20, 雷州市 highest;
  they add up to 978.22. Each county's overdue part is spread over 5万元 loans
  issued in 2017 for 36 months (due January–September 2020), partly repaid in
  2019 so that what is left adds up exactly; each county also has three loans
  of 2019 not yet due (partly repaid) and two that fell due and were repaid in
  full, so outstanding is more than overdue.
- Borrowers are the county's registered households (the demo households of
  ``load_demo_households``); a county with too few gets borrower households
  through the household import (numbers XD…).
- Each lending county has a guarantee fund. Xuwen's first six projects leave an
  asset each with 2019 and 2020 income; the asset documents: 徐闻县, 吴川市 and
  廉江市 have all three with a file, 雷州市 has a management rule entered without
  its file, 遂溪县 only an operation mechanism; the other counties none.

Written by bulk writers with one history row per record, like ``funds.py``;
loading twice changes nothing. ``manage.py load_demo`` calls it after the demo
households; tests call it where they need it.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from apps.accounts.access import SYSTEM
from apps.funds.models import (
    Asset,
    AssetDocumentKind,
    AssetIncome,
    GuaranteeFund,
    LoanRepayment,
    MicroLoan,
    Project,
)
from apps.funds.services import do_create_asset_document
from apps.households.imports import import_households
from apps.households.models import Household
from apps.regions.models import Level, Region

from .funds import _bulk_create
from .generator import Plan, write_file

D = Decimal
AS_OF = dt.date(2020, 11, 20)
LOAN_WAN = D("5.0000")
PER_LOAN_OVERDUE = D("4.5")  # at most this much of a 5万元 loan is left overdue
OVERDUE_WAN = {  # county → overdue on 2020-11-20 (万元); the sum is 978.22
    "雷州市": D("286.45"),
    "廉江市": D("201.37"),
    "遂溪县": D("158.90"),
    "吴川市": D("132.18"),
    "坡头区": D("71.06"),
    "湛江经济技术开发区": D("48.30"),
    "麻章区": D("39.52"),
    "霞山区": D("22.64"),
    "赤坎区": D("17.80"),
}
CURRENT, REPAID = 3, 2  # per county: loans not yet due, loans repaid in full
BANKS = ("湛江农村商业银行", "中国邮政储蓄银行湛江市分行", "中国农业银行湛江分行")
ASSET_DOCUMENTS = {  # county → kinds entered (True: with its file)
    "徐闻县": dict.fromkeys(AssetDocumentKind.values, True),
    "吴川市": dict.fromkeys(AssetDocumentKind.values, True),
    "廉江市": dict.fromkeys(AssetDocumentKind.values, True),
    "雷州市": {"management": False},
    "遂溪县": {"operation": True},
}
DOCUMENT_TITLES = {
    "operation": "扶贫资产运营机制",
    "distribution": "扶贫资产收益及分配方案",
    "management": "扶贫资产管理办法",
}
ASSET_KINDS = ("business", "business", "public", "household", "business", "public")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def overdue_parts(total: Decimal) -> list[Decimal]:
    """``total`` as the fewest parts of at most 4.5万元 differing by at most
    0.01 (cents), adding up exactly."""
    count = math.ceil(total / PER_LOAN_OVERDUE)
    base, extra = divmod(int(total * 100), count)
    return [D(base + (1 if i < extra else 0)) / 100 for i in range(count)]


@transaction.atomic
def load_loans_demo() -> int:
    """Load the demo's loans, guarantee funds, assets and asset documents once;
    returns the loans created."""
    if MicroLoan.objects.filter(contract_number__startswith="XD-").exists():
        return 0
    counties = {c.name: c for c in Region.objects.filter(level=Level.COUNTY, name__in=OVERDUE_WAN)}
    loans, repayments, funds = [], [], []
    for index, (name, total) in enumerate(OVERDUE_WAN.items()):
        county = counties[name]
        parts = overdue_parts(total)
        borrowers = _borrowers(county, len(parts) + CURRENT + REPAID, index)
        county_loans, county_repayments = _county_loans(county, parts, borrowers)
        loans += county_loans
        repayments += county_repayments
        funds.append(
            GuaranteeFund(
                county=county,
                bank=BANKS[0],
                amount_wan=D(100 + 50 * (len(parts) // 10)),
                deposited_on=dt.date(2017, 1, 10),
            )
        )
    _bulk_create(MicroLoan, loans)
    for repayment in repayments:
        repayment.loan_id = repayment.loan.pk
    _bulk_create(LoanRepayment, repayments)
    _bulk_create(GuaranteeFund, funds)
    _load_assets()
    return len(loans)


def _county_loans(county: Region, parts: list[Decimal], borrowers: list[Household]):
    """The county's overdue loans (one per part), loans not yet due and loans
    repaid in full, with their repayments (unsaved)."""
    loans, repayments = [], []

    def loan(number, household, issued, months, due):
        made = MicroLoan(
            borrower=household,
            bank=BANKS[number % len(BANKS)],
            contract_number=f"XD-{county.code[:6]}-{number:04d}",
            amount_wan=LOAN_WAN,
            issued_on=issued,
            term_months=months,
            due_on=due,
            interest_subsidy_wan=D("0.1800") * months / 12,
        )
        loans.append(made)
        return made

    def repay(made, day, amount):
        if amount > 0:
            repayments.append(LoanRepayment(loan=made, paid_on=day, amount_wan=amount))

    homes = iter(borrowers)
    for number, overdue in enumerate(parts, start=1):
        month, day = 1 + number % 9, 1 + number % 27
        made = loan(number, next(homes), dt.date(2017, month, day), 36, dt.date(2020, month, day))
        repay(made, dt.date(2019, 1 + number % 12, 15), LOAN_WAN - overdue)
    start = len(parts) + 1
    for number in range(start, start + CURRENT):
        made = loan(number, next(homes), dt.date(2019, 6, 10), 36, dt.date(2022, 6, 10))
        repay(made, dt.date(2020, 6, 10), D("1.5"))
    for number in range(start + CURRENT, start + CURRENT + REPAID):
        made = loan(number, next(homes), dt.date(2017, 5, 1), 36, dt.date(2020, 5, 1))
        repay(made, dt.date(2020, 4, 20), LOAN_WAN)
    return loans, repayments


def _borrowers(county: Region, needed: int, index: int) -> list[Household]:
    """``needed`` registered households of ``county``, importing borrower
    households (numbers XD…) when the registry has too few."""
    households = list(Household.objects.filter(village__county=county).order_by("number")[:needed])
    missing = needed - len(households)
    if missing > 0:
        _import_borrowers(county, missing, index)
        households = list(
            Household.objects.filter(village__county=county).order_by("number")[:needed]
        )
    return households


def _import_borrowers(county: Region, count: int, index: int) -> None:
    villages = [
        (county.name, v.town.name, v.name)
        for v in Region.objects.filter(level=Level.VILLAGE, county=county)
        .select_related("town")
        .order_by("code", "pk")
    ]
    plan = Plan(
        villages=villages,
        area_code=f"4408{60 + index}",  # ID numbers apart from the other demo files'
        as_of=AS_OF,
        groups=[(count, 3, "已退出")],
        number_prefix=f"XD{index}",
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "borrowers.xlsx"
        write_file(plan, path)
        import_households(path=path, user=SYSTEM, display_name=f"{county.name}小额信贷借款户")


def _load_assets() -> None:
    projects = list(Project.objects.filter(region__county__name="徐闻县").order_by("pk")[:6])
    assets = [
        Asset(
            project=project,
            name=f"{project.name}资产",
            kind=ASSET_KINDS[number],
            value_wan=project.special_funds_wan,
            owner=f"{project.region.name}集体经济组织",
            operator="" if ASSET_KINDS[number] == "public" else "徐闻县农业发展有限公司",
        )
        for number, project in enumerate(projects)
    ]
    _bulk_create(Asset, assets)
    incomes = []
    for asset in assets:
        if asset.kind == "public":
            continue  # public-welfare assets earn nothing
        for year, share in ((2019, D("0.06")), (2020, D("0.08"))):
            income = (asset.value_wan * share).quantize(D("0.01"))
            incomes.append(
                AssetIncome(
                    asset=asset,
                    year=year,
                    income_wan=income,
                    distributed_to_households_wan=(income * D("0.6")).quantize(D("0.01")),
                    households_count=20 + asset.pk % 30,
                )
            )
    _bulk_create(AssetIncome, incomes)
    for name, kinds in ASSET_DOCUMENTS.items():
        county = Region.objects.get(level=Level.COUNTY, name=name)
        for kind, with_file in kinds.items():
            files = [SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf")] if with_file else []
            do_create_asset_document(
                actor=SYSTEM,
                county=county,
                kind=kind,
                title=f"{name}{DOCUMENT_TITLES[kind]}",
                document_number=f"{name[:2]}扶办〔2020〕{len(kind)}号",
                issued_on=dt.date(2020, 6, 30),
                evidence_files=files,
            )
