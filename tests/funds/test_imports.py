"""Importing funds files: every bad file refused with its row named and
nothing written; re-import updates, never duplicates; scope; the templates
round-trip."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from apps.accounts.access import SYSTEM
from apps.audit.models import Change
from apps.funds.importers import ImportRejected, import_file
from apps.funds.importers.columns import COLUMNS
from apps.funds.models import Expenditure, FundAllocation, FundImport, MicroLoan, Project
from apps.funds.services import do_create_allocation, do_create_project
from tests.factories import HouseholdFactory, fund_source, project_kind

pytestmark = pytest.mark.django_db

DOC = "吴财农〔2020〕1号"


def write(path, kind, rows, *, drop=()):
    headers = [c.header for c in COLUMNS[kind] if c.header not in drop]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


def allocation_row(**over):
    row = {
        "县": "吴川市",
        "年度": 2020,
        "资金来源": "省",
        "文号": DOC,
        "下达日期": "2020-03-01",
        "金额（万元）": 100,
        "用途": "产业扶贫",
    }
    return row | over


def project_row(**over):
    row = {
        "县": "吴川市",
        "乡镇": "兰石镇",
        "行政村": "名利村",
        "项目名称": "名利村百香果项目",
        "立项年度": 2020,
        "项目类型": "村级特色产业",
        "立项日期": "2020-03-15",
        "专项资金（万元）": 50,
        "自筹资金（万元）": 10,
    }
    return row | over


def expenditure_row(voucher="PZ-1", amount=20, **over):
    row = {
        "县": "吴川市",
        "年度": 2020,
        "资金来源": "省",
        "文号": DOC,
        "项目名称": "名利村百香果项目",
        "凭证号": voucher,
        "支付日期": "2020-05-06",
        "金额（万元）": amount,
        "收款单位": "某农业公司",
    }
    return row | over


@pytest.fixture
def stored(demo, wuchuan_village):
    """An allocation of 100万元 to 吴川市 and a project in 名利村."""
    allocation = do_create_allocation(
        actor=SYSTEM,
        region=wuchuan_village.county,
        year=2020,
        source=fund_source("省"),
        document_number=DOC,
        allocated_on=dt.date(2020, 3, 1),
        amount_wan=Decimal("100"),
    )
    project = do_create_project(
        actor=SYSTEM,
        region=wuchuan_village,
        kind=project_kind(),
        name="名利村百香果项目",
        year=2020,
        approved_on=dt.date(2020, 3, 15),
    )
    return allocation, project


def rejected(kind, path, actor=SYSTEM) -> list:
    with pytest.raises(ImportRejected) as refused:
        import_file(kind=kind, path=path, actor=actor)
    return refused.value.problems


# --- bad files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "row", "drop"),
    [
        ("allocations", allocation_row(), ()),
        ("projects", project_row(), ()),
        ("expenditures", expenditure_row(), ()),
    ],
)
def test_a_missing_required_column_is_named(stored, tmp_path, kind, row, drop):
    required = next(c.header for c in COLUMNS[kind] if c.required and c.header != "县")
    path = write(tmp_path / "f.xlsx", kind, [row], drop=(required,))
    problems = rejected(kind, path)
    assert [(p.row, p.column) for p in problems] == [(1, required)]
    assert "缺少必填列" in problems[0].reason


def counts():
    return (
        FundAllocation.objects.count(),
        Project.objects.count(),
        Expenditure.objects.count(),
        MicroLoan.objects.count(),
    )


@pytest.mark.parametrize(
    ("kind", "bad", "column", "reason"),
    [
        ("allocations", allocation_row(**{"金额（万元）": "一百"}), "金额（万元）", "应为数字"),
        (
            "allocations",
            allocation_row(**{"金额（万元）": "100.123"}),
            "金额（万元）",
            "最多保留2位小数",
        ),
        ("allocations", allocation_row(**{"金额（万元）": -5}), "金额（万元）", "不得为负"),
        (
            "allocations",
            allocation_row(**{"乡镇": "兰石镇", "行政村": "无此村"}),
            "行政村",
            "地区无法识别",
        ),
        ("projects", project_row(**{"专项资金（万元）": "五十"}), "专项资金（万元）", "应为数字"),
        (
            "projects",
            project_row(**{"自筹资金（万元）": 1.005}),
            "自筹资金（万元）",
            "最多保留2位小数",
        ),
        ("projects", project_row(**{"行政村": "无此村"}), "行政村", "地区无法识别"),
        ("expenditures", expenditure_row(amount="二十"), "金额（万元）", "应为数字"),
        ("expenditures", expenditure_row(amount="20.001"), "金额（万元）", "最多保留2位小数"),
        ("expenditures", expenditure_row(**{"项目名称": "无此项目"}), "项目名称", "未找到该项目"),
        ("expenditures", expenditure_row(**{"文号": "无此文号"}), "文号", "未找到该资金指标"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(stored, tmp_path, kind, bad, column, reason):
    good = {
        "allocations": allocation_row(文号="另一文号"),
        "projects": project_row(项目名称="另一项目"),
        "expenditures": expenditure_row("PZ-0", 1),
    }[kind]
    path = write(tmp_path / "f.xlsx", kind, [good, bad])
    before, history = counts(), Change.objects.count()
    problems = rejected(kind, path)
    assert [(p.row, p.column) for p in problems] == [(3, column)], problems
    assert reason in problems[0].reason
    assert str(problems[0]).startswith(f"工作表“Sheet”第3行“{column}”列")
    assert counts() == before and Change.objects.count() == history


def test_all_problems_come_in_one_pass(stored, tmp_path):
    rows = [
        expenditure_row("A", "x"),
        expenditure_row("B", 1, 项目名称="无"),
        expenditure_row("C", 1.234),
    ]
    problems = rejected("expenditures", write(tmp_path / "f.xlsx", "expenditures", rows))
    assert [p.row for p in problems] == [2, 3, 4]


def test_an_overspend_with_the_stored_payments_is_refused_naming_the_rows(stored, tmp_path):
    import_file(
        kind="expenditures",
        path=write(tmp_path / "a.xlsx", "expenditures", [expenditure_row("PZ-1", 60)]),
        actor=SYSTEM,
    )
    path = write(
        tmp_path / "b.xlsx",
        "expenditures",
        [expenditure_row("PZ-2", 30), expenditure_row("PZ-3", 10.01)],
    )
    problems = rejected("expenditures", path)
    assert len(problems) == 1 and "超支" in problems[0].reason
    assert "第2、3行" in problems[0].reason and "60.00万元" in problems[0].reason
    assert "超出0.01万元" in problems[0].reason
    assert Expenditure.objects.filter(allocation=stored[0]).count() == 1
    assert FundAllocation.objects.get(pk=stored[0].pk).spent_wan == Decimal("60.00")


def test_a_re_imported_voucher_replaces_its_amount_not_adds_to_it(stored, tmp_path):
    path = write(tmp_path / "a.xlsx", "expenditures", [expenditure_row("PZ-1", 90)])
    import_file(kind="expenditures", path=path, actor=SYSTEM)
    again = write(tmp_path / "b.xlsx", "expenditures", [expenditure_row("PZ-1", 95)])
    result = import_file(kind="expenditures", path=again, actor=SYSTEM)
    assert (result.created, result.updated) == (0, 1)
    assert Expenditure.objects.get(allocation=stored[0]).amount_wan == Decimal("95.00")
    assert FundAllocation.objects.get(pk=stored[0].pk).spent_wan == Decimal("95.00")
    change = Change.objects.filter(content_type__model="expenditure", action="update").latest("pk")
    assert change.changes == {"amount_wan": ["90.00", "95.00"]}


def test_re_imported_vouchers_with_quotes_commas_and_braces_are_found(stored, tmp_path):
    """The stored vouchers are looked up in bulk (on PostgreSQL as array
    literals): characters that mean something there still match exactly."""
    vouchers = ['PZ"1', "PZ,2", "PZ{3}", "PZ\\4", "PZ 5", "NULL"]
    rows = [expenditure_row(v, 10) for v in vouchers]
    import_file(
        kind="expenditures", path=write(tmp_path / "a.xlsx", "expenditures", rows), actor=SYSTEM
    )
    again = [expenditure_row(v, 11) for v in vouchers]
    result = import_file(
        kind="expenditures", path=write(tmp_path / "b.xlsx", "expenditures", again), actor=SYSTEM
    )
    assert (result.created, result.updated) == (0, len(vouchers))
    stored_vouchers = Expenditure.objects.filter(allocation=stored[0])
    assert sorted(stored_vouchers.values_list("voucher_number", flat=True)) == sorted(vouchers)
    assert FundAllocation.objects.get(pk=stored[0].pk).spent_wan == Decimal("66.00")


# --- re-import ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "rows", "model", "changed"),
    [
        (
            "allocations",
            [allocation_row(文号="A"), allocation_row(文号="B")],
            FundAllocation,
            allocation_row(文号="A", **{"金额（万元）": 120}),
        ),
        (
            "projects",
            [project_row(项目名称="P1"), project_row(项目名称="P2")],
            Project,
            project_row(项目名称="P1", 受益户数=12),
        ),
        (
            "expenditures",
            [expenditure_row("V1", 5), expenditure_row("V2", 6)],
            Expenditure,
            expenditure_row("V1", 7),
        ),
    ],
)
def test_re_import_updates_and_never_duplicates(stored, tmp_path, kind, rows, model, changed):
    path = write(tmp_path / "a.xlsx", kind, rows)
    before = model.objects.count()
    first = import_file(kind=kind, path=path, actor=SYSTEM)
    assert first.created == 2
    second = import_file(kind=kind, path=path, actor=SYSTEM)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    third = import_file(
        kind=kind, path=write(tmp_path / "b.xlsx", kind, [changed, rows[1]]), actor=SYSTEM
    )
    assert (third.created, third.updated) == (0, 1)
    assert model.objects.count() == before + 2
    assert Change.objects.filter(
        content_type__model=model._meta.model_name, action="update"
    ).exists()


def test_a_duplicate_key_within_the_file_is_refused(stored, tmp_path):
    path = write(
        tmp_path / "a.xlsx", "expenditures", [expenditure_row("V1", 1), expenditure_row("V1", 2)]
    )
    problems = rejected("expenditures", path)
    assert [(p.row, p.column) for p in problems] == [(3, "凭证号")] and "与第2行重复" in problems[
        0
    ].reason


# --- scope ---------------------------------------------------------------------


def test_a_county_user_imports_only_their_county(stored, tmp_path, user):
    rows = [allocation_row(文号="W1"), allocation_row(县="雷州市", 文号="L1")]
    problems = rejected(
        "allocations", write(tmp_path / "a.xlsx", "allocations", rows), user("wuchuan")
    )
    assert [(p.row, p.column) for p in problems] == [(3, "县")]
    assert "雷州市不在您可管理的范围内" in problems[0].reason
    assert not FundAllocation.objects.filter(document_number__in=["W1", "L1"]).exists()
    result = import_file(
        kind="allocations",
        path=write(tmp_path / "b.xlsx", "allocations", rows[:1]),
        actor=user("wuchuan"),
    )
    assert result.created == 1
    change = Change.objects.filter(content_type__model="fundallocation").latest("pk")
    assert change.user.username == "wuchuan"


def test_loans_by_household_number_with_four_decimals(
    stored, tmp_path, user, wuchuan_village, leizhou_village
):
    household = HouseholdFactory(village=wuchuan_village)
    other = HouseholdFactory(village=leizhou_village)
    row = {
        "户编号": household.number,
        "贷款银行": "吴川农商行",
        "合同编号": "XD-1",
        "贷款金额（万元）": 5.1234,
        "发放日期": "2020-01-10",
        "期限（月）": 36,
    }
    bad = [
        row | {"合同编号": "XD-2", "贷款金额（万元）": 5.12345},
        row | {"合同编号": "XD-3", "户编号": "无此户"},
        row | {"合同编号": "XD-4", "户编号": other.number},
    ]
    problems = rejected("loans", write(tmp_path / "a.xlsx", "loans", [row, *bad]), user("wuchuan"))
    assert [p.row for p in problems] == [3, 4, 5]
    assert "最多保留4位小数" in problems[0].reason and "不在您可管理的范围内" in problems[2].reason
    result = import_file(
        kind="loans", path=write(tmp_path / "b.xlsx", "loans", [row]), actor=user("wuchuan")
    )
    loan = MicroLoan.objects.get(contract_number="XD-1")
    assert result.created == 1 and loan.amount_wan == Decimal("5.1234")
    assert loan.due_on == dt.date(2023, 1, 10)


# --- templates -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["allocations", "projects", "expenditures", "loans"])
def test_template_download_fill_and_import(stored, tmp_path, client, user, kind):
    client.force_login(user("wuchuan"))
    response = client.get(f"/funds/imports/template/{kind}/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, notes = workbook.worksheets
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in COLUMNS[kind]] and notes.title == "填写说明"
    fill = {
        "allocations": allocation_row(文号="T1"),
        "projects": project_row(项目名称="模板项目"),
        "expenditures": expenditure_row("T1", 3),
    }.get(kind)
    if kind == "loans":
        fill = {"户编号": HouseholdFactory(village=stored[1].region).number}
    for index, header in enumerate(headers, start=1):
        if header in fill:
            sheet.cell(2, index).value = fill[header]
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    result = import_file(kind=kind, path=path, actor=user("wuchuan"))
    assert result.created == 1


# --- page and command --------------------------------------------------------------


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_upload_page_imports_and_shows_the_errors_table(
    stored, tmp_path, client, user, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(user("wuchuan"))
    path = write(tmp_path / "支出.xlsx", "expenditures", [expenditure_row("V1", "abc")])
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/funds/imports/", {"kind": "expenditures", "file": handle})
    job = FundImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/funds/imports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert job.status == "rejected" or FundImport.objects.get().status == "rejected"
    assert "应为数字" in page and "支出.xlsx" in page and "金额（万元）" in page
    listing = client.get("/funds/imports/").content.decode()
    assert "支出.xlsx" in listing


def test_command_imports_and_refuses_with_the_same_messages(stored, tmp_path, capsys):
    good = write(tmp_path / "g.xlsx", "expenditures", [expenditure_row("V1", 5)])
    call_command("import_funds", "--kind", "expenditures", str(good))
    assert "已导入1行：新增1条" in capsys.readouterr().out
    bad = write(tmp_path / "b.xlsx", "expenditures", [expenditure_row("V2", 500)])
    with pytest.raises(CommandError, match="发现1个问题"):
        call_command("import_funds", "--kind", "expenditures", str(bad), "--as", "wuchuan")
    assert "超支" in capsys.readouterr().err
    assert FundImport.objects.filter(status="rejected").count() == 1
