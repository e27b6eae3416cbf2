"""``manage.py fund_usage --region 徐闻县 --years 2016-2019`` prints the
allocated and spent sums and the usage rate (``44891.00 43943.70 97.89%``),
then the same per source level."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from apps.accounts.access import region_scope
from apps.accounts.commandline import acting_user
from apps.funds import usage
from apps.regions.models import Region
from apps.regions.resolver import RegionLookupError, resolve_region

YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–—~至到]\s*(\d{4}))?\s*$")


def parse_years(text: str) -> list[int]:
    """``2016-2019`` or ``2019``; anything else is refused naming --years."""
    match = YEARS.match(text)
    if not match:
        raise CommandError(f"--years：“{text}”不是年份或年份范围，应写作 2019 或 2016-2019")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise CommandError(f"--years：起始年份{first}晚于终止年份{last}，应写作 {last}-{first}")
    return list(range(first, last + 1))


def amount(value: Decimal) -> str:
    return f"{value:.2f}"


def rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


class Command(BaseCommand):
    help = "打印扶贫资金到位、已使用金额（万元）和使用率，并按资金来源分列。"

    def add_arguments(self, parser):
        parser.add_argument("--region", default="", help="地区名称，如 徐闻县（默认：全部地区）")
        parser.add_argument(
            "--years", default="", help="年度或年度范围，如 2016-2019（默认：有资金记录的全部年度）"
        )
        parser.add_argument("--user", default="", help="按该用户的管辖范围统计（默认不限地区）")

    def handle(self, *args, **options):
        try:
            user = acting_user(options["user"])
        except CommandError as error:
            raise CommandError(f"--user：{error}") from None
        region = self._region(options["region"], user)
        years = (
            parse_years(options["years"])
            if options["years"]
            else usage.allocation_years(actor=user)
        )
        with translation.override("zh-hans"):
            total = usage.usage_total(actor=user, years=years, region=region)
            self.stdout.write(f"{amount(total.allocated)} {amount(total.spent)} {rate(total.rate)}")
            where = region.full_name if region else "全部地区"
            span = f"{years[0]}-{years[-1]}年" if years else "无资金记录"
            self.stdout.write(f"{where} {span} 到位资金、已使用资金（万元）和使用率，按资金来源：")
            self.stdout.write("资金来源\t到位资金\t已使用资金\t使用率")
            for row in usage.usage_by_source(actor=user, years=years, region=region):
                self.stdout.write(
                    f"{row['source_name']}\t{amount(row['allocated'])}\t{amount(row['spent'])}"
                    f"\t{rate(row['rate'])}"
                )

    @staticmethod
    def _region(text: str, user) -> Region | None:
        if not text:
            return None
        try:
            found = resolve_region(text)
        except RegionLookupError as error:
            raise CommandError(f"--region：{error}") from None
        if not region_scope(user).covers(found):
            raise CommandError(
                f"--region：“{found.full_name}”不在用户“{user.username}”的管辖范围内"
            )
        return found
