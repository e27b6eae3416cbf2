"""The responsibility matrix: live actuals from the records, verdicts, the
.xlsx 目标责任分解表, constant queries, Chinese by default."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.households.models import Member, SchoolStatus
from apps.plans import selectors
from apps.plans.models import ReportedValue, Target
from tests.helpers import plant_children

from .conftest import AS_OF

ENROLMENT = "贫困户子女义务教育毛入学率达到93%以上"


def row_for(page, description: str):
    return next(r for r in page.context["matrix"].rows if r.target.description == description)


def matrix_page(client, plan, **params):
    return client.get(reverse("plans:detail", args=[plan.pk]), {"as_of": "2019-12-31", **params})


def test_enrolment_target_follows_the_records_without_re_entry(login, zone, demo_plan):
    """4 492 of 4 518 compulsory-age members in school: ≥ 93 % is met at
    99.42 %; after a data change the same page shows the new rate."""
    plant_children(zone, in_school=4492, out_of_school=26)
    client = login("city")
    page = matrix_page(client, demo_plan)
    assert page.status_code == 200
    row = row_for(page, ENROLMENT)
    assert (row.shown_target, row.shown_actual, row.basis) == ("≥93%", "99.42%", "4,492/4,518")
    assert row.verdict == "met"
    body = page.content.decode()
    assert "99.42%" in body and "4,492/4,518" in body and "已达标" in body

    # 400 pupils recorded as dropped out: 4092 / 4518 = 90.57 %, not met.
    dropped = Member.objects.filter(
        household__village__county=zone, school_status=SchoolStatus.PRIMARY
    ).order_by("pk")[:400]
    Member.objects.filter(pk__in=list(dropped.values_list("pk", flat=True))).update(
        school_status=SchoolStatus.DROPPED_OUT
    )
    page = matrix_page(client, demo_plan)
    row = row_for(page, ENROLMENT)
    assert (row.shown_actual, row.basis, row.verdict) == ("90.57%", "4,092/4,518", "not_met")
    # The missed actual is red, saying the target it misses on hover.
    cell = page.content.decode().split(f'data-target="{row.target.pk}"')[1].split("</tr>")[0]
    actual = cell.split("actual-value")[1].split("</td>")[0]
    assert "text-danger" in actual and 'title="未达到目标值 ≥93%"' in actual and "90.57%" in actual


def test_demo_plan_holds_seed_003s_actions_and_links(demo_plan):
    actions = list(demo_plan.actions.order_by("order"))
    assert [a.numbering for a in actions if a.numbering] == list("一二三四五六七八九十")
    assert demo_plan.region.name == "湛江经济技术开发区"
    assert demo_plan.issuer == "湛江经济技术开发区党政办公室"
    targets = Target.objects.filter(action__plan=demo_plan)
    linked = {t.indicator: t for t in targets.exclude(indicator="")}
    assert set(linked) == {
        "enrolment",
        "medical",
        "pension_elderly",
        "support",
        "water",
        "housing",
        "income_labour",
    }
    enrolment = linked["enrolment"]
    assert (enrolment.lead_departments, enrolment.action.numbering) == ("区教育局", "六")
    assert (linked["medical"].lead_departments, linked["medical"].target_value) == ("区医保办", 100)
    assert linked["pension_elderly"].lead_departments == "区社保局"
    training = targets.filter(lead_departments="区扶贫办", unit__in=["次", "天"])
    assert sorted((t.target_value, t.unit) for t in training) == [(2, "次"), (4, "天")]
    reimbursement = targets.get(description__contains="不低于75%")
    assert (reimbursement.target_value, reimbursement.indicator) == (75, "")


def test_matrix_exports_as_the_breakdown_table_and_reads_back(login, zone, demo_plan):
    plant_children(zone, in_school=4492, out_of_school=26)
    client = login("city")
    page = matrix_page(client, demo_plan)
    response = matrix_page(client, demo_plan, export="xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "湛江开发区精准扶贫精准脱贫目标责任分解表"
    assert "湛开办〔2018〕84号" in rows[1][0] and "2019年12月31日" in rows[1][0]
    assert rows[2][:3] == ("序号", "行动", "目标任务")
    body = rows[3:]
    shown = page.context["matrix"].rows
    assert len(body) == len(shown) == Target.objects.filter(action__plan=demo_plan).count()
    enrolment = next(r for r in body if r[2] == ENROLMENT)
    assert enrolment[1] == "六、实施教育扶贫行动"
    assert enrolment[3:9] == ("区教育局", "各街道（镇）", "≥93%", "99.42%", "4,492/4,518", "已达标")
    # Every row reads back as the page shows it.
    for values, row in zip(body, shown, strict=True):
        assert values[0] == row.number
        assert values[2] == row.target.description
        assert (values[5], values[6]) == (row.shown_target, row.shown_actual)


def test_export_writes_formula_like_text_as_text(login, demo_plan):
    target = Target.objects.filter(action__plan=demo_plan).first()
    Target.objects.filter(pk=target.pk).update(
        description='=HYPERLINK("http://evil.example/","点我")', lead_departments="+CMD"
    )
    response = matrix_page(login("city"), demo_plan, export="xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in workbook.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://evil.example/","点我")' in texts and "'+CMD" in texts


def test_matrix_costs_the_same_queries_whatever_the_records(
    login, zone, demo_plan, django_assert_max_num_queries
):
    client = login("city")
    counts = []
    for batch, size in enumerate((1, 300)):
        plant_children(zone, in_school=size, out_of_school=size, prefix=f"Q{batch}")
        for params in ({}, {"export": "xlsx"}):
            with django_assert_max_num_queries(15) as captured:
                assert matrix_page(client, demo_plan, **params).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:]


def test_matrix_selector_queries_do_not_grow_with_targets(
    zone, demo_plan, django_assert_num_queries
):
    """Actions, targets (newest report's key), reports, their evidence, two
    aggregates over the registry — and no more with twice the targets."""
    plant_children(zone, in_school=3, out_of_school=1)
    for target in Target.objects.filter(action__plan=demo_plan, indicator=""):
        ReportedValue.objects.create(target=target, value=1, reported_on=AS_OF)
    with django_assert_num_queries(6):
        before = selectors.matrix(SYSTEM, demo_plan, as_of=AS_OF)
    for target in Target.objects.filter(action__plan=demo_plan):
        target.pk = None
        target.save()
    with django_assert_num_queries(6):
        after = selectors.matrix(SYSTEM, demo_plan, as_of=AS_OF)
    assert len(after.rows) == 2 * len(before.rows)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_page_speaks_chinese_by_default_and_english_when_chosen(login, demo_plan, language):
    client = login("leader")
    if language == "en":
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("plans:detail", args=[demo_plan.pk]))
    body = page.content.decode()
    if language == "zh-hans":
        for text in ("目标责任方案", "牵头单位", "配合单位", "目标值", "实际值", "暂无法计量"):
            assert text in body, text
    else:
        assert "Lead departments" in body and "Not yet measurable" in body


def test_command_prints_the_matrix_and_saves_the_workbook(zone, demo_plan, tmp_path):
    plant_children(zone, in_school=4492, out_of_school=26)
    out = io.StringIO()
    path = tmp_path / "分解表.xlsx"
    call_command(
        "plan_matrix", "湛开办〔2018〕84号", as_of="2019-12-31", output=str(path), stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "湛江开发区精准扶贫精准脱贫目标责任分解表"
    assert any(
        line.endswith(f"{ENROLMENT}\t区教育局\t≥93%\t99.42%\t4,492/4,518\t已达标") for line in lines
    )
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == lines[0]
    with pytest.raises(CommandError):
        call_command("plan_matrix", "湛开办〔2018〕84号", user="wuchuan", stdout=out)
