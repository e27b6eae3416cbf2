"""Importing the national household file: all or nothing, precise problems."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.access import SYSTEM
from apps.audit.models import Change
from apps.households.imports import ImportRejected, import_households
from apps.households.models import ExitStatus, Household, Member
from tests.helpers.workbooks import member_row, two_households

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Household.objects.order_by("pk").values_list("number", "exit_status", "version")),
        list(Member.objects.order_by("pk").values_list("id_number", "name", "version")),
    )


def test_valid_file_is_written_with_history(demo, household_file):
    counts = import_households(path=household_file(two_households()), user=SYSTEM)
    assert counts["households_created"] == 2 and counts["members_created"] == 3
    head = Member.objects.get(name="张某11")
    assert head.household.village.full_name == "吴川市兰石镇名利村"
    assert head.household.assisting_unit.name == "佛山市三水区某局"
    # One history row per imported record, the ID number masked.
    member_changes = Change.objects.filter(object_pk=str(head.pk), content_type__model="member")
    assert member_changes.count() == 1
    assert "*" in member_changes.get().changes["id_number"]  # a created record: plain values


def test_reimport_updates_and_never_duplicates(demo, household_file):
    import_households(path=household_file(two_households()), user=SYSTEM)
    changed = two_households()
    for row in changed[:2]:
        row["脱贫属性"] = "已退出"
    changed[1]["姓名"] = "李某某"
    counts = import_households(path=household_file(changed, "again.xlsx"), user=SYSTEM)
    assert Household.objects.count() == 2 and Member.objects.count() == 3
    assert counts["households_updated"] == 1 and counts["members_updated"] == 1
    household = Household.objects.get(number="H0001")
    assert household.exit_status == ExitStatus.EXITED and household.version == 2
    assert Member.objects.get(household=household, relationship="配偶").name == "李某某"
    update = Change.objects.get(
        object_pk=str(household.pk), action="update", content_type__model="household"
    )
    assert update.changes["exit_status"] == ["已脱贫", "已退出"]


BAD_FILES = {
    "wrong headers": (
        lambda rows: rows,
        {"headers": ["县名", "乡镇", "行政村", "户编号", "姓名", "证件号码", "与户主关系"]},
        ("县", "缺少必填列"),
    ),
    "missing required column": (
        lambda rows: rows,
        {"headers": ["县", "乡镇", "行政村", "户编号", "姓名", "与户主关系"]},
        ("证件号码", "缺少必填列"),
    ),
    "unknown village": (
        lambda rows: [rows[0], rows[1], {**rows[2], "行政村": "不存在村"}],
        {},
        (4, "行政村", "不存在村"),
    ),
    "bad ID check character": (
        lambda rows: [rows[0], rows[1], {**rows[2], "证件号码": rows[2]["证件号码"][:17] + "0"}],
        {},
        (4, "证件号码", "校验位"),
    ),
    "same ID in two households": (
        lambda rows: [rows[0], rows[1], {**rows[2], "证件号码": rows[0]["证件号码"]}],
        {},
        (4, "证件号码", "第2行"),
    ),
    "household columns disagree": (
        lambda rows: [rows[0], {**rows[1], "脱贫属性": "未脱贫"}, rows[2]],
        {},
        (3, "脱贫属性", "不一致"),
    ),
    "text in a number column": (
        lambda rows: [rows[0], rows[1], {**rows[2], "家庭年人均纯收入": "一万二"}],
        {},
        (4, "家庭年人均纯收入", "应为数字"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_and_changes_nothing(demo, household_file, case):
    import_households(path=household_file(two_households(), "first.xlsx"), user=SYSTEM)
    before = snapshot()
    history = Change.objects.count()
    mutate, options, expected = BAD_FILES[case]
    rows = two_households()
    for row in rows:
        row["脱贫属性"] = "已退出"  # a valid change that must not land either
    path = household_file(mutate(rows), "bad.xlsx", **options)
    with pytest.raises(ImportRejected) as refused:
        import_households(path=path, user=SYSTEM)
    text = "\n".join(str(p) for p in refused.value.problems)
    problem = refused.value.problems[0]
    if isinstance(expected[0], int):
        row, column, reason = expected
        assert (problem.row, problem.column) == (row, column), text
        assert reason in problem.reason or reason in problem.value, text
        assert problem.sheet == "建档立卡户"
    else:
        column, reason = expected
        assert column in text and reason in text, text
    assert snapshot() == before and Change.objects.count() == history


def test_non_xlsx_file_is_refused_by_content(demo, tmp_path):
    fake = tmp_path / "households.xlsx"
    fake.write_text("县,乡镇,行政村\n吴川市,兰石镇,名利村\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        import_households(path=fake, user=SYSTEM)
    assert "不是Excel工作簿" in str(refused.value.problems[0])
    assert Household.objects.count() == 0


def test_every_problem_is_reported_not_just_the_first(demo, household_file):
    rows = two_households()
    rows[0]["家庭年人均纯收入"] = "abc"
    rows[1]["证件号码"] = "123"
    rows[2]["行政村"] = "无此村"
    with pytest.raises(ImportRejected) as refused:
        import_households(path=household_file(rows), user=SYSTEM)
    assert [p.row for p in refused.value.problems] == [2, 3, 4]


def test_each_member_row_disagreeing_with_its_household_is_reported(demo, household_file):
    """Rows 3 and 4 repeat the same cells, which differ from row 2's: the
    importer reuses a household's parsed cells only for rows it accepted, so
    both are named."""
    rows = [
        member_row("H0001", order=11),
        member_row("H0001", order=12, 脱贫属性="未脱贫", birth="19820202"),
        member_row("H0001", order=13, 脱贫属性="未脱贫", birth="19840303"),
        member_row("H0001", order=15, birth="19860404"),
    ]
    with pytest.raises(ImportRejected) as refused:
        import_households(path=household_file(rows), user=SYSTEM)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "脱贫属性"), (4, "脱贫属性")]


def test_birth_date_and_sex_must_agree_with_the_id(demo, household_file):
    rows = two_households()
    rows[0]["出生日期"] = "1980-01-02"
    rows[2]["性别"] = "女"
    with pytest.raises(ImportRejected) as refused:
        import_households(path=household_file(rows), user=SYSTEM)
    reasons = {(p.row, p.column) for p in refused.value.problems}
    assert reasons == {(2, "出生日期"), (4, "性别")}


def test_dates_in_every_accepted_form(demo, household_file):
    rows = two_households()
    rows[0]["出生日期"] = "1980/1/1"
    rows[1]["出生日期"] = "19820202"
    rows[2]["出生日期"] = "1980年1月1日"  # the official form as well
    import_households(path=household_file(rows), user=SYSTEM)
    assert Member.objects.filter(birth_date__year__in=[1980, 1982]).count() == 3


def test_county_staff_may_import_only_their_county(demo, household_file):
    from apps.accounts.models import User

    rows = two_households()
    rows[2].update({"县": "雷州市", "乡镇": "南兴镇", "行政村": "东林村"})
    with pytest.raises(ImportRejected) as refused:
        import_households(path=household_file(rows), user=User.objects.get(username="wuchuan"))
    assert refused.value.problems[0].reason == "该行政村不在您的管辖范围内"
    assert Household.objects.count() == 0


def test_command_reports_problems_and_counts(demo, household_file, capsys):
    call_command("import_households", str(household_file(two_households())))
    assert "新增2户、3人" in capsys.readouterr().out
    rows = two_households()
    rows[2]["证件号码"] = "44088319800101001"
    with pytest.raises(CommandError, match="数据库未作任何改动"):
        call_command("import_households", str(household_file(rows, "bad.xlsx")))
    assert "第4行“证件号码”列" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_progress_is_committed_beside_the_open_import_transaction(
    demo, household_file, on_postgres
):
    """On PostgreSQL the writing half reports through a second connection, so the
    job row moves while the import's own transaction is still open."""
    from django.core.files import File

    from apps.accounts.models import User
    from apps.households.imports import run_import_job
    from apps.households.models import HouseholdImport, ImportStatus

    path = household_file(two_households())
    with path.open("rb") as handle:
        job = HouseholdImport.objects.create(
            file=File(handle, name="h.xlsx"),
            original_name="h.xlsx",
            uploaded_by=User.objects.get(username="city"),
        )
    job = run_import_job(job_id=job.pk)
    assert job.status == ImportStatus.DONE
    assert job.rows_done == 2 * job.rows_total == 6  # the last report came from the side


