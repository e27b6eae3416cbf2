"""A template's items from .xlsx: strict, all problems at once, nothing
written on error, a re-import updates by 编号."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.models import User
from apps.ledgers.models import LedgerItem
from apps.ledgers.services import do_create_template, do_import_template

from .conftest import HEADER, xlsx

GOOD = [
    ["1", "扶贫责任", "", "县", "PDF、图片", "是"],
    ["1.1", "三级书记遍访台账", "1", "县", "PDF", "是"],
    ["1.2", "驻村工作队考勤", "1", "村", "Excel，PDF", "否"],
    ["1.2.1", "考勤表", "1.2", "村", "Excel", ""],
]


@pytest.fixture
def blank(demo):
    from apps.inspections.models import Campaign

    return do_create_template(
        user=User.objects.get(username="city"),
        title="测试台账目录",
        year=2020,
        campaign=Campaign.objects.get(slug="zhanjiang-2020"),
    )


def test_a_good_file_builds_the_tree_and_a_reimport_never_duplicates(blank):
    city = User.objects.get(username="city")
    result = do_import_template(user=city, template=blank, upload=xlsx(GOOD))
    assert (result.created, result.updated) == (4, 0)
    items = {i.code: i for i in blank.items.all()}
    assert [items[c].numbering for c in ("1", "1.1", "1.2", "1.2.1")] == ["一、", "1.", "2.", "(1)"]
    assert items["1.2.1"].parent == items["1.2"] and items["1.2"].kinds == ["excel", "pdf"]
    assert items["1.2"].required is False and items["1.2.1"].required is True
    renamed = [row[:] for row in GOOD]
    renamed[1][1] = "三级书记遍访贫困户台账"
    result = do_import_template(user=city, template=blank, upload=xlsx(renamed))
    assert (result.created, result.updated) == (0, 4)
    assert blank.items.count() == 4
    assert blank.items.get(code="1.1").title == "三级书记遍访贫困户台账"


def test_a_bad_file_is_refused_whole_with_every_problem_named_in_chinese(blank):
    bad = [
        ["1", "扶贫责任", "", "县", "PDF", "是"],
        ["1", "重复编号", "", "县", "PDF", "是"],
        ["2", "", "", "省", "视频", "也许"],
        ["3", "孤儿项目", "9", "村", "PDF", "是"],
    ]
    with pytest.raises(ValidationError) as refused:
        do_import_template(user=User.objects.get(username="city"), template=blank, upload=xlsx(bad))
    messages = refused.value.messages
    head = "台账目录.xlsx，工作表“目录”，"
    assert f"{head}第3行，“编号”列：“1”——该编号已在第2行使用。" in messages
    assert f"{head}第4行，“名称”列：“”——每个项目都须有名称。" in messages
    assert f"{head}第4行，“适用层级”列：“省”——适用层级须为县、镇、村、户之一。" in messages
    assert f"{head}第4行，“佐证类型”列：“视频”——佐证类型只能是PDF、图片、Word、Excel。" in messages
    assert f"{head}第4行，“是否必需”列：“也许”——请填写“是”或“否”。" in messages
    assert f"{head}第5行，“上级编号”列：“9”——文件中没有此编号的项目。" in messages
    assert len(messages) == 6
    assert not LedgerItem.objects.filter(template=blank).exists()


def test_a_missing_column_and_a_file_that_is_not_a_workbook_are_refused(blank):
    city = User.objects.get(username="city")
    with pytest.raises(ValidationError) as refused:
        do_import_template(
            user=city,
            template=blank,
            upload=xlsx([["1", "扶贫责任"]], header=["编号", "名称"]),
        )
    assert refused.value.messages == ["台账目录.xlsx，工作表“目录”，第1行：缺少“适用层级”列。"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as refused:
        do_import_template(
            user=city, template=blank, upload=SimpleUploadedFile("目录.xlsx", b"not a zip")
        )
    assert "目录.xlsx 无法作为 .xlsx 工作簿读取" in refused.value.messages[0]
    assert not blank.items.exists()


def test_the_import_page_shows_the_problems_and_keeps_nothing(login, blank):
    bad = [["1", "扶贫责任", "", "省", "PDF", "是"]]
    response = login("city").post(
        reverse("ledgers:import_template", args=[blank.pk]), {"file": xlsx(bad)}
    )
    assert response.status_code == 200
    assert "第2行，“适用层级”列：“省”" in response.content.decode()
    assert not blank.items.exists()
    good = login("city").post(
        reverse("ledgers:import_template", args=[blank.pk]), {"file": xlsx(GOOD)}
    )
    assert good.status_code == 302 and blank.items.count() == 4


def test_an_unknown_indicator_is_refused(template):
    rows = [["9", "新项目", "", "县", "PDF", "是", "不存在的指标"]]
    with pytest.raises(ValidationError) as refused:
        do_import_template(
            user=User.objects.get(username="city"),
            template=template,
            upload=xlsx(rows, header=[*HEADER, "关联指标"]),
        )
    assert "该台账目录所属评价表没有此指标" in refused.value.messages[0]
