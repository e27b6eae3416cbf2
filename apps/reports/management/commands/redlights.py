import time

from django.core.management.base import BaseCommand

from apps.accounts.commandline import acting_user
from apps.core.dates import official_date
from apps.regions.models import Level
from apps.reports.command_scope import add_scope_arguments, as_of, region
from apps.reports.redlights import Context, rule_counts
from apps.reports.redlights.maintain import rebuild, refresh_dated


class Command(BaseCommand):
    help = (
        "打印疑点数据（亮红灯）规则的命中户数：规则编号、问题、户数。"
        "--rebuild 全量重算红灯表；--refresh-dated 按今天重算与年龄、日期有关的规则（每晚运行）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", default="", help="县（市、区）名称（默认全市）")
        parser.add_argument(
            "--rebuild", action="store_true", help="全量扫描，使红灯表与登记数据一致"
        )
        parser.add_argument(
            "--refresh-dated",
            action="store_true",
            help="按今天重算与年龄、日期有关的规则（每晚零点后运行）",
        )
        add_scope_arguments(parser)

    def handle(self, *args, **options):
        if options["rebuild"] or options["refresh_dated"]:
            return self._maintain(rebuild if options["rebuild"] else refresh_dated)
        user = acting_user(options["user"])
        target = region(options["county"], user, level=Level.COUNTY if options["county"] else None)
        ctx = Context.on(as_of(options["as_of"]))
        self.stdout.write(
            f"{target.full_name} 截至{official_date(ctx.as_of)}（贫困线{ctx.poverty_line:.0f}元，"
            f"{ctx.line_year}年标准）"
        )
        total = 0
        for rule, count in rule_counts(user, target, ctx):
            total += count
            self.stdout.write(f"{rule.code:<7}\t{rule.message}\t{count}")
        self.stdout.write(f"合计\t命中{total}户次")

    def _maintain(self, step) -> None:
        start = time.perf_counter()
        turned_on, turned_off = step()
        self.stdout.write(
            f"红灯表已更新：新亮{turned_on}盏，熄灭{turned_off}盏，"
            f"用时{time.perf_counter() - start:.1f}秒"
        )
