import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.demo.generator import make_id_number
from apps.households.models import (
    ExitStatus,
    Health,
    Household,
    HouseholdCategory,
    LabourCapacity,
    Member,
    SchoolStatus,
    Sex,
)
from apps.regions.models import Level, Region

PASSWORD = "test-pass-2020"


class CityFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}市")
    level = Level.CITY


class CountyFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}县")
    level = Level.COUNTY
    parent = factory.SubFactory(CityFactory)


class TownFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}镇")
    level = Level.TOWN
    parent = factory.SubFactory(CountyFactory)


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}村")
    level = Level.VILLAGE
    parent = factory.SubFactory(TownFactory)
    is_poor_village = False


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CITY_OFFICE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        self.save()
        if create and extracted:
            self.regions.set(extracted)


def bulk_villages(town: Region, count: int, *, prefix: str = "批量", poor_every: int = 3):
    """Many villages at once (bulk_create skips save(), so set the ancestor keys here)."""
    villages = [
        Region(
            name=f"{prefix}{i}村",
            level=Level.VILLAGE,
            parent=town,
            city_id=town.city_id,
            county_id=town.county_id,
            town_id=town.pk,
            is_poor_village=(i % poor_every == 0),
        )
        for i in range(count)
    ]
    return Region.objects.bulk_create(villages, batch_size=2000)


class HouseholdFactory(DjangoModelFactory):
    """A registered household whose records trip no red-light rule (with one
    MemberFactory head): lifted and exited, safe, paid by wages, helped."""

    class Meta:
        model = Household

    number = factory.Sequence(lambda n: f"T{n:010d}")
    village = factory.SubFactory(VillageFactory)
    category = HouseholdCategory.GENERAL
    exit_status = ExitStatus.EXITED
    exit_year = 2019
    main_cause = "缺技术"
    per_capita_income = Decimal("12000.00")
    wage_income = Decimal("24000.00")
    business_income = Decimal("0.00")
    business_expenditure = Decimal("0.00")
    annual_expenditure = Decimal("9000.00")
    housing_area = Decimal("80.00")
    housing_safe = True
    water_safe = True
    water_difficult = False
    helper = "帮扶人甲"
    has_assistance_plan = True


class MemberFactory(DjangoModelFactory):
    """A healthy working head of household born 1980-03-01 with a valid ID number."""

    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"成员{n}")
    relationship = "户主"
    sex = Sex.MALE
    birth_date = dt.date(1980, 3, 1)
    # Address code, birth date and an order whose parity is the sex: unique per sequence.
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number(
            str(440883 + n // 500), o.birth_date, (n % 500) * 2 + (o.sex == Sex.MALE)
        )
    )
    ethnicity = "汉族"
    education = "初中"
    school_status = SchoolStatus.NOT_STUDENT
    health = Health.HEALTHY
    labour_capacity = LabourCapacity.ORDINARY
    migrant_work = "省内务工"
    migrant_months = 10
    has_medical_insurance = True
    has_serious_illness_insurance = True
    has_pension_insurance = True
    receives_dibao = False
    receives_destitute_support = False
    receives_disability_subsidy = False


class PlanFactory(DjangoModelFactory):
    """A county's target-responsibility plan (give ``region``)."""

    class Meta:
        model = "plans.Plan"

    title = factory.Sequence(lambda n: f"测试目标责任方案{n}")
    issuer = "测试县扶贫开发领导小组办公室"
    document_number = factory.Sequence(lambda n: f"测扶办〔2020〕{n}号")
    year = 2020


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = "plans.PlanAction"

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n)
    numbering = "一"
    title = "实施教育扶贫行动"


class TargetFactory(DjangoModelFactory):
    """A reported count target: the office trains at least twice a year."""

    class Meta:
        model = "plans.Target"

    action = factory.SubFactory(PlanActionFactory)
    description = "开展驻村工作队业务培训，每年最少2次以上"
    lead_departments = "县扶贫办"
    kind = "count"
    comparison = "gte"
    target_value = Decimal("2")
    unit = "次"
    deadline = dt.date(2020, 12, 31)


# --- funds (issue 18): through the services, acting as SYSTEM ---------------


def fund_source(name: str = "省"):
    """A source level of the managed list (the migration seeds it; a
    transactional test's flush may have removed it)."""
    from apps.funds.models import FundSource

    return FundSource.objects.get_or_create(name=name)[0]


def project_kind(name: str = "村级特色产业"):
    from apps.funds.models import ProjectKind

    return ProjectKind.objects.get_or_create(name=name)[0]


class _ThroughService(DjangoModelFactory):
    """Created by the app's ``do_*`` service as SYSTEM, so factories meet the
    same checks (levels, overspending) and leave the same history."""

    class Meta:
        abstract = True

    @classmethod
    def _service(cls):
        raise NotImplementedError

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from apps.accounts.access import SYSTEM

        return cls._service()(actor=SYSTEM, **kwargs)


class FundAllocationFactory(_ThroughService):
    class Meta:
        model = "funds.FundAllocation"

    region = factory.SubFactory(CountyFactory)
    year = 2019
    source = factory.LazyFunction(fund_source)
    document_number = factory.Sequence(lambda n: f"测财农〔2019〕{n}号")
    allocated_on = dt.date(2019, 3, 1)
    amount_wan = Decimal("100.00")

    @classmethod
    def _service(cls):
        from apps.funds.services import do_create_allocation

        return do_create_allocation


class ProjectFactory(_ThroughService):
    class Meta:
        model = "funds.Project"

    region = factory.SubFactory(VillageFactory)
    kind = factory.LazyFunction(project_kind)
    name = factory.Sequence(lambda n: f"测试特色种养项目{n}")
    year = 2019
    approved_on = dt.date(2019, 4, 1)
    special_funds_wan = Decimal("50.00")

    @classmethod
    def _service(cls):
        from apps.funds.services import do_create_project

        return do_create_project


class ExpenditureFactory(_ThroughService):
    class Meta:
        model = "funds.Expenditure"

    allocation = factory.SubFactory(FundAllocationFactory)
    project = None
    date = dt.date(2019, 6, 1)
    amount_wan = Decimal("10.00")
    payee = "测试合作社"
    voucher_no = factory.Sequence(lambda n: f"PZ{n:06d}")

    @classmethod
    def _service(cls):
        from apps.funds.services import do_record_expenditure

        return do_record_expenditure


class MicroLoanFactory(_ThroughService):
    """A 5万元 three-year loan issued on 2017-11-01 (due 2020-11-01)."""

    class Meta:
        model = "funds.MicroLoan"

    borrower = factory.SubFactory(HouseholdFactory)
    bank = "测试农村商业银行"
    contract_number = factory.Sequence(lambda n: f"XD{n:08d}")
    amount_wan = Decimal("5.0000")
    issued_on = dt.date(2017, 11, 1)
    term_months = 36

    @classmethod
    def _service(cls):
        from apps.funds.services import do_create_loan

        return do_create_loan


class AssetFactory(_ThroughService):
    class Meta:
        model = "funds.Asset"

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"测试光伏电站{n}")
    kind = "business"
    value_wan = Decimal("30.00")
    owner = "村集体"

    @classmethod
    def _service(cls):
        from apps.funds.services import do_create_asset

        return do_create_asset
