"""Editing a monitoring case as users meet it: county staff of the case's
county (and the city office) correct its facts on a page reachable from the
case; every change lands in the change history; a save over someone else's
newer save is refused naming what they changed; another county's staff get
404, the read-only roles 403, and nothing changes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.audit.selectors import history_for
from apps.households.models import Household
from apps.monitoring import services
from apps.monitoring.models import MonitoringCase
from apps.regions.models import Region


def _case(county: str, number: str) -> MonitoringCase:
    village = Region.objects.filter(level="village", county__name=county).first()
    household = Household.objects.create(number=number, village=village)
    return services.do_open_case(
        actor=SYSTEM,
        household=household,
        kind="unstable",
        identified_on=datetime.date(2020, 10, 1),
        identified_how="cadre_check",
        risk_types=["illness"],
        income_at_identification=Decimal("4200.50"),
        helper="陈志强",
        helper_unit="吴川市民政局",
    )


def _form(case: MonitoringCase, **changes) -> dict:
    """What the edit page posts: the case's values, ``changes`` on top."""
    data = {
        "kind": case.kind,
        "identified_on": case.identified_on.isoformat(),
        "identified_how": case.identified_how,
        "risk_types": list(case.risk_types),
        "income_at_identification": str(case.income_at_identification),
        "helper": case.helper,
        "helper_unit": case.helper_unit,
        "note": case.note,
        "opened_version": case.version,
    }
    return data | changes


def _values(case: MonitoringCase) -> tuple:
    case.refresh_from_db()
    return (case.kind, case.identified_on, case.risk_types, case.income_at_identification,
            case.helper, case.helper_unit, case.version)  # fmt: skip


def test_county_staff_edit_their_case_and_the_change_is_in_the_history(login, demo):
    case = _case("吴川市", "ED-1")
    client = login("wuchuan")
    page = client.get(reverse("monitoring:case", args=[case.pk])).content.decode()
    url = reverse("monitoring:case_edit", args=[case.pk])
    assert url in page  # reachable from the case page
    form = client.get(url).content.decode()
    assert "陈志强" in form and 'name="opened_version"' in form

    response = client.post(
        url,
        _form(case, kind="marginal", risk_types=["illness", "disability"],
              income_at_identification="3980.00", helper="李海燕", identified_on="2020-09-28"),
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.kind, case.helper, case.version) == ("marginal", "李海燕", 2)
    assert case.risk_types == ["illness", "disability"]
    assert case.income_at_identification == Decimal("3980.00")
    assert case.identified_on == datetime.date(2020, 9, 28)

    change = history_for(case).order_by("-at", "-pk").first()
    assert change.user.username == "wuchuan"
    pairs = {name: (old, new) for name, old, new in change.pairs()}
    assert pairs["kind"] == ("脱贫不稳定户", "边缘易致贫户")
    assert pairs["risk_types"] == ("因病", "因病、因残")
    assert pairs["helper"] == ("陈志强", "李海燕")
    assert pairs["identified_on"] == ("2020年10月1日", "2020年9月28日")
    shown = client.get(reverse("monitoring:case", args=[case.pk])).content.decode()
    assert "李海燕" in shown and "边缘易致贫户" in shown and "因病、因残" in shown


