"""Issue 15: an import updates only what its uploader may change, never moves a
household, never erases a value the file did not mention, and asks before it
empties stored values."""

from __future__ import annotations

import pytest

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.audit.models import Change
from apps.households.imports import BlanksToConfirm, ImportRejected, import_households
from apps.households.models import ExitStatus, Household, Member
from tests.helpers.workbooks import id_number, member_row

pytestmark = pytest.mark.django_db

REQUIRED = ["县", "乡镇", "行政村", "户编号", "姓名", "证件号码", "与户主关系"]
LEIZHOU = {"县": "雷州市", "乡镇": "南兴镇", "行政村": "东林村"}


def leizhou_household(household_file) -> Household:
    rows = [
        member_row("DEMO00000027", order=21, **LEIZHOU, 帮扶责任人="雷州帮扶人"),
        member_row("DEMO00000027", order=22, **LEIZHOU, 帮扶责任人="雷州帮扶人", 与户主关系="配偶"),
    ]
    import_households(path=household_file(rows, "leizhou.xlsx"), user=SYSTEM)
    return Household.objects.get(number="DEMO00000027")


def wuchuan():
    return User.objects.get(username="wuchuan")


def test_county_staff_cannot_take_over_another_countys_household(demo, household_file):
    household = leizhou_household(household_file)
    history = Change.objects.count()
    takeover = [
        member_row(
            "DEMO00000027", order=41, 县="吴川市", 乡镇="兰石镇", 行政村="兰石村", 姓名="冒名"
        )
    ]
    with pytest.raises(ImportRejected) as refused:
        import_households(
            path=household_file(takeover, "takeover.xlsx", headers=REQUIRED), user=wuchuan()
        )
    [problem] = refused.value.problems
    assert (problem.row, problem.column) == (2, "户编号")
    assert problem.reason == "户编号DEMO00000027属于雷州市，不在您的管辖范围内"
    household.refresh_from_db()
    assert household.village.county.name == "雷州市" and household.helper == "雷州帮扶人"
    assert household.version == 1 and Change.objects.count() == history
    assert not Member.objects.filter(name="冒名").exists()


def test_a_person_registered_in_another_county_is_refused(demo, household_file):
    leizhou_household(household_file)
    rows = [member_row("W0001", order=11), member_row("W0001", order=21, 与户主关系="配偶")]
    with pytest.raises(ImportRejected) as refused:
        import_households(path=household_file(rows, "w.xlsx"), user=wuchuan())
    [problem] = refused.value.problems
    assert (problem.row, problem.column) == (3, "证件号码")
    assert problem.reason == "证件号码已登记在雷州市的农户中，不在您的管辖范围内"
    assert not Household.objects.filter(number="W0001").exists()


def test_an_import_never_moves_a_household(demo, household_file):
    """Even the city office: a row naming another village is refused, not a move."""
    import_households(path=household_file([member_row("H0001")], "a.xlsx"), user=SYSTEM)
    moved = [member_row("H0001", 行政村="兰石村", 乡镇="兰石镇")]
    with pytest.raises(ImportRejected) as refused:
        import_households(
            path=household_file(moved, "b.xlsx"), user=User.objects.get(username="city")
        )
    [problem] = refused.value.problems
    assert problem.column == "行政村"
    assert problem.reason.startswith("户编号H0001登记在吴川市兰石镇名利村，导入不迁移农户")
    assert Household.objects.get(number="H0001").village.name == "名利村"


def test_every_out_of_scope_row_is_reported_in_one_pass(demo, household_file):
    leizhou_household(household_file)
    rows = [
        member_row("DEMO00000027", order=31),
        member_row("W0002", order=33),
        member_row("W0002", order=22, 与户主关系="配偶"),
    ]
    with pytest.raises(ImportRejected) as refused:
        import_households(path=household_file(rows, "two.xlsx"), user=wuchuan())
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "户编号"), (4, "证件号码")]


def test_the_import_needs_an_actor(demo, household_file):
    with pytest.raises(TypeError):
        import_households(path=household_file([member_row()]), user=None)


