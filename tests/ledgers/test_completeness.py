"""Completeness per county (seed 000 (八): only 麻章区 keeps its archives), the
county grid, the missing list and the pages' query counts."""

from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.ledgers import selectors
from apps.ledgers.models import LedgerEntry
from apps.ledgers.services import do_fill_entry
from apps.regions.models import Region

from .conftest import county_named


def test_machang_is_complete_and_ranked_first_the_others_are_not(template):
    rows = list(selectors.county_completeness(template, user=SYSTEM))
    first = rows[0]
    assert (first.name, first.complete, first.required, first.share) == ("麻章区", 29, 29, 100)
    assert first.position == 1 and selectors.is_archive_ready(first)
    others = rows[1:]
    assert len(others) == 9
    assert all(
        row.complete < row.required and not selectors.is_archive_ready(row) for row in others
    )
    shares = [row.share for row in rows]
    assert shares == sorted(shares, reverse=True)


def test_the_ranking_page_shows_numerator_and_denominator_and_archive_status(login, template):
    html = login("leader").get(reverse("ledgers:template", args=[template.pk])).content.decode()
    machang = html.split('data-county="麻章区"')[1].split("</tr>")[0]
    assert "100.00%" in machang and "29/29" in machang and "可归档" in machang
    wuchuan = html.split('data-county="吴川市"')[1].split("</tr>")[0]
    assert "未齐全" in wuchuan and "table-danger" in html.split('data-county="吴川市"')[0][-80:]


def test_an_item_filled_complete_raises_the_county_share(template, item):
    county = county_named("赤坎区")
    before = next(
        r for r in selectors.county_completeness(template, user=SYSTEM) if r.pk == county.pk
    )
    entry = LedgerEntry.objects.filter(item=item("1.1"), region=county).first()
    do_fill_entry(
        user=SYSTEM,
        item=item("1.1"),
        region=county,
        status="complete",
        expected_version=entry.version if entry else None,
    )
    after = next(
        r for r in selectors.county_completeness(template, user=SYSTEM) if r.pk == county.pk
    )
    assert after.required == before.required
    assert after.complete == before.complete + (0 if entry and entry.status == "complete" else 1)


def test_county_staff_see_only_their_county_in_the_ranking(login, template):
    response = login("wuchuan").get(reverse("ledgers:template", args=[template.pk]))
    assert [row.name for row, _ready in response.context["rows"]] == ["吴川市"]


def test_the_grid_is_red_where_missing_and_dash_where_it_does_not_apply(login, template, item):
    county = county_named("吴川市")
    url = reverse("ledgers:county", args=[template.pk, county.pk])
    response = login("wuchuan").get(url, {"level": "village"})
    grid = response.context["grid"]
    assert {r.name for r in grid.columns} == set(
        Region.objects.filter(level="village", county=county).values_list("name", flat=True)
    )
    exit_rows = [cells for t, cells in grid.rows if t.item.poor_villages_only]
    non_poor = [i for i, r in enumerate(grid.columns) if not r.is_poor_village]
    assert exit_rows and non_poor
    assert all(cells[i][1] is None for cells in exit_rows for i in non_poor)
    html = response.content.decode()
    assert 'table-danger" data-status="missing"' in html


def test_the_missing_list_names_what_a_county_lacks(login, template, item):
    county = county_named("吴川市")
    url = reverse("ledgers:missing", args=[template.pk, county.pk])
    missing = login("wuchuan").get(url).context["missing"]
    assert missing and all(m.status != "complete" for m in missing)
    assert all(m.region.county_id == county.pk for m in missing)
    assert missing[0].region == county  # the county's own items first
    for region in {m.region for m in missing}:
        required = [m.item.item.required for m in missing if m.region == region]
        assert required == sorted(required, reverse=True)  # required first
    machang = county_named("麻章区")
    html = login("city").get(reverse("ledgers:missing", args=[template.pk, machang.pk]))
    assert "所有项目均已齐全" in html.content.decode()


def test_pages_take_a_constant_number_of_queries(login, template, django_assert_max_num_queries):
    client = login("wuchuan")
    county = county_named("吴川市")
    urls = [
        reverse("ledgers:index"),
        reverse("ledgers:template", args=[template.pk]),
        reverse("ledgers:county", args=[template.pk, county.pk]) + "?level=village",
        reverse("ledgers:county", args=[template.pk, county.pk]) + "?level=town",
        reverse("ledgers:missing", args=[template.pk, county.pk]),
    ]
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_the_xlsx_ranking_lists_every_county(login, template):
    import io

    import openpyxl

    response = login("city").get(
        reverse("ledgers:template", args=[template.pk]), {"export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:4] == (1, "麻章区", 29, 29) and len(rows) == 10
