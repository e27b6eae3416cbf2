"""The city office sets timetables up in the admin and adds the checklist there."""

from django.urls import reverse

from apps.demo.timetables import TITLE
from apps.timetables.models import Deliverable, Timetable


def test_city_office_edits_a_timetable_with_its_phases(login):
    client = login("city")
    timetable = Timetable.objects.get(title=TITLE)
    page = client.get(reverse("admin:timetables_timetable_change", args=[timetable.pk]))
    assert page.status_code == 200
    assert "省系统帮扶数据的填报和录入" in page.content.decode()
    assert client.get(reverse("admin:timetables_timetable_add")).status_code == 200
    item = Deliverable.objects.filter(phase__timetable=timetable).first()
    assert (
        client.get(reverse("admin:timetables_deliverable_change", args=[item.pk])).status_code
        == 200
    )


def test_the_admin_action_adds_the_missing_checklist_items(login):
    client = login("city")
    timetable = Timetable.objects.get(title=TITLE)
    Deliverable.objects.filter(phase__timetable=timetable, phase__order=4).delete()
    response = client.post(
        reverse("admin:timetables_timetable_changelist"),
        {"action": "generate_checklist", "_selected_action": [timetable.pk]},
        follow=True,
    )
    assert "已添加4项完成事项" in response.content.decode()
    assert Deliverable.objects.filter(phase__timetable=timetable).count() == 16


def test_county_staff_do_not_open_the_timetable_admin(login):
    assert login("wuchuan").get(reverse("admin:timetables_timetable_changelist")).status_code == 403
