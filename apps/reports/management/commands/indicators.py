import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from apps.accounts.commandline import acting_user
from apps.core.dates import official_date
from apps.reports import counters, indicators
from apps.reports.command_scope import add_scope_arguments, as_of, region


class Command(BaseCommand):
    help = (
        "打印地区（含下级）建档立卡户主要指标：名称、分子、分母、比率。"
        "--rebuild 按登记数据重算每个村的指标计数。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="", help="地区名称（可用简称或别名）")
        parser.add_argument(
            "--rebuild", action="store_true", help="重算每个村的指标计数（全量，与登记数据一致）"
        )
        add_scope_arguments(parser)

    def handle(self, *args, **options):
        if options["rebuild"]:
            start = time.perf_counter()
            villages = counters.rebuild()
            self.stdout.write(
                f"指标计数已重算：{villages}个有建档立卡户的村，"
                f"用时{time.perf_counter() - start:.1f}秒"
            )
            return
        if not options["region"]:
            raise CommandError("请用 --region 指定地区，或用 --rebuild 重算指标计数")
        user = acting_user(options["user"])
        target = region(options["region"], user)
        day = as_of(options["as_of"])
        with translation.override("zh-hans"):
            row = indicators.for_region(user, target, as_of=day)
            self.stdout.write(f"{target.full_name} 截至{official_date(day)}")
            for figure in row.values.values():
                self.stdout.write(
                    f"{figure.label}\t{figure.numerator}\t{figure.denominator}\t{figure.shown}"
                )
