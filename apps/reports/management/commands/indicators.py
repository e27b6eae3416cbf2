from django.core.management.base import BaseCommand
from django.utils import translation

from apps.accounts.commandline import acting_user
from apps.core.dates import official_date
from apps.reports import indicators
from apps.reports.command_scope import add_scope_arguments, as_of, region


class Command(BaseCommand):
    help = "打印地区（含下级）建档立卡户主要指标：名称、分子、分母、比率。"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="地区名称（可用简称或别名）")
        add_scope_arguments(parser)

    def handle(self, *args, **options):
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