def test_a_failure_halfway_through_writing_leaves_nothing(demo, household_file, monkeypatch):
    """Members are written in chunks; if the second chunk fails, the households
    and the first chunk's members written before it are rolled back too."""
    from apps.households.imports import writer as services

    import_households(path=household_file(two_households(), "first.xlsx"), user=SYSTEM)
    before, history = snapshot(), Change.objects.count()
    monkeypatch.setattr(services, "CHUNK", 1)
    real_insert = services.insert_rows
    calls = {"members": 0}

    def failing_insert(model, columns, rows):
        if model is Member:
            calls["members"] += 1
            if calls["members"] == 2:
                raise RuntimeError("disk full")
        return real_insert(model, columns, rows)

    monkeypatch.setattr(services, "insert_rows", failing_insert)
    rows = [member_row(f"NEW{n}", order=51 + 2 * n) for n in range(3)]
    with pytest.raises(RuntimeError):
        import_households(path=household_file(rows, "second.xlsx"), user=SYSTEM)
    assert calls["members"] == 2  # the first chunk had been written
    assert snapshot() == before and Change.objects.count() == history


def test_one_upload_lists_every_problem_of_six_kinds_at_once(demo, household_file):
    """The same rows carry a bad number, a bad ID check character, a 5-digit ID,
    an unknown village, a word the column does not accept and a birth date the ID
    contradicts: one check reports them all, not one kind per upload."""
    good = member_row("E0001", order=11)
    wrong_check = good["证件号码"][:-1] + ("0" if good["证件号码"][-1] != "0" else "1")
    rows = [
        member_row("E0001", order=11, 家庭年人均纯收入="一万二", 证件号码=wrong_check),
        member_row("E0002", order=13, 家庭年人均纯收入="abc", 证件号码="44088", 行政村="无此村"),
        member_row("E0003", order=15, 健康状况="很好", 出生日期="1999-09-09"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_households(path=household_file(rows), user=SYSTEM)
    found = {(p.row, p.column) for p in rejected.value.problems}
    assert found == {
        (2, "家庭年人均纯收入"),  # a number that is none
        (2, "证件号码"),  # wrong check character
        (3, "家庭年人均纯收入"),
        (3, "证件号码"),  # five digits
        (3, "行政村"),  # unknown village
        (4, "健康状况"),  # a word the column does not accept
        (4, "出生日期"),  # contradicts the ID
    }
    assert rejected.value.rows == 3  # the job page's 文件行数, rejected or not
    assert Household.objects.filter(number__startswith="E000").count() == 0


def test_a_rejected_job_shows_how_many_rows_the_file_has(demo, household_file, tmp_path):
    from django.core.files.base import ContentFile

    from apps.accounts.models import User
    from apps.households.imports import run_import_job
    from apps.households.models import HouseholdImport

    rows = [member_row("E0101", order=11, 家庭年人均纯收入="abc"), member_row("E0102", order=13)]
    path = household_file(rows)
    job = HouseholdImport.objects.create(
        original_name="two.xlsx", uploaded_by=User.objects.get(username="wuchuan")
    )
    job.file.save("two.xlsx", ContentFile(path.read_bytes()))
    job = run_import_job(job_id=job.pk)
    assert job.status == "rejected" and job.rows_total == 2
