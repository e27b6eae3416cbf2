"""Who ticks deliverables, with what evidence, and what the page and history show."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.audit.selectors import history_for
from apps.timetables.models import Deliverable

from .conftest import AS_OF

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _open_item(timetable, village="新屋村", order=2) -> Deliverable:
    return Deliverable.objects.get(
        phase__timetable=timetable, phase__order=order, village__name=village
    )


def _tick(client, item, **extra):
    data = {"completed_on": "2020-12-23", "note": "已完成", "opened_version": item.version}
    data |= extra
    return client.post(reverse("timetables:deliverable", args=[item.pk]), data)


def test_county_staff_tick_their_village_with_evidence(login, wuchuan_timetable):
    client = login("wuchuan")
    item = _open_item(wuchuan_timetable)
    page = client.get(reverse("timetables:deliverable", args=[item.pk])).content.decode()
    assert "逾期" in page  # the phase's deadline passed with the item open
    evidence = SimpleUploadedFile("帮扶记录簿.pdf", PDF, "application/pdf")
    response = _tick(client, item, evidence=evidence)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.completed_on == dt.date(2020, 12, 23)
    assert item.completed_by.username == "wuchuan"
    assert item.evidence.get().original_name == "帮扶记录簿.pdf"
    # The phase is now completed on the page (all three villages ticked).
    detail = client.get(
        reverse("timetables:detail", args=[wuchuan_timetable.pk]), {"as_of": AS_OF.isoformat()}
    ).content.decode()
    assert 'data-state="overdue"' not in detail.split("phase-table")[1].split("</table>")[0]
    change = history_for(item).first()
    assert change.user.username == "wuchuan"
    download = client.get(reverse("timetables:evidence_download", args=[item.evidence.get().pk]))
    assert download.status_code == 200


@pytest.mark.parametrize(("username", "status"), [("inspector", 403), ("leader", 403)])
def test_inspectors_and_leadership_read_but_do_not_tick(login, wuchuan_timetable, username, status):
    client = login(username)
    item = _open_item(wuchuan_timetable)
    page = client.get(reverse("timetables:deliverable", args=[item.pk]))
    assert page.status_code == 200
    assert "completed_on" not in page.content.decode()  # no tick form
    assert _tick(client, item).status_code == status
    item.refresh_from_db()
    assert item.completed_on is None


def test_other_county_staff_do_not_find_the_item(login, wuchuan_timetable):
    item = _open_item(wuchuan_timetable)
    assert _tick(login("leizhou"), item).status_code == 404
    item.refresh_from_db()
    assert item.completed_on is None


def test_a_renamed_file_is_refused_and_nothing_is_ticked(login, wuchuan_timetable):
    item = _open_item(wuchuan_timetable)
    fake = SimpleUploadedFile("记录.pdf", b"just text, not a PDF", "application/pdf")
    response = _tick(login("wuchuan"), item, evidence=fake)
    assert response.status_code == 200
    assert "不是真正的" in response.content.decode() or "is not really" in response.content.decode()
    item.refresh_from_db()
    assert item.completed_on is None and not item.evidence.exists()


def test_a_future_date_is_refused(login, wuchuan_timetable):
    item = _open_item(wuchuan_timetable)
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = _tick(login("wuchuan"), item, completed_on=tomorrow.isoformat())
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.completed_on is None


def test_a_stale_form_does_not_overwrite_a_tick(login, wuchuan_timetable):
    item = _open_item(wuchuan_timetable)
    opened = item.version
    assert _tick(login("city"), item).status_code == 302
    response = _tick(login("wuchuan"), item, opened_version=opened, completed_on="2020-12-01")
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.completed_on == dt.date(2020, 12, 23)


def test_reopening_needs_a_reason_and_shows_in_the_history(login, wuchuan_timetable):
    client = login("wuchuan")
    item = _open_item(wuchuan_timetable, village="名利村")
    url = reverse("timetables:deliverable_reopen", args=[item.pk])
    client.post(url, {"note": "", "opened_version": item.version})
    item.refresh_from_db()
    assert item.completed_on is not None
    reason = {"note": "记录簿缺户主签字", "opened_version": item.version}
    client.post(url, reason)  # the deliverable page's form: asked first
    item.refresh_from_db()
    assert item.completed_on is not None
    client.post(url, reason | {"confirm": "yes"})
    item.refresh_from_db()
    assert item.completed_on is None
    page = client.get(reverse("timetables:deliverable", args=[item.pk])).content.decode()
    assert "记录簿缺户主签字" in page


def test_taking_a_tick_back_asks_first_naming_what_is_removed(login, wuchuan_timetable):
    """Issue 17: the deliverable page's 退回 leads to a question naming the
    village, the deliverable and the tick's date and author; GET and the first
    POST change nothing, the confirming POST reopens."""
    client = login("wuchuan")
    item = _open_item(wuchuan_timetable, village="名利村")
    ticked_on, ticker = item.completed_on, item.completed_by
    url = reverse("timetables:deliverable_reopen", args=[item.pk])
    reason = {"note": "记录簿缺户主签字", "opened_version": item.version}
    for question in (client.get(url), client.post(url, reason)):
        page = question.content.decode()
        assert question.status_code == 200 and "确定将这项事项退回为未完成？" in page
        assert item.village.full_name in page and item.title in page
        assert f"{ticked_on.year}年{ticked_on.month}月{ticked_on.day}日" in page
        assert (ticker.first_name or ticker.username) in page
        assert 'name="confirm" value="yes"' in page
        item.refresh_from_db()
        assert item.completed_on == ticked_on  # asking removed nothing
    assert "记录簿缺户主签字" in page  # the reason typed on the page is carried over
    # Confirmed without a reason: asked again, with the reason's error, nothing removed.
    missing = client.post(url, {"note": "", "opened_version": item.version, "confirm": "yes"})
    assert missing.status_code == 200 and "确定将这项事项退回为未完成？" in missing.content.decode()
    item.refresh_from_db()
    assert item.completed_on == ticked_on
    done = client.post(url, reason | {"confirm": "yes"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.completed_on is None and item.completed_by is None
    # Nothing left to take back: GET says so and goes back.
    again = client.get(url)
    assert again.status_code == 302 and again.url == reverse(
        "timetables:deliverable", args=[item.pk]
    )


def test_only_those_who_tick_are_asked_to_take_a_tick_back(login, wuchuan_timetable):
    item = _open_item(wuchuan_timetable, village="名利村")
    url = reverse("timetables:deliverable_reopen", args=[item.pk])
    assert login("inspector").get(url).status_code == 403
    assert login("leader").get(url).status_code == 403
    assert login("leizhou").get(url).status_code == 404
    item.refresh_from_db()
    assert item.completed_on is not None