def test_an_absent_column_keeps_the_stored_value(demo, household_file):
    import_households(
        path=household_file([member_row("H0001", 帮扶责任人="李帮扶")], "full.xlsx"), user=SYSTEM
    )
    counts = import_households(
        path=household_file([member_row("H0001", 姓名="张某某")], "seven.xlsx", headers=REQUIRED),
        user=SYSTEM,
    )
    household = Household.objects.get(number="H0001")
    assert household.exit_status == ExitStatus.LIFTED
    assert household.per_capita_income == 12000
    assert household.helper == "李帮扶" and household.assisting_unit.name == "佛山市三水区某局"
    assert household.housing_safe is True and household.version == 1
    member = household.members.get()
    assert member.name == "张某某" and member.health == "healthy"
    assert counts["households_updated"] == 0 and counts["members_updated"] == 1


def test_an_empty_exit_status_cell_keeps_the_stored_status(demo, household_file):
    import_households(path=household_file([member_row("H0001")], "a.xlsx"), user=SYSTEM)
    import_households(
        path=household_file([member_row("H0001", 脱贫属性=None)], "b.xlsx"), user=SYSTEM
    )
    assert Household.objects.get(number="H0001").exit_status == ExitStatus.LIFTED
    # A new household with the cell empty takes the default.
    import_households(
        path=household_file([member_row("H0009", 脱贫属性=None)], "c.xlsx"), user=SYSTEM
    )
    assert Household.objects.get(number="H0009").exit_status == ExitStatus.NOT_LIFTED


def test_emptying_stored_values_is_counted_and_needs_confirmation(demo, household_file):
    two = [member_row("H0001", order=11), member_row("H0002", order=13)]
    import_households(path=household_file(two, "a.xlsx"), user=SYSTEM)
    emptied = [
        member_row("H0001", order=11, 家庭年人均纯收入=None, 帮扶单位=None),
        member_row("H0002", order=13, 家庭年人均纯收入=None, 健康状况=None),
    ]
    path = household_file(emptied, "b.xlsx")
    history = Change.objects.count()
    with pytest.raises(BlanksToConfirm) as asked:
        import_households(path=path, user=SYSTEM)
    assert asked.value.blanks == {"家庭年人均纯收入": 2, "帮扶单位": 1, "健康状况": 1}
    assert Household.objects.filter(per_capita_income=12000).count() == 2
    assert Change.objects.count() == history
    # Confirming other counts (the file changed since) writes nothing either.
    with pytest.raises(BlanksToConfirm):
        import_households(path=path, user=SYSTEM, confirm_blanks=lambda b: b == {"帮扶单位": 1})
    import_households(path=path, user=SYSTEM, confirm_blanks=lambda b: b == asked.value.blanks)
    assert Household.objects.filter(per_capita_income__isnull=True).count() == 2
    assert Household.objects.get(number="H0001").assisting_unit is None
    assert Member.objects.get(id_number=id_number(order=13)).health == ""


def test_moving_a_household_is_an_explicit_act_of_the_right_role(demo, household_file):
    from django.core.exceptions import PermissionDenied

    from apps.households.services import move_household
    from apps.regions.models import Region

    import_households(path=household_file([member_row("H0001")], "a.xlsx"), user=SYSTEM)
    household = Household.objects.get(number="H0001")
    lanshi = Region.objects.get(level="village", name="兰石村", county__name="吴川市")
    donglin = Region.objects.get(level="village", name="东林村", county__name="雷州市")
    with pytest.raises(PermissionDenied):
        move_household(household=household, village=donglin, user=wuchuan())
    moved = move_household(household=household, village=lanshi, user=wuchuan())
    assert moved.village == lanshi and moved.version == 2
    change = Change.objects.get(
        object_pk=str(household.pk), action="update", content_type__model="household"
    )
    assert change.user.username == "wuchuan" and "village" in change.changes
    moved = move_household(household=moved, village=donglin, user=User.objects.get(username="city"))
    assert Household.objects.get(number="H0001").village == donglin


def test_the_command_empties_stored_values_only_when_told(demo, household_file):
    from django.core.management import CommandError, call_command

    import_households(path=household_file([member_row("H0001")], "a.xlsx"), user=SYSTEM)
    path = household_file([member_row("H0001", 家庭年人均纯收入=None)], "b.xlsx")
    with pytest.raises(CommandError, match="家庭年人均纯收入1项"):
        call_command("import_households", str(path))
    assert Household.objects.get(number="H0001").per_capita_income == 12000
    call_command("import_households", str(path), "--confirm-blanks")
    assert Household.objects.get(number="H0001").per_capita_income is None
