"""Seed 001: Jiangmen's 2017 supervision bulletin drafted from the demo's
records, issued, and read back: sampling per county, the follow-up towns per
verdict, the county groups, the five problem categories and the annex rows."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import call_command

from apps.bulletins import supervision
from apps.demo import jiangmen
from apps.inspections.models import Campaign

SEED_001 = Path(__file__).resolve().parent.parent / "data/seed_001_bulletin.txt"
NUMBER = "江扶字〔2017〕14号"
RECTIFIED = ["环市街道办", "江南街道办", "那吉镇", "海晏镇", "宅梧镇"]
PARTLY = ["三江镇", "苍城镇"]
OUTSTANDING = ["鹤山市", "台山市", "恩平市"]
ORDINARY = ["新会区", "江海区", "开平市", "蓬江区"]
CATEGORIES = [
    "镇（街）扶贫工作平台建设仍须加强",
    "镇（街）扶贫办责任压得不实",
    "扶贫数据信息不够精准",
    "帮扶措施不多或落实不到位",
    "帮扶资金使用进度缓慢",
]
_cache: dict[str, object] = {}


def _seed() -> str:
    return SEED_001.read_text(encoding="utf-8").replace(" ", "").replace("\n", "")


@pytest.fixture
def bulletin_text(demo, tmp_path) -> str:
    if "text" not in _cache:
        bulletin = jiangmen.load_jiangmen_bulletin()
        with bulletin.pdf.open("rb") as stored:
            _cache["bytes"] = stored.read()
        output = tmp_path / "001.pdf"
        call_command("render_bulletin", NUMBER, "-o", str(output))
        _cache["rendered"] = output.read_bytes()
        campaign = Campaign.objects.get(slug="jiangmen-2017-11")
        _cache["verdicts"] = {v.town.name: v.verdict for v in supervision.follow_up(campaign)}
        _cache["sampling"] = {c.name: n for c, n in supervision.sampling(campaign).towns_by_county}
        with pdfplumber.open(io.BytesIO(_cache["bytes"])) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
        _cache["pages"] = pages
        _cache["lines"] = [line.replace(" ", "") for p in pages for line in p.splitlines()]
        text = re.sub(r"—\s*\d+\s*—", "", "\n".join(pages))
        _cache["text"] = text.replace("\n", "").replace(" ", "")
    return _cache["text"]


def _in_order(text: str, items: list[str]) -> int:
    position = 0
    for item in items:
        found = text.find(item, position)
        assert found >= 0, f"{item} missing or out of order"
        position = found + len(item)
    return position


def test_sampling_per_county_and_verdicts_per_town(bulletin_text):
    assert _cache["sampling"] == {
        "蓬江区": 1,
        "江海区": 1,
        "新会区": 2,
        "台山市": 2,
        "开平市": 2,
        "鹤山市": 2,
        "恩平市": 2,
    }
    assert _cache["verdicts"] == {
        **dict.fromkeys(RECTIFIED, supervision.RECTIFIED),
        **dict.fromkeys(PARTLY, supervision.PARTLY),
    }


def test_front_matter_signature_and_banji(bulletin_text):
    head = "".join(_cache["lines"][:6])
    _in_order(
        head, ["江门市扶贫开发领导小组文件", NUMBER, "江门市2017年脱贫攻坚专项督查工作情况通报"]
    )
    assert "各市（区）人民政府：" in bulletin_text
    _in_order(
        bulletin_text,
        [
            "附件：2017年脱贫攻坚工作专项督查问题清单",
            "江门市扶贫开发领导小组（代章）",
            "2017年12月3日",
            "附件",
            "2017年脱贫攻坚工作专项督查问题清单",
            "公开方式：依申请公开",
            "抄送：市扶贫开发领导小组成员单位",
        ],
    )
    assert "草稿" not in bulletin_text
    assert _cache["rendered"] == _cache["bytes"]


def test_basic_situation_towns_by_verdict_and_groups(bulletin_text):
    seed = _seed()
    section = bulletin_text[bulletin_text.index("一、基本情况") : bulletin_text.index("二、督查中")]
    figures = [
        "11月6日-8日",
        "共抽查了19个镇（街）",
        "从蓬江、江海各抽查1个",
        "从新会",
        "各抽查2个镇（街）",
        "不少于4户贫困户",
        "、".join(RECTIFIED) + "对上次督查发现的问题都已落实了整改",
        "、".join(PARTLY) + "对上次督查发现的问题虽有行动，但有的地方整改不到位",
        "从抽查的12个镇（街）来看",
        "、".join(OUTSTANDING),
        "、".join(ORDINARY),
    ]
    for figure in figures:
        assert figure in seed, figure
    _in_order(section, figures)
    assert "突出的有鹤山市" in section and "一般的有新会区" in section


def test_problem_categories_with_their_towns(bulletin_text):
    section = bulletin_text[
        bulletin_text.index("二、督查中") : bulletin_text.index("三、下一步工作")
    ]
    seed = _seed()
    for number, category in zip("一二三四五", CATEGORIES, strict=True):
        assert f"（{number}）{category}" in seed
    _in_order(section, [f"（{n}）{c}。" for n, c in zip("一二三四五", CATEGORIES, strict=True)])
    assert "，如白沙街道；" in section and "如外海街道、大泽镇" in section


def test_next_steps_as_the_seed_writes_them(bulletin_text):
    """三、下一步工作: the campaign records no tasks, so the draft carries seed
    001's four requirements as the template the office edits — with the city
    and the year (省2017年扶贫成效考核) from the campaign — up to the attachment note."""
    seed = _seed()
    expected = seed[seed.index("三、下一步工作") : seed.index("附件：")]
    section = bulletin_text[bulletin_text.index("三、下一步工作") : bulletin_text.index("附件：")]
    assert section == expected
    _in_order(section, ["（一）提高认识", "（二）不断完善", "（三）整合资源", "（四）问题导向"])
    assert "对照省2017年扶贫成效考核方案" in section and "未记录工作要求" not in section


def test_signature_shares_its_page_with_the_text(bulletin_text):
    """GB/T 9704 7.3.5: the signature and date never stand on a page of their
    own — the longer 下一步工作 once pushed them onto one."""
    page = next(p for p in _cache["pages"] if "（代章）" in p)
    above = page.replace(" ", "").split("江门市扶贫开发领导小组（代章）")[0]
    assert "。" in above, page


def test_annex_rows_per_sampled_town(bulletin_text):
    lines = _cache["lines"]
    annex = lines[lines.index("附件") :]
    # Every sampled town's county and town name open a row, counties in code order.
    towns = [
        ("蓬江区", "白沙街道"),
        ("江海区", "外海街道"),
        ("新会区", "会城街道"),
        ("新会区", "大泽镇"),
        ("台山市", "台城街道"),
        ("台山市", "斗山镇"),
        ("开平市", "赤坎镇"),
        ("开平市", "长沙街道"),
        ("鹤山市", "址山镇"),
        ("鹤山市", "沙坪街道"),
        ("恩平市", "大田镇"),
        ("恩平市", "恩城街道"),
    ]
    text = "".join(annex)
    _in_order(text, [f"{county}" for county, _town in towns])
    for _county, town in towns:
        assert town[:2] in text
    assert (
        sum(
            1
            for line in annex
            if re.match(r"^\d+(蓬江区|江海区|新会区|台山市|开平市|鹤山市|恩平市)", line)
        )
        == 14
    )