def test_the_city_office_edits_any_countys_case(login, demo):
    case = _case("雷州市", "ED-2")
    response = login("city").post(
        reverse("monitoring:case_edit", args=[case.pk]), _form(case, helper_unit="雷州市医保局")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.helper_unit == "雷州市医保局"


def test_a_stale_save_is_refused_naming_what_changed(login, demo):
    case = _case("吴川市", "ED-3")
    opened = _form(case, kind="sudden")  # wuchuan opened the form at version 1
    city = User.objects.get(username="city")
    services.do_update_case(
        actor=city, case=case, expected_version=1, changes={"helper": "王建国"}
    )  # meanwhile the city office saved
    client = login("wuchuan")
    response = client.post(reverse("monitoring:case_edit", args=[case.pk]), opened)
    assert response.status_code == 200
    text = response.content.decode()
    assert "此记录在您打开之后已被他人修改，您的修改没有保存" in text
    assert "帮扶责任人" in text and "王建国" in text  # names the field and its new value
    case.refresh_from_db()
    assert (case.kind, case.helper, case.version) == ("unstable", "王建国", 2)


def test_another_countys_staff_get_404_and_nothing_changes(login, demo):
    case = _case("吴川市", "ED-4")
    before = _values(case)
    client = login("leizhou")
    url = reverse("monitoring:case_edit", args=[case.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(case, helper="跨县")).status_code == 404
    assert _values(case) == before


@pytest.mark.parametrize("username", ["leader", "inspector"])
def test_read_only_roles_are_refused(login, demo, username):
    case = _case("吴川市", "ED-5")
    before = _values(case)
    client = login(username)
    url = reverse("monitoring:case_edit", args=[case.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form(case, helper="只读")).status_code == 403
    assert url not in client.get(reverse("monitoring:case", args=[case.pk])).content.decode()
    assert _values(case) == before


def test_an_identification_date_after_a_visit_is_refused(login, demo):
    case = _case("吴川市", "ED-6")
    services.do_log_visit(actor=SYSTEM, case=case, visited_on=datetime.date(2020, 10, 5),
                          visitor="陈志强", findings="收入未稳定")  # fmt: skip
    response = login("wuchuan").post(
        reverse("monitoring:case_edit", args=[case.pk]), _form(case, identified_on="2020-10-20")
    )
    assert response.status_code == 200
    assert "走访" in response.content.decode()
    case.refresh_from_db()
    assert case.identified_on == datetime.date(2020, 10, 1)


def test_a_save_without_changes_writes_nothing(login, demo):
    case = _case("吴川市", "ED-7")
    history = history_for(case).count()
    response = login("wuchuan").post(reverse("monitoring:case_edit", args=[case.pk]), _form(case))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.version == 1 and history_for(case).count() == history


def test_the_service_refuses_an_empty_risk_list(demo):
    case = _case("吴川市", "ED-8")
    with pytest.raises(ValidationError):
        services.do_update_case(
            actor=SYSTEM, case=case, expected_version=1, changes={"risk_types": []}
        )


def _measure(case):
    return services.do_add_measure(
        actor=SYSTEM, case=case, kind="health", content="医疗救助", department="医保局",
        planned_on=datetime.date(2020, 11, 1),
    )  # fmt: skip


def _measure_form(measure, **changes) -> dict:
    data = {"kind": measure.kind, "content": measure.content, "department": measure.department,
            "planned_on": measure.planned_on.isoformat(), "member_fields": measure.member_fields,
            "opened_version": measure.version}  # fmt: skip
    return data | changes


def test_a_measure_is_edited_from_the_case_page_and_audited(login, demo):
    case = _case("吴川市", "EM-1")
    measure = _measure(case)
    client = login("wuchuan")
    url = reverse("monitoring:measure_edit", args=[measure.pk])
    assert url in client.get(reverse("monitoring:case", args=[case.pk])).content.decode()
    response = client.post(
        url, _measure_form(measure, kind="dibao", department="民政局", planned_on="2020-11-20",
                           member_fields=["receives_dibao"])
    )  # fmt: skip
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.kind, measure.department, measure.version) == ("dibao", "民政局", 2)
    change = history_for(measure).order_by("-at", "-pk").first()
    pairs = {name: (old, new) for name, old, new in change.pairs()}
    assert pairs["department"] == ("医保局", "民政局")
    assert pairs["planned_on"] == ("2020年11月1日", "2020年11月20日")
    assert pairs["member_fields"][1] == "是否享受低保"
    assert change.user.username == "wuchuan"


def test_a_stale_measure_edit_is_refused_and_others_are_kept_out(login, demo):
    case = _case("吴川市", "EM-2")
    measure = _measure(case)
    opened = _measure_form(measure, content="改为就业帮扶")
    services.do_update_measure(actor=User.objects.get(username="city"), measure=measure,
                               expected_version=1, changes={"department": "卫健局"})  # fmt: skip
    url = reverse("monitoring:measure_edit", args=[measure.pk])
    text = login("wuchuan").post(url, opened).content.decode()
    assert "此记录在您打开之后已被他人修改" in text and "责任部门" in text and "卫健局" in text
    assert login("leizhou").post(url, _measure_form(measure)).status_code == 404
    assert login("leader").get(url).status_code == 403
    measure.refresh_from_db()
    assert (measure.content, measure.department, measure.version) == ("医疗救助", "卫健局", 2)
