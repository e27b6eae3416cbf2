"""序号 and 排名 as a reader sees them: one column while they agree, a tie's
repeated rank marked 并列, an empty score saying 未评分 with no rank beside it."""

import re
from decimal import Decimal

from django.urls import reverse

from apps.accounts.models import User
from apps.regions.models import Region
from apps.scorecards.services import record_scores

SLUG = "zhanjiang-2020"


def table(content: str, marker: str) -> tuple[list[str], list[list[str]]]:
    """(header texts, row cell texts) of the table whose class contains ``marker``."""
    html = content.split(marker, 1)[1].split("</table>")[0]
    head = html.split("</thead>")[0]
    header = [_text(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
    body = re.split(r"<tbody[^>]*>", html)[1]
    rows = [
        [_text(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in body.split("</tr>")
        if "<td" in row
    ]
    return header, rows


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_county_ranking_shows_ties_once_marked_and_both_columns(login):
    content = login("leader").get(reverse("scorecards:ranked_table", args=[SLUG, "county"]))
    header, rows = table(content.content.decode(), "ranking-table")
    assert [h for h in header if h in ("序号", "初步打分", "排名")] == ["序号", "初步打分", "排名"]
    numbers = [row[0] for row in rows]
    ranks = [row[header.index("排名")] for row in rows]
    assert numbers == [str(n) for n in range(1, 11)]
    # 徐闻县 = 经开区 (85), 霞山区 = 赤坎区 (82), 遂溪县 = 雷州市 (80).
    assert ranks == ["1", "2", "3", "3 并列", "5", "6", "6 并列", "8", "9", "9 并列"]
    assert rows[0][header.index("初步打分")] == "92"


def test_town_ranking_of_positions_only_is_one_rank_column_and_no_dashes(login):
    content = login("leader").get(reverse("scorecards:ranked_table", args=[SLUG, "town"]))
    header, rows = table(content.content.decode(), "ranking-table")
    # 29 published positions, no ties, no scores: 序号 = 排名, and no score column of dashes.
    assert "排名" in header and "序号" not in header and "初步打分" not in header
    assert [row[header.index("排名")] for row in rows][:3] == ["1", "2", "3"]
    assert not any("—" in cell for row in rows for cell in row)


def test_dashboard_county_list_marks_ties_and_keeps_scores_apart(login):
    content = login("leader").get(reverse("dashboard")).content.decode()
    header, rows = table(content, "county-list")
    assert header[:5] == ["序号", "县（市、区）", "初步打分", "排名", "综合评价"]
    assert rows[3][:5] == ["4", "经开区", "85", "3 并列", "较好"]


def test_an_unscored_region_says_so_and_has_no_rank(client, town_scheme):
    """A town with one indicator still missing: 未评分, and no rank to crowd it."""
    city = User.objects.get(username="city")
    indicators = list(town_scheme.indicators.all())
    full = {i.pk: i.max_points * Decimal("0.9") for i in indicators}  # 90 in all
    record_scores(
        user=city, scheme=town_scheme, region=Region.objects.get(name="兰石镇"), points=full
    )
    partial = {i.pk: i.max_points for i in indicators[:-1]}
    record_scores(
        user=city, scheme=town_scheme, region=Region.objects.get(name="浅水镇"), points=partial
    )
    client.force_login(User.objects.get(username="leader"))
    url = reverse("scorecards:ranked_table", args=["check-2021", "town"])
    header, rows = table(client.get(url, {"version": "draft"}).content.decode(), "ranking-table")
    by_name = {row[header.index("乡 镇")]: row for row in rows}
    scored, unscored = by_name["吴川市兰石镇"], by_name["吴川市浅水镇"]
    assert scored[header.index("初步打分")] == "90" and scored[header.index("排名")] == "1"
    assert unscored[header.index("初步打分")] == "未评分"
    assert unscored[header.index("排名")] == "—"
    # 序号 2 but no rank: both columns are shown, so the number is not read as a rank.
    assert unscored[header.index("序号")] == "2"

    drill = client.get(
        reverse("scorecards:drill", args=["check-2021", Region.objects.get(name="吴川市").pk])
    )
    header, rows = table(drill.content.decode(), "drill-table")
    assert [rows[1][header.index("初步打分")], rows[1][header.index("全市排名")]] == ["未评分", "—"]

    town = client.get(
        reverse("scorecards:drill", args=["check-2021", Region.objects.get(name="浅水镇").pk])
    )
    heading = town.content.decode().split("<h1")[1].split("</h1>")[0]
    assert "未评分" in heading and "第" not in heading
