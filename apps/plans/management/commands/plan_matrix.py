from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import translation

from apps.accounts.access import scope_queryset
from apps.accounts.commandline import acting_user
from apps.core.excel import workbook_bytes
from apps.plans import exports, selectors
from apps.plans.models import Plan
from apps.reports.command_scope import add_scope_arguments, as_of


class Command(BaseCommand):
    help = "打印目标责任分解表：每项目标的目标值、实际值、计算依据和完成情况（-o 另存为Excel）。"

    def add_arguments(self, parser):
        parser.add_argument("plan", help="发文字号或方案标题，如 湛开办〔2018〕84号")
        parser.add_argument("-o", "--output", default="", help="另存为 .xlsx 文件")
        add_scope_arguments(parser)

    def handle(self, *args, **options):
        user = acting_user(options["user"])
        plans = Plan.objects.select_related("region").filter(
            Q(document_number=options["plan"]) | Q(title=options["plan"])
        )
        plans = scope_queryset(plans, user)
        found = list(plans[:2])
        if len(found) != 1:
            raise CommandError(f"找不到或不止一个方案“{options['plan']}”")
        day = as_of(options["as_of"])
        with translation.override("zh-hans"):
            matrix = selectors.matrix(user, found[0], as_of=day)
            if options["output"]:
                with open(options["output"], "wb") as out:
                    out.write(workbook_bytes(exports.matrix_workbook(matrix)))
            self.stdout.write(exports.title(matrix))
            self.stdout.write(exports.subtitle(matrix))
            for values in exports.rows(matrix):
                number, _action, description, lead, _co, target, actual, basis, status = values[:9]
                self.stdout.write(
                    "\t".join([number, description, lead, target, actual, basis, status])
                )
