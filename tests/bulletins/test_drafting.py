"""A new bulletin drafted from the campaign's records, in seed 000's words."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from apps.accounts.models import User
from apps.bulletins import drafting
from apps.bulletins.models import Bulletin
from apps.bulletins.selectors import next_sequence
from apps.bulletins.services import draft_bulletin_from_campaign
from apps.inspections.models import Campaign
from apps.scorecards.models import RankingRow
from tests import seed000


def _seed_paragraph(after_heading: str) -> str:
    text = seed000.seed_text()
    part = text.split(after_heading, 1)[1].strip().split("\n\n")[0]
    return part.strip()


@pytest.fixture
def campaign(demo):
    return Campaign.objects.get(slug="zhanjiang-2020")


@pytest.fixture
def city_office(demo):
    return User.objects.get(username="city")


def test_evaluation_results_reproduce_seed_000(campaign):
    assert drafting.evaluation_results(campaign) == _seed_paragraph("## 二、核查评价结果")


def test_evaluation_results_follow_the_published_ranking(campaign):
    """Change a published row's rating: the drafted sentence follows."""
    row = RankingRow.objects.get(
        ranking__scheme__campaign=campaign,
        ranking__scheme__level="town",
        ranking__published_on__isnull=False,
        position=3,
    )
    RankingRow.objects.filter(pk=row.pk).update(rating="好")
    text = drafting.evaluation_results(campaign)
    assert "镇级达到“好”等次的仅有坡头区官渡镇、雷州市客路镇、坡头区南三镇" in text
    assert "麻章区湖光镇等20个乡镇核查结果为“较好”等次" in text


def test_basic_situation_counts_teams_and_sample(campaign):
    text = drafting.basic_situation(campaign)
    assert "共组成7个核查组，于2020年11月3日-13日组织实施湛江市2020年脱贫攻坚核查工作" in text
    assert "我市10个县（市、区）党委政府，抽查了29个乡镇、58个行政村、580户贫困户。" in text
    assert "扶贫责任、政策落实、工作落实、资金资产管理、工作衔接、成效真实性" in text


def test_problems_grouped_by_category_with_regions(campaign):
    paragraphs = drafting.problems(campaign)
    numbers = [re.match(r"（(.+?)）", p).group(1) for p in paragraphs]
    assert numbers == [drafting.chinese_number(n) for n in range(1, len(paragraphs) + 1)]
    monitoring = next(p for p in paragraphs if "防止返贫监测" in p)
    assert monitoring.endswith("如雷州市、遂溪县、赤坎区。")
    consumption = next(p for p in paragraphs if "消费扶贫工作比较滞后" in p)
    assert "一是" in consumption and "二是" in consumption


def test_next_steps_name_units_and_deadlines(campaign):
    first = drafting.next_steps(campaign)[0]
    assert first.startswith("（一）抓紧录入扶贫信息系统数据。")
    assert first.endswith("（责任单位：各县（市、区）；完成时限：2020年11月30日前）")


@pytest.mark.parametrize(
    ("n", "words"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (23, "二十三")]
)
def test_chinese_numbers(n, words):
    assert drafting.chinese_number(n) == words


def test_new_draft_takes_the_next_number_and_the_annexes(campaign, city_office):
    assert next_sequence(organ_abbreviation="湛扶组", year=2020) == 34
    draft = draft_bulletin_from_campaign(
        user=city_office, campaign=campaign, organ_abbreviation="湛扶组", year=2020
    )
    assert draft.document_number == "湛扶组〔2020〕34号"
    assert not draft.is_issued
    assert draft.issuing_mark == "湛江市扶贫开发领导小组文件"
    assert draft.recipients.startswith("各县（市、区）党（工）委")  # from the last bulletin
    for heading in ("一、基本情况", "二、核查评价结果", "三、存在问题", "四、下一步工作要求"):
        assert f"\n\n{heading}\n\n" in draft.body
    assert [a.scheme.level for a in draft.annexes.all()] == ["county", "town", "village"]
    assert next_sequence(organ_abbreviation="湛扶组", year=2020) == 35


def test_only_the_city_office_drafts(campaign):
    with pytest.raises(PermissionDenied):
        draft_bulletin_from_campaign(
            user=User.objects.get(username="wuchuan"),
            campaign=campaign,
            organ_abbreviation="湛扶组",
            year=2020,
        )
    assert Bulletin.objects.count() == 1
