import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.ledgers.models import LedgerItem, LedgerTemplate
from apps.regions.models import Level, Region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HEADER = ["编号", "名称", "上级编号", "适用层级", "佐证类型", "是否必需"]


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def xlsx(rows: list[list], *, header=HEADER, name: str = "台账目录.xlsx", sheet="目录"):
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def template(demo) -> LedgerTemplate:
    """The demo's Zhanjiang 2020 ledger (seed 000's headings, 麻章区 complete)."""
    return LedgerTemplate.objects.get(year=2020)


@pytest.fixture
def item(template):
    def get(code: str) -> LedgerItem:
        return template.items.get(code=code)

    return get


def county_named(name: str) -> Region:
    return Region.objects.get(level=Level.COUNTY, name=name)
