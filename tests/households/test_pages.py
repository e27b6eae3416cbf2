"""Browsing, searching, editing and uploading through the web pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.access import SYSTEM
from apps.households.imports import import_households
from apps.households.models import Household, HouseholdImport, ImportStatus, Member
from tests.helpers.workbooks import member_row, write_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def registry(demo, tmp_path):
    rows = [
        member_row("WC001", order=11, 姓名="吴川户主"),
        member_row("WC001", order=12, 姓名="吴川配偶", 与户主关系="配偶", birth="19820202"),
        member_row("LZ001", order=13, 姓名="雷州户主", 县="雷州市", 乡镇="南兴镇", 行政村="东林村"),
    ]
    import_households(path=write_rows(tmp_path / "r.xlsx", rows), user=SYSTEM)
    return {m.name: m for m in Member.objects.all()}


def upload(client, rows, name="户籍.xlsx"):
    buffer = io.BytesIO()
    write_rows_to(buffer, rows)
    return client.post(
        reverse("households:upload"),
        {"file": SimpleUploadedFile(name, buffer.getvalue())},
    )


def write_rows_to(buffer, rows):
    from openpyxl import Workbook

    from apps.demo.generator import HEADERS

    workbook = Workbook()
    workbook.active.title = "建档立卡户"
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append([row.get(h) for h in HEADERS])
    workbook.save(buffer)


def test_county_staff_see_only_their_county_and_full_ids(login, registry):
    client = login("wuchuan")
    page = client.get(reverse("households:index")).content.decode()
    assert "WC001" in page and "LZ001" not in page
    assert "<th" in page and "户主" in page and registry["吴川户主"].name in page  # 户主 column
    detail = client.get(reverse("households:detail", args=[registry["吴川户主"].household_id]))
    assert registry["吴川户主"].id_number in detail.content.decode()
    other = client.get(reverse("households:detail", args=[registry["雷州户主"].household_id]))
    assert other.status_code == 404


def test_leadership_sees_ids_masked(login, registry):
    head = registry["吴川户主"]
    page = login("leader").get(reverse("households:detail", args=[head.household_id]))
    text = page.content.decode()
    assert head.id_number not in text
    assert head.id_number[:6] + "********" + head.id_number[-4:] in text


@pytest.mark.parametrize("query", ["吴川配偶", "WC001", "full-id", "last-four"])
def test_search_by_name_number_or_id(login, registry, query):
    id_number = registry["吴川配偶"].id_number
    text = {"full-id": id_number, "last-four": id_number[-6:]}.get(query, query)
    page = login("city").get(reverse("households:index"), {"q": text}).content.decode()
    assert "WC001" in page and "LZ001" not in page


def test_list_queries_stay_constant(login, registry, django_assert_max_num_queries):
    client = login("city")
    with django_assert_max_num_queries(12):
        client.get(reverse("households:index"))


def test_stale_household_edit_is_refused_with_what_changed(login, registry):
    household = Household.objects.get(number="WC001")
    client = login("wuchuan")
    url = reverse("households:edit", args=[household.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "id"}
    data.update(main_cause="因病", opened_version=household.version)
    data["assisting_unit"] = household.assisting_unit_id
    first = client.post(url, data)
    assert first.status_code == 302
    data.update(main_cause="缺资金")  # a second editor who opened the same version
    second = client.post(url, data)
    assert second.status_code == 200
    assert "主要致贫原因" in second.content.decode()
    household.refresh_from_db()
    assert household.main_cause == "因病" and household.version == 2


def test_member_edit_checks_the_id_number(login, registry):
    member = registry["吴川户主"]
    client = login("wuchuan")
    url = reverse("households:member_edit", args=[member.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "id"}
    data.update(id_number=member.id_number[:17] + ("0" if member.id_number[17] != "0" else "1"))
    data["birth_date"] = member.birth_date.isoformat()
    page = client.post(url, data)
    assert "校验位" in page.content.decode()
    assert login("inspector").get(url).status_code in (403, 404)


def test_upload_bad_row_then_fixed_file(
    login, demo, immediate_tasks, django_capture_on_commit_callbacks
):
    client = login("city")
    rows = [member_row("UP001", order=21), member_row("UP002", order=23, 证件号码="440883")]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, rows)
    job = HouseholdImport.objects.get()
    assert response.url == reverse("households:import_detail", args=[job.pk])
    assert job.status == ImportStatus.REJECTED
    page = client.get(response.url).content.decode()
    assert "第3行" in page or ">3<" in page
    assert "证件号码应为18位" in page
    report = client.get(reverse("households:import_problems", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(report.content)).active
    assert [c.value for c in sheet[3]][:3] == ["建档立卡户", 3, "证件号码"]
    assert Household.objects.count() == 0

    rows[1] = member_row("UP002", order=23)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, rows)
    progress = client.get(
        reverse("households:import_progress", args=[HouseholdImport.objects.first().pk])
    ).json()
    assert progress["percent"] == 100 and progress["status"] == "done"
    assert Household.objects.count() == 2


def test_upload_refuses_a_renamed_non_excel_file(login, demo):
    client = login("city")
    response = client.post(
        reverse("households:upload"),
        {"file": SimpleUploadedFile("户籍.xlsx", b"%PDF-1.4 not a workbook")},
    )
    assert "不是Excel工作簿" in response.content.decode()
    assert HouseholdImport.objects.count() == 0


def test_only_registry_keepers_upload_and_see_their_imports(login, demo):
    assert login("leader").get(reverse("households:upload")).status_code == 403
    assert login("inspector").get(reverse("households:upload")).status_code == 403
    assert login("wuchuan").get(reverse("households:upload")).status_code == 200


def test_blank_template_has_the_national_headers(login, demo):
    response = login("wuchuan").get(reverse("households:template"))
    headers = [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]]
    assert headers[:4] == ["县", "乡镇", "行政村", "户编号"] and "证件号码" in headers


def test_entered_markup_is_shown_as_text(login, demo, tmp_path):
    payload = '<script>alert("户")</script>'
    rows = [
        member_row(
            "XSS01",
            order=41,
            姓名=f"{payload}名",
            主要致贫原因="<b>因病</b>",
            帮扶责任人=f"{payload}人",
            帮扶单位=f"{payload}单位",
        )
    ]
    import_households(path=write_rows(tmp_path / "x.xlsx", rows), user=SYSTEM)
    household = Household.objects.get(number="XSS01")
    client = login("city")
    for url in (reverse("households:index"), reverse("households:detail", args=[household.pk])):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<b>因病" not in page
        assert "&lt;script&gt;" in page


def test_blank_template_says_what_an_empty_cell_does_on_reimport(login, demo):
    response = login("wuchuan").get(reverse("households:template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["建档立卡户", "填表说明"]
    said = {row[0]: row[2] for row in workbook["填表说明"].iter_rows(min_row=2, values_only=True)}
    assert said["脱贫属性"].startswith("保留已存储的值")
    assert said["家庭年人均纯收入"].startswith("清空已存储的值")
    assert said["性别"] == "由证件号码推出"
    assert said["户编号"] == "必填，不能为空"
    accepts = {r[0]: r[3] for r in workbook["填表说明"].iter_rows(min_row=2, values_only=True)}
    assert "已脱贫" in accepts["脱贫属性"] and accepts["住房是否安全"] == "是、否"
    assert accepts["出生日期"].startswith("日期：2020-11-03")
    # The data sheet offers each choice column's words as a drop-down, and has no example row.
    data = workbook["建档立卡户"]
    assert data.max_row == 1
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in data.data_validations.dataValidation}
    health = [c.column_letter for c in data[1] if c.value == "健康状况"][0]
    assert "长期慢性病" in lists[f"{health}2"]


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [("city", "id_number", "masked_id_number"), ("leader", "masked_id_number", "id_number")],
)
def test_household_file_prints_its_members_with_ids_as_the_page_shows_them(
    login, registry, username, shown, hidden
):
    """一户一档: the print view of the detail page, for the city office (full ID
    numbers) and leadership (masked), without edit links or the change history."""
    head, spouse = registry["吴川户主"], registry["吴川配偶"]
    client = login(username)
    url = reverse("households:detail", args=[head.household_id])
    page = client.get(url).content.decode()
    assert 'href="?print=1"' in page and "打印" in page
    printed = client.get(url, {"print": "1"}).content.decode()
    assert "portal-menu" not in printed
    assert '<p class="print-meta">一户一档 · 户主：吴川户主 · 打印日期：' in printed
    for member in (head, spouse):
        assert member.name in printed
        assert getattr(member, shown) in printed
        assert getattr(member, hidden) not in printed
    assert getattr(head, shown) in page  # as the page itself shows them to the user
    assert "修改记录" in page and "修改记录" not in printed
    assert reverse("households:member_edit", args=[head.pk]) not in printed
    assert reverse("households:edit", args=[head.household_id]) not in printed


def test_household_page_writes_money_in_yuan_and_the_list_counts(login, demo):
    from apps.regions.models import Region
    from tests.factories import HouseholdFactory, MemberFactory

    household = HouseholdFactory(
        village=Region.objects.get(name="名利村"),  # in 湛江市, the city office's city
        per_capita_income="12000.5",
        annual_expenditure="0",
        housing_area=None,
    )
    MemberFactory(household=household)
    body = login("city").get(reverse("households:detail", args=[household.pk])).content.decode()
    facts = body.split('class="row small household-facts"')[1].split("</dl>")[0]
    assert "12,000.50元" in facts and "0.00元" in facts  # zero is 0, not a blank
    assert "（—）" in facts  # no housing area: a dash, no unit on nothing
    listing = login("city").get(reverse("households:index"), {"q": household.number})
    cells = [row.get_cell("member_count") for row in listing.context["table"].rows]
    assert cells == ["1"]


def test_housing_renovation_is_imported_and_shown(login, demo, tmp_path):
    """危房改造 (seed 002's 615 / 156): the task year and completion date come in
    with the national file and the household page states them."""
    path = write_rows(
        tmp_path / "renovation.xlsx",
        [member_row("RN001", order=31, 危房改造任务年度=2018, 危房改造竣工日期="2018-11-30")],
    )
    import_households(path=path, user=SYSTEM, display_name="危房改造")
    household = Household.objects.get(number="RN001")
    assert household.renovation_year == 2018
    assert household.renovation_completed_on.isoformat() == "2018-11-30"
    body = login("city").get(reverse("households:detail", args=[household.pk])).content.decode()
    facts = body.split('class="row small household-facts"')[1].split("</dl>")[0]
    assert "危房改造" in facts and "2018年任务，2018年11月30日竣工" in facts
