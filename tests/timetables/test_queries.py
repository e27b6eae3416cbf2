"""The timetable page issues a constant number of queries whatever the number
of villages and ticks: counts are made in the database."""

import datetime as dt

from django.urls import reverse

from apps.accounts.models import User
from apps.households.models import AssistingUnit
from apps.regions.models import Level, Region
from apps.timetables.models import Deliverable
from apps.timetables.services import generate_checklist, tick_deliverable
from tests.factories import bulk_villages

from .conftest import AS_OF


def _page_queries(client, timetable, django_assert_max_num_queries, limit: int) -> str:
    with django_assert_max_num_queries(limit):
        response = client.get(
            reverse("timetables:detail", args=[timetable.pk]), {"as_of": AS_OF.isoformat()}
        )
    assert response.status_code == 200
    return response.content.decode()


def test_page_queries_do_not_grow_with_villages(
    login, wuchuan_timetable, django_assert_max_num_queries
):
    client = login("wuchuan")
    _page_queries(client, wuchuan_timetable, django_assert_max_num_queries, 12)
    # Sixty more paired villages, each with its four deliverables, half ticked.
    town = Region.objects.get(level=Level.TOWN, name="兰石镇")
    unit = AssistingUnit.objects.get(name="测试帮扶单位甲")
    unit.villages.add(*bulk_villages(town, 60))
    city = User.objects.get(username="city")
    assert generate_checklist(user=city, timetable=wuchuan_timetable) == 240
    for item in Deliverable.objects.filter(
        phase__timetable=wuchuan_timetable, phase__order=1, village__name__startswith="批量"
    )[:30]:
        tick_deliverable(user=city, deliverable=item, completed_on=dt.date(2020, 12, 1))
    html = _page_queries(client, wuchuan_timetable, django_assert_max_num_queries, 12)
    assert html.count('class="village-row"') == 63
    assert "33 / 63" in html  # phase 1: three villages and thirty of the new ones


def test_checklist_is_generated_once_per_phase_and_paired_village(wuchuan_timetable):
    city = User.objects.get(username="city")
    items = Deliverable.objects.filter(phase__timetable=wuchuan_timetable)
    assert items.count() == 4 * 3
    assert set(items.values_list("village__county__name", flat=True)) == {"吴川市"}
    assert generate_checklist(user=city, timetable=wuchuan_timetable) == 0
    assert items.filter(village__name="新屋村").first().assisting_unit.name == "测试帮扶单位乙"
