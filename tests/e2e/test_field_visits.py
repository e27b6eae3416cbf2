"""Household visits on a phone, offline (issue 24): three visits recorded
without signal survive a reload and arrive exactly once; a sync cut off after
the server stored the visit is resent without a double; a visit missing an
answer is refused with the question named and stays on the phone; another
team's household cannot be fetched; logging out empties the phone."""

from __future__ import annotations

import pytest

from apps.inspections.models import Campaign, SampledHousehold, Visit, VisitPhoto
from tests.e2e.conftest import ARTIFACTS, LAUNCH_ARGS, PASSWORD  # noqa: F401
from tests.helpers.snapshot import DatabaseSnapshot
from tests.helpers.visits import field_draw, jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SHELL = "/field/zhanjiang-2020/"


# Registering the families and drawing the sample takes half a minute: the first
# journey keeps the result, the others restore it.
FIELD_SNAPSHOT = DatabaseSnapshot("field_draw")


@pytest.fixture
def field(demo):
    if FIELD_SNAPSHOT.taken:
        FIELD_SNAPSHOT.restore()
        return Campaign.objects.get(slug="zhanjiang-2020").current_draw
    draw = field_draw(Campaign.objects.get(slug="zhanjiang-2020"))
    FIELD_SNAPSHOT.take()
    return draw


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "house.jpg"
    path.write_bytes(jpeg_bytes((2400, 1800)))
    return str(path)


@pytest.fixture
def phone(browser, live_server, field, request):
    # localhost, not 127.0.0.1: a secure context, where service workers run.
    base = live_server.url.replace("127.0.0.1", "localhost")
    context = browser.new_context(base_url=base, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"/login/?next={SHELL}")
    page.fill("#id_username", "inspector")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.wait_for_selector("body[data-ready='1']")
    # The shell works offline once the service worker runs and the page is cached.
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function(
        "caches.open('field-shell-v1').then(c => c.match(location.pathname)).then(Boolean)"
    )
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def record_visit(page, nth: int, photo: str, *, skip_satisfaction: bool = False) -> None:
    page.goto(f"{SHELL}#/")
    page.wait_for_selector("[data-household]")
    page.locator("[data-household]").nth(nth).click()
    page.wait_for_selector("#visit-form")
    for label in page.locator("#visit-form label[for$='-yes']").all():
        label.click()
    income = page.locator("#q-income")
    hint = page.locator("[data-question=income] .text-secondary").inner_text()
    income.fill(hint.split("：")[-1].strip().replace("—", "8000"))
    if not skip_satisfaction:
        page.click("label[for=q-satisfaction-0]")
    for question in ("housing_photo", "water_photo"):
        page.set_input_files(f"#q-{question}", photo)
        page.wait_for_selector(f"[data-photo={question}] img")
    page.click("#queue")
    page.wait_for_selector("#outbox")


def statuses(page) -> list[str]:
    page.goto(f"{SHELL}#/outbox")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector("#outbox, main p")
    return page.eval_on_selector_all(
        "#outbox [data-status]", "els => els.map(e => e.dataset.status)"
    )


def test_three_visits_offline_survive_a_reload_and_arrive_once(phone, photo_file):
    phone.context.set_offline(True)
    for nth in range(3):
        record_visit(phone, nth, photo_file)
    phone.reload()  # offline: the service worker serves the shell
    phone.wait_for_selector("body[data-ready='1']")
    assert statuses(phone) == ["pending"] * 3
    assert not Visit.objects.exists()
    phone.context.set_offline(False)
    phone.wait_for_function("document.querySelectorAll('#outbox [data-status=sent]').length === 3")
    assert Visit.objects.count() == 3
    assert VisitPhoto.objects.count() == 6
    # Resized on the phone: a 2400 × 1800 photo arrives at most 1600 px wide.
    from PIL import Image

    stored = VisitPhoto.objects.first()
    with Image.open(stored.file.path) as image:
        assert max(image.size) <= 1600


def test_other_teams_household_cannot_be_fetched_from_the_phone(phone, field):
    other = SampledHousehold.objects.filter(
        draw=field, household__village__county__name="雷州市"
    ).first()
    status = phone.evaluate(
        "id => fetch(`/field/zhanjiang-2020/api/households/${id}/`).then(r => r.status)", other.pk
    )
    assert status == 404
    assert str(other.household.number) not in phone.content()


def test_sync_cut_off_after_the_server_stored_it_is_resent_once(phone, photo_file):
    cut = []

    def lose_the_answer(route):
        if route.request.method == "POST" and not cut:
            route.fetch()  # the server stores the visit …
            cut.append(True)
            route.abort()  # … and the answer never reaches the phone
        else:
            route.continue_()

    phone.route("**/api/households/*/", lose_the_answer)
    record_visit(phone, 0, photo_file)
    phone.wait_for_selector(".field-flash")
    assert cut and statuses(phone) == ["pending"]
    assert Visit.objects.count() == 1
    phone.click("#send-now")
    phone.wait_for_selector("#outbox [data-status=sent]")
    assert Visit.objects.count() == 1 and VisitPhoto.objects.count() == 2


def test_missing_answer_is_refused_naming_it_and_stays_on_the_phone(phone, photo_file):
    record_visit(phone, 0, photo_file, skip_satisfaction=True)
    phone.wait_for_selector("#outbox [data-status=refused]")
    assert "满意度" in phone.inner_text("#outbox")
    assert not Visit.objects.exists()
    phone.reload()
    assert statuses(phone) == ["refused"]
    phone.click("#outbox a.btn")
    phone.wait_for_selector("[data-question=satisfaction] .field-error")
    phone.click("label[for=q-satisfaction-0]")
    phone.click("#queue")
    phone.wait_for_selector("#outbox [data-status=sent]")
    assert Visit.objects.get().satisfaction == "满意"


def test_logout_clears_the_phone(phone, photo_file):
    record_visit(phone, 0, photo_file)
    phone.wait_for_selector("#outbox [data-status=sent]")
    names = "indexedDB.databases().then(dbs => dbs.map(d => d.name))"
    assert "field-capture" in phone.evaluate(names)
    with phone.expect_navigation():
        phone.click("#logout-form button")
    assert "/login/" in phone.url
    assert "field-capture" not in phone.evaluate(names)
    assert phone.evaluate("caches.keys()") == []


def test_logout_with_unsent_visits_warns_with_their_count_and_cancel_keeps_them(phone, photo_file):
    def refuse_sending(route):
        if route.request.method == "POST":
            route.abort()  # no signal for the uploads: the visits stay pending
        else:
            route.continue_()

    phone.route("**/api/households/*/", refuse_sending)
    for nth in range(2):
        record_visit(phone, nth, photo_file)
    assert statuses(phone) == ["pending"] * 2
    asked = []

    def cancel(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    phone.once("dialog", cancel)
    phone.click("#logout-form button")
    phone.wait_for_function("document.querySelector('#logout-form') !== null")
    phone.wait_for_timeout(500)  # a logout that went ahead would have left the page by now
    assert asked == ["还有 2 条走访记录未发送，退出将删除它们。确定退出吗？"]
    assert phone.url.endswith(f"{SHELL}#/outbox")
    names = "indexedDB.databases().then(dbs => dbs.map(d => d.name))"
    assert "field-capture" in phone.evaluate(names)
    assert statuses(phone) == ["pending"] * 2  # nothing deleted
    assert not Visit.objects.exists()

    phone.once("dialog", lambda dialog: dialog.accept())
    with phone.expect_navigation():
        phone.click("#logout-form button")
    assert "/login/" in phone.url
    assert "field-capture" not in phone.evaluate(names)
