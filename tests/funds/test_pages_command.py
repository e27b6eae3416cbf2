"""``manage.py fund_usage``: seed 002's line for Xuwen, and bad input refused in
Chinese naming the argument."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("fund_usage", *args, stdout=out)
    return out.getvalue().splitlines()


def test_xuwen_2016_2019_prints_seed_002(demo):
    lines = run("--region", "徐闻县", "--years", "2016-2019")
    assert lines[0] == "44891.00 43943.70 97.89%"
    table = {line.split("\t")[0]: line.split("\t")[1:] for line in lines[3:]}
    assert list(table) == ["省", "对口帮扶市", "市", "县本级"]
    assert table["对口帮扶市"] == ["11580.00", "11300.00", "97.58%"]


def test_a_year_or_a_user_scope(demo):
    assert run("--region", "徐闻县", "--years", "2016")[0] == "10500.00 10500.00 100.00%"
    assert run("--region", "吴川市", "--user", "wuchuan")[0] == "1400.00 1250.00 89.29%"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "徐文县"), "--region：找不到地区“徐文县”。是否指：徐闻县？"),
        (("--years", "2016-20x9"), "--years：“2016-20x9”不是年份或年份范围"),
        (("--years", "2019-2016"), "--years：起始年份2019晚于终止年份2016"),
        (("--user", "nobody"), "--user：用户“nobody”不存在"),
        (
            ("--region", "徐闻县", "--user", "wuchuan"),
            "--region：“徐闻县”不在用户“wuchuan”的管辖范围内",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_argument(demo, args, message):
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert message in str(refused.value)
