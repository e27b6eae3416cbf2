from django.core.management.base import BaseCommand

from apps.demo.field import load_field_sample
from apps.demo.jiangmen import load_jiangmen_bulletin
from apps.demo.loans import load_loans_demo
from apps.demo.monitoring import load_monitoring_demo
from apps.demo.redlights import load_redlight_history
from apps.demo.returns import load_returns_demo
from apps.demo.sanshui import load_sanshui_briefing
from apps.demo.xuwen import load_xuwen_report
from apps.demo.zhanjiang import DEMO_PASSWORD, DEMO_USERS, load_demo, load_demo_households
from apps.demo.zhanjiang_2019 import load_previous_campaign


class Command(BaseCommand):
    help = "Load the Zhanjiang 2020 demo data and demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed-tree",
            action="store_true",
            help="only seed 000's 98 regions, not Zhanjiang's official tree (as the tests)",
        )

    def handle(self, *args, seed_tree=False, **options):
        created = load_demo(real_tree=not seed_tree)
        self.stdout.write(
            f"demo data: {created['regions']} regions, {created['users']} users and "
            f"{created['campaigns']} campaign created"
        )
        previous = load_previous_campaign()  # 2019, for the dashboard's comparison
        self.stdout.write(f"the 2019 campaign of the same kind (invented): {previous} created")
        households = load_demo_households()
        self.stdout.write(f"demo households (outside 徐闻县): {households} created")
        history = load_redlight_history()
        self.stdout.write(f"red-light cleanup history of November 2020: {history} cleared lights")
        loans = load_loans_demo()  # borrowers are the demo households
        self.stdout.write(f"demo micro-loans: {loans} created")
        cases = load_monitoring_demo()
        self.stdout.write(f"demo monitoring cases: {cases} created")
        report = load_xuwen_report()  # imports Xuwen's 30 811 people: ~10 s
        self.stdout.write(f"seed 002 self-assessment report: {report.title} ({report.status})")
        briefing = load_sanshui_briefing()
        self.stdout.write(f"seed 004 work briefing: {briefing.issue_number} ({briefing.status})")
        bulletin = load_jiangmen_bulletin()
        self.stdout.write(f"seed 001 supervision bulletin: {bulletin.document_number}")
        visits = load_field_sample()  # after every registry loader: the draw takes their families
        self.stdout.write(f"field sample (入户核查) with households: {visits} drawn")
        returns = load_returns_demo()  # last: its locks must not refuse the loaders above
        self.stdout.write(f"demo periodic returns: {returns} created")
        self.stdout.write(f"demo users (password {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            scope = demo.county or demo.department or (demo.city and f"{demo.city}全市")
            scope = scope or ("由核查组分配" if demo.role == "inspector" else "全市")
            self.stdout.write(f"  {demo.username:<10} {demo.role.label}  {scope}")
