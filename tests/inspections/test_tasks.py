"""Tasks given to departments (督办): the status machine, overdue in the
database, the pages each role sees, the forms' refusals, the board's .xlsx,
the home page's reminders, the bulletin's progress paragraph and the demo."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.accounts.models import Department, User
from apps.accounts.roles import Role
from apps.accounts.services import create_user
from apps.bulletins.drafting import task_progress
from apps.inspections.models import Task, TaskReply, TaskStatus, TaskTransition
from apps.inspections.task_selectors import awaiting_reply, board_counts, task_board
from apps.inspections.task_services import do_create_task, do_reply_task, do_transition_task
from apps.regions.models import Level, Region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ISSUED = datetime.date(2020, 11, 20)


def _dept(name: str) -> Department:
    return Department.objects.get(name=name)


@pytest.fixture
def city(demo) -> User:
    return User.objects.get(username="city")


@pytest.fixture
def yibao(demo) -> User:
    return User.objects.get(username="yibao")


@pytest.fixture
def make_task(city):
    def make(**changes) -> Task:
        values = {
            "user": city,
            "title": "测试督办事项",
            "lead_department": _dept("市医保局"),
            "issued_on": ISSUED,
            "deadline": datetime.date(2020, 11, 30),
        } | changes
        return do_create_task(**values)

    return make


def _reply(user, task, **changes) -> TaskReply:
    values = {"user": user, "task": task, "replied_on": ISSUED, "text": "已办理"} | changes
    return do_reply_task(**values)


def _step(user, task, step, note=""):
    task.refresh_from_db()
    return do_transition_task(
        user=user, task=task, step=step, expected_version=task.version, note=note
    )


# --- the status machine -------------------------------------------------------


def test_reply_propose_confirm(make_task, yibao, city):
    task = make_task()
    assert task.status == TaskStatus.PENDING
    _reply(yibao, task, value_reached=3)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert _step(yibao, task, "propose").status == TaskStatus.PROPOSED
    assert _step(city, task, "confirm").status == TaskStatus.DONE
    steps = list(task.transitions.values_list("from_status", "to_status", "by__username"))
    assert steps == [
        ("pending", "in_progress", "yibao"),
        ("in_progress", "proposed", "yibao"),
        ("proposed", "done", "city"),
    ]


def test_return_needs_a_reason_and_says_it(make_task, yibao, city):
    task = make_task()
    _step(yibao, task, "propose")
    with pytest.raises(ValidationError) as refused:
        _step(city, task, "return")
    assert "请填写退回理由" in str(refused.value)
    task = _step(city, task, "return", note="佐证材料不全")
    assert task.status == TaskStatus.IN_PROGRESS and task.return_reason == "佐证材料不全"


def test_only_the_lead_proposes_and_only_the_city_office_confirms(make_task, yibao, city):
    task = make_task(co_departments=[_dept("市财政局")])
    finance = create_user(
        username="caizheng", role=Role.DEPARTMENT, password="demo-pass-2020",
        department=_dept("市财政局"),
    )  # fmt: skip
    _reply(finance, task)  # a co-operating department replies
    with pytest.raises(PermissionDenied):
        _step(finance, task, "propose")
    _step(yibao, task, "propose")
    with pytest.raises(PermissionDenied):
        _step(yibao, task, "confirm")
    with pytest.raises(PermissionDenied):
        _reply(User.objects.get(username="wuchuan"), task)


def test_a_confirmed_task_takes_no_reply_and_no_second_confirm(make_task, yibao, city):
    task = make_task()
    _step(yibao, task, "propose")
    _step(city, task, "confirm")
    with pytest.raises(PermissionDenied):
        _reply(yibao, task)
    with pytest.raises(ValidationError):
        _step(city, task, "confirm")


def test_a_stale_page_is_refused(make_task, yibao):
    task = make_task()
    _reply(yibao, task)
    with pytest.raises(ValidationError):
        do_transition_task(user=yibao, task=task, step="propose", expected_version=1)


# --- overdue, counts, reminders --------------------------------------------------


def test_overdue_is_past_the_deadline_and_not_confirmed(make_task, yibao, city):
    late = make_task(title="逾期")
    make_task(title="未到期", deadline=datetime.date(2020, 12, 31))
    done = make_task(title="已办结")
    _step(yibao, done, "propose")
    _step(city, done, "confirm")
    today = datetime.date(2020, 12, 5)
    tasks = task_board(city, overdue=True, today=today, department=_dept("市医保局"))
    assert [t.title for t in tasks] == ["逾期"] and tasks[0].is_overdue
    counts = board_counts(task_board(city, department=_dept("市医保局"), today=today), today)
    assert (counts.overdue, counts.done) == (1, 2)  # and the demo's confirmed 医保 task
    assert late.pk in {t.pk for t in task_board(city, status=TaskStatus.PENDING)}


def test_home_page_shows_the_departments_waiting_tasks_overdue_first(make_task, login):
    make_task(title="明年到期", deadline=datetime.date.today() + datetime.timedelta(days=300))
    make_task(title="早已逾期")
    yibao = User.objects.get(username="yibao")
    titles = [t.title for t in awaiting_reply(yibao)]
    assert titles.index("早已逾期") < titles.index("明年到期")
    html = login("yibao").get(reverse("dashboard")).content.decode()
    assert "待本部门答复的督办事项" in html
    assert html.index("早已逾期") < html.index("明年到期")


# --- pages and scope -----------------------------------------------------------


def test_department_user_sees_their_tasks_only(make_task, login):
    mine = make_task(title="医保局的事项")
    other = make_task(title="财政局的事项", lead_department=_dept("市财政局"))
    client = login("yibao")
    board = client.get(reverse("tasks:board")).content.decode()
    assert "医保局的事项" in board and "财政局的事项" not in board
    assert client.get(reverse("tasks:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("tasks:detail", args=[other.pk])).status_code == 404


def test_department_user_sees_no_households(login, demo):
    from tests.factories import HouseholdFactory, MemberFactory

    village = Region.objects.filter(level=Level.VILLAGE, county__name="吴川市").first()
    household = HouseholdFactory(village=village)
    MemberFactory(household=household, name="吴川某户主")
    client = login("yibao")
    assert "吴川某户主" not in client.get(reverse("households:index")).content.decode()
    assert client.get(reverse("households:detail", args=[household.pk])).status_code == 404
    nav = client.get(reverse("tasks:board")).context["nav_items"]
    assert [item["url"] for item in nav] == ["/", "/tasks/", "/bulletins/"]


def test_county_staff_see_tasks_concerning_their_county(make_task, login):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    leizhou = Region.objects.get(level=Level.COUNTY, name="雷州市")
    make_task(title="涉及吴川", regions=[wuchuan])
    make_task(title="涉及雷州", regions=[leizhou])
    board = login("wuchuan").get(reverse("tasks:board")).content.decode()
    assert "涉及吴川" in board and "涉及雷州" not in board


def test_thread_reply_with_evidence(make_task, login):
    task = make_task()
    client = login("yibao")
    response = client.post(
        reverse("tasks:reply", args=[task.pk]),
        {
            "replied_on": "2020-11-25",
            "text": "已导入系统",
            "value_reached": "12",
            "evidence": SimpleUploadedFile("证明.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "已导入系统" in page and "证明.pdf" in page and "2020年11月25日" in page
    evidence = task.replies.get().evidence.get()
    download = client.get(reverse("tasks:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert login("leizhou").get(download.wsgi_request.path).status_code == 404


def test_confirming_asks_for_the_box_first(make_task, yibao, login):
    task = make_task()
    _step(yibao, task, "propose")
    client = login("city")
    url = reverse("tasks:step", args=[task.pk])
    data = {"step": "confirm", "opened_version": Task.objects.get(pk=task.pk).version}
    response = client.post(url, data, follow=True)
    assert "请勾选确认框" in response.content.decode()
    assert Task.objects.get(pk=task.pk).status == TaskStatus.PROPOSED
    client.post(url, data | {"confirm": "on"})
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


# --- forms refuse bad input with a Chinese message, nothing written ------------


def _new_task(**changes) -> dict:
    return {
        "title": "新督办",
        "source": "next_step",
        "lead_department": _dept("市医保局").pk,
        "issued_on": "2020-11-20",
        "deadline": "2020-11-30",
    } | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"lead_department": ""}, "请选择牵头单位。"),
        ({"deadline": "2020-11-19"}, "完成时限不能早于交办日期。"),
    ],
)
def test_new_task_form_refuses(login, changes, message):
    before = Task.objects.count()
    response = login("city").post(reverse("tasks:create"), _new_task(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Task.objects.count() == before


def test_new_task_form_issues_a_task(login):
    response = login("city").post(reverse("tasks:create"), _new_task())
    task = Task.objects.get(title="新督办")
    assert response.status_code == 302 and task.lead_department.name == "市医保局"


def test_service_refuses_a_deadline_before_the_issue_day(make_task):
    with pytest.raises(ValidationError) as refused:
        make_task(deadline=datetime.date(2020, 11, 1))
    assert "完成时限不能早于交办日期" in str(refused.value)
    with pytest.raises(ValidationError):
        make_task(lead_department=None)


def test_reply_refuses_a_forbidden_evidence_type_and_writes_nothing(make_task, login):
    task = make_task()
    before = (TaskReply.objects.count(), TaskTransition.objects.count())
    disguised = SimpleUploadedFile("材料.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = login("yibao").post(
        reverse("tasks:reply", args=[task.pk]),
        {"replied_on": "2020-11-25", "text": "已办理", "evidence": disguised},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("材料.pdf" in m for m in messages), messages
    assert (TaskReply.objects.count(), TaskTransition.objects.count()) == before
    assert Task.objects.get(pk=task.pk).status == TaskStatus.PENDING


def test_reply_refuses_an_empty_text_and_a_date_before_the_task(make_task, login):
    task = make_task()
    client = login("yibao")
    url = reverse("tasks:reply", args=[task.pk])
    empty = client.post(url, {"replied_on": "2020-11-25", "text": ""}, follow=True)
    assert "请填写办理情况" in empty.content.decode()
    early = client.post(url, {"replied_on": "2020-11-01", "text": "早"}, follow=True)
    assert "答复日期不能早于交办日期" in early.content.decode()
    assert not TaskReply.objects.filter(task=task).exists()


# --- exports, queries, bulletin, demo ---------------------------------------------


def test_board_xlsx_escapes_formulas(make_task, login):
    make_task(title='=HYPERLINK("http://x")')
    response = login("city").get(reverse("tasks:board_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in titles
    assert not any(str(t).startswith("=") for t in titles)


@pytest.mark.parametrize("name", ["tasks:board", "tasks:board_xlsx"])
def test_board_queries_do_not_grow(make_task, login, django_assert_max_num_queries, name):
    client = login("city")
    finance = _dept("市财政局")
    counties = list(Region.objects.filter(level=Level.COUNTY)[:3])
    for _ in range(3):
        make_task(co_departments=[finance], regions=counties)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse(name))
    for _ in range(30):
        make_task(co_departments=[finance], regions=counties)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_thread_queries_do_not_grow(make_task, yibao, login, django_assert_max_num_queries):
    task = make_task()
    client = login("city")
    url = reverse("tasks:detail", args=[task.pk])
    _reply(yibao, task, evidence_files=[SimpleUploadedFile("a.pdf", PDF)])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(10):
        _reply(yibao, task, evidence_files=[SimpleUploadedFile("a.pdf", PDF)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_bulletin_paragraph_states_progress_and_names_the_late(demo):
    text = task_progress(today=datetime.date(2020, 11, 25))
    assert text.startswith("截至2020年11月25日，督办事项落实情况：")
    assert "市医保局牵头1项，已办结1项" in text
    assert "市财政局牵头1项，已办结0项，逾期未办结1项" in text
    assert text.endswith("逾期未办结的单位：市财政局，请抓紧办理并报送进展。")


def test_demo_has_seed_000s_eight_tasks(demo):
    tasks = list(Task.objects.filter(campaign__slug="zhanjiang-2020").order_by("order"))
    assert len(tasks) == 8
    leads = [t.lead_department.name for t in tasks]
    assert leads[2] == "市医保局" and leads[4] == "市财政局" and leads[5] == "市农业农村局"
    assert tasks[2].deadline == datetime.date(2020, 11, 20)
    assert tasks[2].status == TaskStatus.DONE and tasks[2].replies.exists()
    assert {d.name for d in tasks[5].co_departments.all()} == {"市商务局", "市供销社"}
    assert tasks[5].target_text == "≥ 400 个专柜"
    assert {r.name for r in tasks[4].regions.all()} == {
        "雷州市",
        "廉江市",
        "吴川市",
        "遂溪县",
        "徐闻县",
    }
    late = task_board(SYSTEM, overdue=True, today=datetime.date(2020, 11, 25))
    assert [t.order for t in late if t.campaign_id] == [5]
