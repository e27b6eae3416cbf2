"""The objects both permission matrices use: a village, household, member,
import, finding, evidence, plan, target and timetable in county A (吴川市)
and in county B (雷州市); B's carry a marker that must never reach county A."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import User
from apps.households.models import Household, HouseholdImport, Member
from apps.inspections.models import Finding
from apps.inspections.services import add_evidence
from apps.regions.models import Region
from tests.factories import HouseholdFactory, MemberFactory

USERS = {
    "city": "city",
    "county_a": "wuchuan",
    "inspector": "inspector",
    "leader": "leader",
    "department": "yibao",  # 市医保局's user: its tasks, no county's records
}
# County A's households' heads: a department user must not see these either.
A_MARKERS = ("吴川市户主陈某", "吴川市户主李某某")
# Planted in county B's records; must never reach a county-A user.
B_MARKER = "雷州市秘密户主王某某"
B_ID_NUMBER = "440882199001011234"


def build_objects() -> dict:
    """Plant the matrix objects (the demo is loaded)."""
    city_office = User.objects.get(username="city")
    village_a = Region.objects.get(name="名利村", county__name="吴川市")
    village_b = Region.objects.filter(level="village", county__name="雷州市").first()
    finding_a = Finding.objects.filter(region__county__name="吴川市").first()
    finding_b = Finding.objects.filter(region__county__name="雷州市").first()
    Finding.objects.filter(pk=finding_b.pk).update(
        description=f"{B_MARKER} 身份证 {B_ID_NUMBER}", household_number=B_ID_NUMBER
    )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    evidence = {
        s: add_evidence(
            user=city_office,
            finding=f,
            upload=SimpleUploadedFile(f"{s}.pdf", pdf, "application/pdf"),
        )
        for s, f in (("a", finding_a), ("b", finding_b))
    }
    from apps.bulletins.models import Bulletin

    # A household in each county, both without a helper (red light R9-01);
    # B's ID number also fails its check character (R2-03).
    for village, marker, id_number in (
        (village_a, "吴川市户主李某某", "440883198001011231"),
        (village_b, B_MARKER, B_ID_NUMBER),
    ):
        household = HouseholdFactory(village=village, helper="", number=f"M{village.pk:08d}")
        MemberFactory(household=household, name=marker, id_number=id_number)
    registry = _registry_objects(village_a, village_b)
    return {
        **registry,
        **_plan_objects(village_a.county, village_b.county),
        **_timetable_objects(city_office, village_a, village_b),
        **_funds_objects(village_a, village_b),
        **_funds_page_objects(),
        **_fund_import_objects(),
        **_ledger_objects(city_office, village_a, village_b),
        **monitoring_objects(village_a, village_b),
        **_task_objects(city_office, village_a.county, village_b.county),
        **_return_objects(city_office, village_a.county, village_b.county),
        **_visit_objects(registry["household_a"], registry["household_b"]),
        "village_a": village_a,
        "village_b": village_b,
        "county_a": village_a.county,
        "county_b": village_b.county,
        "finding_a": finding_a,
        "finding_b": finding_b,
        "evidence_a": evidence["a"],
        "evidence_b": evidence["b"],
        "bulletin": Bulletin.objects.get(sequence=33),
    }


def _registry_objects(village_a, village_b) -> dict:
    """A household of each county (B's head carries the marker and ID number),
    and an import uploaded by each county's staff (B's names the B household)."""
    found = {}
    for s, village, name, id_number, uploader in (
        ("a", village_a, "吴川市户主陈某", "440883198001010016", "wuchuan"),
        ("b", village_b, B_MARKER, B_ID_NUMBER, "leizhou"),
    ):
        household = Household.objects.create(number=f"MATRIX-{s}", village=village)
        found[f"household_{s}"] = household
        found[f"member_{s}"] = Member.objects.create(
            household=household, name=name, id_number=id_number, relationship="户主"
        )
        found[f"import_{s}"] = HouseholdImport.objects.create(
            file=SimpleUploadedFile(f"{s}.xlsx", b"PK\x03\x04"),
            original_name=f"{name}.xlsx",
            uploaded_by=User.objects.get(username=uploader),
            status="rejected",
            problems=[{"sheet": "表", "row": 2, "column": "姓名", "value": name, "reason": "示例"}],
            problem_count=1,
        )
    return found


def _plan_objects(county_a, county_b) -> dict:
    """A plan of each county with a reported target and its evidence (B's
    plan and target carry the marker)."""
    from apps.plans.services import report_value
    from tests.factories import PlanActionFactory, PlanFactory, TargetFactory

    city_office = User.objects.get(username="city")
    found = {}
    for s, county, name in (("a", county_a, "吴川市目标责任方案"), ("b", county_b, B_MARKER)):
        plan = PlanFactory(region=county, title=name)
        target = TargetFactory(action=PlanActionFactory(plan=plan), description=name)
        report = report_value(
            user=city_office,
            target=target,
            value=3,
            reported_on=datetime.date(2020, 12, 31),
            note=name,
            evidence_files=[
                SimpleUploadedFile(f"{s}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
            ],
        )
        found |= {
            f"plan_{s}": plan,
            f"target_{s}": target,
            f"plan_evidence_{s}": report.evidence.get(),
        }
    return found


def _timetable_objects(city_office, village_a, village_b) -> dict:
    """A timetable in each county with one deliverable (B's carries the marker),
    ticked with a PDF as evidence."""
    from apps.timetables.services import (
        PhaseSpec,
        add_deliverable,
        add_evidence,
        create_timetable,
        tick_deliverable,
    )

    found = {}
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for s, village, task in (("a", village_a, "吴川市帮扶记录簿"), ("b", village_b, B_MARKER)):
        timetable = create_timetable(
            user=city_office,
            title=f"{task}时间表",
            issuer="扶贫办",
            region=village.county,
            phases=[PhaseSpec(task, datetime.date(2020, 12, 10))],
        )
        item = add_deliverable(user=city_office, phase=timetable.phases.get(), village=village)
        item = tick_deliverable(
            user=city_office, deliverable=item, completed_on=datetime.date(2020, 12, 1)
        )
        found[f"timetable_{s}"] = timetable
        found[f"deliverable_{s}"] = item
        found[f"timetable_evidence_{s}"] = add_evidence(
            user=city_office,
            deliverable=item,
            upload=SimpleUploadedFile(f"{task}.pdf", pdf, "application/pdf"),
        )
    return found


def _ledger_objects(city_office, village_a, village_b) -> dict:
    """The demo ledger's water-test item (村级) filled for each village, with a
    PDF; B's note carries the marker."""
    from apps.ledgers.models import LedgerItem, LedgerTemplate
    from apps.ledgers.services import do_fill_entry

    template = LedgerTemplate.objects.get(year=2020)
    item = LedgerItem.objects.get(template=template, code="2.2")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    found = {"ledger_template": template, "ledger_item": item}
    for s, village, note in (("a", village_a, "吴川市水质报告"), ("b", village_b, B_MARKER)):
        entry = do_fill_entry(
            user=city_office,
            item=item,
            region=village,
            status="partial",
            note=note,
            evidence_files=[SimpleUploadedFile(f"{note}.pdf", pdf, "application/pdf")],
        )
        found[f"ledger_entry_{s}"] = entry
        found[f"ledger_evidence_{s}"] = entry.evidence.get()
    return found


def _funds_objects(village_a, village_b) -> dict:
    """Each county's fund records: an allocation with an expenditure on a
    project, its monthly progress, an asset with a year's income, an asset
    document, a loan with a repayment and a guarantee fund (B's names carry
    the marker)."""
    from decimal import Decimal

    from apps.accounts.access import SYSTEM
    from apps.funds import services
    from tests.factories import fund_source, project_kind

    found = {}
    for s, village, name in (("a", village_a, "吴川市村级特色产业"), ("b", village_b, B_MARKER)):
        county = village.county
        allocation = services.do_create_allocation(
            actor=SYSTEM,
            region=county,
            year=2019,
            source=fund_source("省"),
            document_number=f"{name}文号",
            allocated_on=datetime.date(2019, 3, 1),
            amount_wan=Decimal("100.00"),
        )
        project = services.do_create_project(
            actor=SYSTEM,
            region=village,
            kind=project_kind(),
            name=name,
            year=2019,
            approved_on=datetime.date(2019, 4, 1),
            special_funds_wan=Decimal("50.00"),
        )
        asset = services.do_create_asset(
            actor=SYSTEM,
            project=project,
            name=f"{name}资产",
            kind="business",
            value_wan=Decimal("50.00"),
            owner=name,
        )
        loan = services.do_create_loan(
            actor=SYSTEM,
            borrower=found.get(f"household_{s}") or Household.objects.filter(village=village)[0],
            bank="农村商业银行",
            contract_number=f"{name}合同",
            amount_wan=Decimal("5"),
            issued_on=datetime.date(2018, 1, 1),
            term_months=24,
        )
        found |= {
            f"allocation_{s}": allocation,
            f"project_{s}": project,
            f"expenditure_{s}": services.do_record_expenditure(
                actor=SYSTEM,
                allocation=allocation,
                project=project,
                date=datetime.date(2019, 6, 1),
                amount_wan=Decimal("10.00"),
                payee=name,
                voucher_no=f"{s}-1",
            ),
            f"progress_{s}": services.do_record_monthly_progress(
                actor=SYSTEM,
                project=project,
                month=datetime.date(2019, 6, 1),
                planned_cumulative_wan=Decimal("20"),
                actual_cumulative_wan=Decimal("10"),
            ),
            f"asset_{s}": asset,
            f"asset_income_{s}": services.do_record_asset_income(
                actor=SYSTEM,
                asset=asset,
                year=2019,
                income_wan=Decimal("3"),
                distributed_to_households_wan=Decimal("2"),
                households_count=4,
            ),
            f"asset_document_{s}": services.do_create_asset_document(
                actor=SYSTEM, county=county, kind="operation", title=f"{name}运营机制"
            ),
            f"loan_{s}": loan,
            f"repayment_{s}": services.do_record_repayment(
                actor=SYSTEM, loan=loan, paid_on=datetime.date(2019, 1, 1), amount_wan=Decimal("1")
            ),
            f"guarantee_{s}": services.do_create_guarantee_fund(
                actor=SYSTEM,
                county=county,
                bank=f"{name}银行",
                amount_wan=Decimal("200"),
                deposited_on=datetime.date(2018, 1, 1),
            ),
        }
    return found


def _funds_page_objects() -> dict:
    """A file on each county's project (the project pages' downloads)."""
    from apps.accounts.access import SYSTEM
    from apps.funds.models import Project
    from apps.funds.services import do_add_project_evidence

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    found = {}
    for s, name in (("a", "吴川市村级特色产业"), ("b", B_MARKER)):
        project = Project.objects.get(name=name)
        found[f"project_evidence_{s}"] = do_add_project_evidence(
            actor=SYSTEM,
            project=project,
            upload=SimpleUploadedFile(f"{s}.pdf", pdf, "application/pdf"),
            caption=f"{name}立项批复",
        )
    return found


def _fund_import_objects() -> dict:
    """A refused funds import uploaded by each county's staff (B's names the marker)."""
    from apps.funds.models import FundImport

    return {
        f"fund_import_{s}": FundImport.objects.create(
            kind="expenditures",
            file=SimpleUploadedFile(f"fund-{s}.xlsx", b"PK\x03\x04"),
            original_name=f"{name}.xlsx",
            uploaded_by=User.objects.get(username=uploader),
            status="rejected",
            problems=[
                {"sheet": "表", "row": 2, "column": "收款单位", "value": name, "reason": "示例"}
            ],
            problem_count=1,
        )
        for s, name, uploader in (("a", "吴川市支出", "wuchuan"), ("b", B_MARKER, "leizhou"))
    }


def monitoring_objects(village_a, village_b) -> dict:
    """A monitoring case in each county (on a household of its own, B's head
    carrying the marker) with a measure and its evidence, a visit with a
    photo, and a proposed removal with its income evidence."""
    from decimal import Decimal

    from apps.accounts.access import SYSTEM
    from apps.monitoring import services

    png = _png()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    found = {}
    for s, village, name in (("a", village_a, "吴川市监测户主"), ("b", village_b, B_MARKER)):
        household = Household.objects.create(number=f"MON-{s}", village=village)
        Member.objects.create(
            household=household, name=name, id_number=f"MON{s}", relationship="户主"
        )
        case = services.do_open_case(
            actor=SYSTEM,
            household=household,
            kind="unstable",
            identified_on=datetime.date(2020, 10, 1),
            identified_how="cadre_check",
            risk_types=["illness"],
            income_at_identification=Decimal("4000"),
            note=name,
        )
        measure = services.do_add_measure(
            actor=SYSTEM,
            case=case,
            kind="health",
            content=f"{name}的医疗救助",
            department="医保局",
            planned_on=datetime.date(2020, 11, 1),
            evidence=[SimpleUploadedFile(f"{s}.pdf", pdf, "application/pdf")],
        )
        visit = services.do_log_visit(
            actor=SYSTEM,
            case=case,
            visited_on=datetime.date(2020, 10, 5),
            visitor="帮扶责任人",
            findings=f"{name}家中走访",
            photos=[SimpleUploadedFile(f"{s}.png", png, "image/png")],
        )
        other = Household.objects.create(number=f"MON2-{s}", village=village)
        removal = services.do_open_case(
            actor=SYSTEM,
            household=other,
            kind="marginal",
            identified_on=datetime.date(2020, 9, 1),
            identified_how="application",
            risk_types=["income_drop"],
            income_at_identification=Decimal("4000"),
        )
        services.do_take_step(
            actor=SYSTEM,
            case=removal,
            action="propose",
            reason="收入稳定",
            income=Decimal("9000"),
            evidence=[SimpleUploadedFile(f"r{s}.pdf", pdf, "application/pdf")],
        )
        found |= {
            f"case_{s}": case,
            f"pending_case_{s}": removal,
            f"measure_{s}": measure,
            f"measure_evidence_{s}": measure.evidence.get(),
            f"visit_photo_{s}": visit.photos.get(),
            f"removal_evidence_{s}": removal.steps.get(action="propose").evidence.get(),
        }
    return found


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _task_objects(city_office, county_a, county_b) -> dict:
    """A task of 市医保局 concerning county A, answered with a PDF by its user
    (yibao); one of 市财政局 concerning county B (its title carries the marker),
    answered by a 市财政局 user."""
    from apps.accounts.models import Department
    from apps.accounts.roles import Role
    from apps.accounts.services import create_user
    from apps.inspections.task_services import do_create_task, do_reply_task

    finance = Department.objects.get(name="市财政局")
    finance_user = User.objects.filter(username="caizheng-matrix").first() or create_user(
        username="caizheng-matrix",
        role=Role.DEPARTMENT,
        password="demo-pass-2020",
        department=finance,
    )
    found = {}
    for s, county, department, user, title in (
        ("a", county_a, Department.objects.get(name="市医保局"), "yibao", "吴川市医保督办"),
        ("b", county_b, finance, finance_user.username, B_MARKER),
    ):
        task = do_create_task(
            user=city_office,
            title=title,
            lead_department=department,
            regions=[county],
            issued_on=datetime.date(2020, 11, 20),
            deadline=datetime.date(2020, 11, 30),
        )
        reply = do_reply_task(
            user=User.objects.get(username=user),
            task=task,
            replied_on=datetime.date(2020, 11, 25),
            text=title,
            evidence_files=[
                SimpleUploadedFile(f"{s}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
            ],
        )
        task.refresh_from_db()  # the first reply moved it to 进行中
        found |= {f"task_{s}": task, f"task_evidence_{s}": reply.evidence.get()}
    return found


def _return_objects(city_office, county_a, county_b) -> dict:
    """October 2020's fund progress return, opened for every county (未填报)."""
    from apps.returns.models import ReturnInstance, ReturnType
    from apps.returns.services import do_open_period

    kind = ReturnType.objects.create(
        name="矩阵月报", level="county", periodicity="monthly", covers=["funds.progress"]
    )
    do_open_period(actor=city_office, return_type=kind, day=datetime.date(2020, 10, 1))
    return {
        f"return_{s}": ReturnInstance.objects.get(return_type=kind, region=county)
        for s, county in (("a", county_a), ("b", county_b))
    }


def _visit_objects(household_a, household_b) -> dict:
    """Each registry household sampled in the demo's current draw (A's is team
    1's, the inspector's; B's is team 2's), visited, with a proposed finding
    (B's carries the marker)."""
    import uuid

    from django.utils import timezone

    from apps.inspections.models import (
        Campaign,
        FindingCategory,
        ProposedFinding,
        SampledHousehold,
        Visit,
    )

    campaign = Campaign.objects.get(slug="zhanjiang-2020")
    category, _created = FindingCategory.objects.get_or_create(name="“三保障”政策落实不够到位")
    found = {}
    for s, household, team, inspector, text in (
        ("a", household_a, "第一核查组", "inspector", "吴川市入户核查"),
        ("b", household_b, "第二核查组", "city", B_MARKER),
    ):
        sampled = SampledHousehold.objects.create(
            draw_id=campaign.current_draw_id, household=household, order=90000 + household.pk
        )
        visit = Visit.objects.create(
            key=uuid.uuid4(),
            campaign=campaign,
            team=campaign.teams.get(name=team),
            sampled=sampled,
            inspector=User.objects.get(username=inspector),
            answers={"remarks": text},
            visited_at=timezone.now(),
        )
        found[f"sampled_{s}"] = sampled
        found[f"team_{s}"] = visit.team
        found[f"proposal_{s}"] = ProposedFinding.objects.create(
            visit=visit, question="housing", category=category, description=text
        )
    return found
