from django.core.management.base import BaseCommand

from apps.accounts.commandline import acting_user
from apps.core.dates import official_date
from apps.regions.models import Level
from apps.reports.command_scope import add_scope_arguments, as_of, region
from apps.reports.redlights import Context, rule_counts


class Command(BaseCommand):
    help = "打印疑点数据（亮红灯）规则的命中户数：规则编号、问题、户数。"

    def add_arguments(self, parser):
        parser.add_argument("--county", default="", help="县（市、区）名称（默认全市）")
        add_scope_arguments(parser)

    def handle(self, *args, **options):
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
