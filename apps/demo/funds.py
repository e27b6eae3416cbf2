"""Fund records for the demo (issue 18): Xuwen's 2016–2019 allocations,
payments and industry projects as seed 002 totals them, and the other
Zhanjiang counties' 2020 allocations as seed 000 下一步（五） needs them.

The seeds give only totals; everything below them is the demo's own choice
(the README's "Demo data" note says so; the figures are in ``funds_data.py``):

- Xuwen 2016–2019: 44891万元 allocated by 省 / 对口帮扶市 / 市 / 县本级 (the split
  over sources and years is ``XUWEN_ALLOCATIONS``; 对口帮扶市's money goes to the
  four demo towns in uneven parts), 43943.7万元 of it paid out: 2016–2018 in full,
  2019 short by 947.3万元 (``XUWEN_2019_UNSPENT``).
- Its 23 town-level (镇级特色产业, 7670.12万元) and 36 village-level (村级特色产业,
  3448.75万元) projects, spread over the years, towns and villages of the demo
  tree with amounts that add up to the seed's totals, and one 一村一品 project of
  2497.98万元 (800 special funds + 1697.98 self-raised). Projects are paid from
  their town's allocation first, then the county's 省 money; what an allocation
  pays beyond its projects goes to county departments (education, housing …).
- The other counties: 2020 allocations, 雷州市、廉江市、吴川市、遂溪县 not fully
  paid out by 2020-11-20 (with Xuwen, the five of seed 000, lowest rate first in
  the seed's order), the others fully (坡头区 only on 2020-11-10), and 雷州市
  paying more after the deadline.

The demo is loaded into every test database, so it is written the way bulk
writers write (``bulk_create``, one history row per record through
``record_bulk``, the allocations' spent sums by ``refresh_spent`` under their row
locks, the database's constraints refusing an overspent allocation) — a few
queries instead of thousands. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models, transaction

from apps.audit.models import Action
from apps.audit.registry import snapshot
from apps.audit.services import BulkChange, diff, record_bulk
from apps.funds.models import (
    STAGE_DATE_FIELDS,
    Expenditure,
    FundAllocation,
    FundSource,
    Project,
    ProjectKind,
    Stage,
)
from apps.funds.services.allocations import lock_allocations, refresh_spent
from apps.regions.models import Level, Region

from .funds_data import (
    DEADLINE,
    DEPARTMENTS,
    DOCUMENT_PREFIX,
    ONE_VILLAGE_ONE_PRODUCT,
    OTHER_COUNTIES,
    OTHER_PROJECT_WAN,
    PRODUCTS,
    SHARES,
    SOURCES,
    TOWN_PROJECTS,
    TOWN_WORKS,
    VILLAGE_PROJECTS,
    VILLAGE_WORKS,
    XUWEN,
    XUWEN_2019_UNSPENT,
    XUWEN_ALLOCATIONS,
    XUWEN_TOWNS,
    XUWEN_VILLAGES,
    ZERO,
    D,
)


@transaction.atomic
def load_funds_demo() -> int:
    """Load the demo's fund records once; returns the allocations created."""
    if FundAllocation.objects.filter(region__name=XUWEN, year=2016).exists():
        return 0
    plan = _Plan(sources=_sources(), kinds=_kinds())
    plan.xuwen(_xuwen_regions())
    plan.other_counties(
        Region.objects.filter(level=Level.COUNTY, name__in=OTHER_COUNTIES).order_by("code")
    )
    return plan.write()


def _sources() -> dict[str, FundSource]:
    """The four levels of the managed list (its migration seeds them; a test
    database flushed since has none), with seed 003's shares."""
    found = {}
    for order, (name, share) in enumerate(SHARES.items(), start=2):
        found[name] = FundSource.objects.get_or_create(
            name=name, defaults={"order": order, "share": share}
        )[0]
    return found


def _kinds() -> dict[str, ProjectKind]:
    return {
        name: ProjectKind.objects.get_or_create(name=name, defaults={"order": order})[0]
        for order, name in enumerate(("镇级特色产业", "村级特色产业", "一村一品"), start=1)
    }


def _xuwen_regions() -> dict[tuple[str, ...], Region]:
    """Xuwen, its towns and villages, by () , (town,) and (town, village)."""
    found: dict[tuple[str, ...], Region] = {}
    rows = Region.objects.filter(county__name=XUWEN).select_related("county", "town")
    for region in rows:
        if region.level == Level.COUNTY:
            found[()] = region
        # Short names: on the official tree 三塘村 is 三塘村委会.
        elif region.level == Level.TOWN:
            found[(region.display_name,)] = region
        else:
            found[(region.town.display_name, region.display_name)] = region
    return found


def split(total: Decimal, count: int, salt: int) -> list[Decimal]:
    """``count`` uneven amounts adding up to ``total`` exactly (the last takes
    the rounding), the same every time."""
    weights = [8 + (index * 7 + salt) % 9 for index in range(count)]
    amounts = [(total * w / sum(weights)).quantize(D("0.01")) for w in weights[:-1]]
    return [*amounts, total - sum(amounts)]


def _reached(year: int, index: int) -> int:
    """2016–2018's projects are completed; 2019's completed, accepted or under way."""
    if year < 2019:
        return Stage.COMPLETED
    return (Stage.COMPLETED, Stage.ACCEPTED, Stage.UNDER_WAY)[index % 3]


class _Plan:
    """The records to write, built in memory, then written in bulk."""

    def __init__(self, *, sources, kinds) -> None:
        self.sources, self.kinds = sources, kinds
        self.allocations: dict[tuple, FundAllocation] = {}
        self.room: dict[tuple, Decimal] = {}  # per allocation: what it may still pay
        self.projects: list[Project] = []
        self.payments: list[tuple[tuple, Project | None, Decimal, str, dt.date, str]] = []

    # --- Xuwen ----------------------------------------------------------

    def xuwen(self, regions) -> None:
        county = regions[()]
        for year, amounts in XUWEN_ALLOCATIONS.items():
            for source, amount in zip(SOURCES, amounts, strict=True):
                unspent = XUWEN_2019_UNSPENT[source] if year == 2019 else D("0")
                if source == "对口帮扶市":
                    for town, part in zip(XUWEN_TOWNS, split(amount, 4, salt=year), strict=True):
                        self._allocate(year, source, part, regions[(town,)], unspent)
                else:
                    self._allocate(year, source, amount, county, unspent)
        for project, paid in self._xuwen_projects(regions):
            # From the town's own allocation of the year first, then the county's 省 money.
            keys = [
                (project.year, "对口帮扶市", project.region.town_id),
                (project.year, "省", county.pk),
            ]
            self._pay_project(project, paid, keys, f"{project.region.display_name}项目实施单位")
        for key, allocation in self.allocations.items():
            self._pay_rest(key, allocation)

    def _allocate(self, year, source, amount, region, unspent=ZERO, *, number=None) -> tuple:
        number = number or f"{len(self.allocations) + 11}"
        allocation = FundAllocation(
            region=region,
            year=year,
            source=self.sources[source],
            document_number=f"{DOCUMENT_PREFIX[source]}〔{year}〕{number}号",
            allocated_on=dt.date(year, 2 if source == "省" else 3, 10 + len(self.allocations) % 15),
            amount_wan=amount,
            purpose="东西部扶贫协作资金" if source == "对口帮扶市" else "财政专项扶贫资金",
        )
        key = (year, source, region.pk)
        self.allocations[key] = allocation
        self.room[key] = amount - unspent
        return key

    def _xuwen_projects(self, regions):
        count, total = TOWN_PROJECTS
        for index, amount in enumerate(split(total, count, salt=3)):
            year = 2016 + min(index // 6, 3)
            town = XUWEN_TOWNS[index % 4]
            product = PRODUCTS[index % len(PRODUCTS)]
            name = f"{town}{product}{TOWN_WORKS[index % len(TOWN_WORKS)]}项目"
            tender = f"XWCG-{year}-{index + 1:03d}"
            yield self._project(regions[(town,)], "镇级特色产业", name, year, index, amount, tender)
        count, total = VILLAGE_PROJECTS
        for index, amount in enumerate(split(total, count, salt=5)):
            year = 2016 + index // 9
            town, village = XUWEN_VILLAGES[index % len(XUWEN_VILLAGES)]
            product = PRODUCTS[(index + 4) % len(PRODUCTS)]
            name = f"{village}{product}{VILLAGE_WORKS[index % len(VILLAGE_WORKS)]}项目（{year}年）"
            yield self._project(regions[(town, village)], "村级特色产业", name, year, index, amount)
        town, name, year, special, self_raised = ONE_VILLAGE_ONE_PRODUCT
        yield self._project(
            regions[(town,)], "一村一品", name, year, 0, special, f"XWCG-{year}-YCYP", self_raised
        )

    def _project(self, region, kind, name, year, index, special, tender="", self_raised=ZERO):
        """A project at the stage it reached, and what of its special funds was
        paid: all once accepted, 60 % while under way."""
        households = 12 + (index * 5) % 40
        approved = dt.date(year, 3, 1 + index % 20)
        stage = _reached(year, index)
        days = {
            Stage.APPROVED: approved,
            Stage.UNDER_WAY: dt.date(year, 5, 1 + index % 25),
            Stage.ACCEPTED: dt.date(year, 11, 1 + index % 25),
            Stage.COMPLETED: dt.date(year, 12, 1 + index % 25),
        }
        project = Project(
            region=region,
            kind=self.kinds[kind],
            name=name,
            year=year,
            special_funds_wan=special,
            self_raised_wan=self_raised,
            households_benefiting=households,
            people_benefiting=households * 4 + index % 3,
            stage=stage,
            # Two of 2019's projects are not publicly notified yet (三公开).
            notice_on=None if (year == 2019 and index % 4 == 3) else approved + dt.timedelta(7),
            tender_reference=tender,
            **{field: days[s] for s, field in STAGE_DATE_FIELDS.items() if s <= stage},
        )
        if stage >= Stage.ACCEPTED:
            paid = special
        elif stage == Stage.UNDER_WAY:
            paid = (special * D("0.6")).quantize(D("0.01"))
        else:
            paid = D("0")
        return project, paid

    def _pay_project(self, project, amount, keys, payee, day=None) -> None:
        day = day or (project.started_on or project.approved_on) + dt.timedelta(10)
        for key in keys:
            if key not in self.allocations or amount <= 0:
                continue
            part = min(amount, self.room[key])
            if part > 0:
                self._pay(key, project, part, payee, day)
                amount -= part
        if amount > 0:
            raise ValueError(f"the demo's allocations cannot pay {project.name}")
        self.projects.append(project)

    def _pay_rest(self, key, allocation) -> None:
        """What an allocation pays beyond projects: the county departments'
        programmes (a town's money: the town government), in two payments."""
        rest = self.room[key]
        if rest <= 0:
            return
        year, source, _region = key
        region = allocation.region
        for part, month in zip(split(rest, 2, salt=year), (7, 10), strict=True):
            payee = (
                f"{XUWEN}{region.name}人民政府"
                if region.level == Level.TOWN
                else DEPARTMENTS[(year + month + len(source)) % len(DEPARTMENTS)]
            )
            self._pay(key, None, part, payee, dt.date(year, month, 20))

    def _pay(self, key, project, amount, payee, day, voucher="") -> None:
        self.room[key] -= amount
        voucher = voucher or f"XW{key[0]}-{len(self.payments) + 1:04d}"
        self.payments.append((key, project, amount, payee, day, voucher))

    # --- the other counties' 2020 money -------------------------------

    def other_counties(self, counties) -> None:
        for county in counties:
            village = (
                Region.objects.filter(county=county, level=Level.VILLAGE)
                .select_related("county", "town")
                .order_by("-is_poor_village", "code", "pk")
                .first()
            )
            for number, (source, amount, paid, last_day, later) in enumerate(
                OTHER_COUNTIES[county.name], start=1
            ):
                key = self._allocate(
                    2020, source, amount, county, number=f"{county.code[4:6]}{number}"
                )
                self._pay_county(key, county, village if source == "省" else None, paid, last_day)
                if later:  # paid after the deadline: counted today, not by 11-20
                    self.room[key] += later
                    self._pay(
                        key, None, later, f"{county.display_name}财政局",
                        DEADLINE + dt.timedelta(20), f"{county.code[4:6]}-{source}-later",
                    )  # fmt: skip

    def _pay_county(self, key, county, village, paid, last_day) -> None:
        """``paid`` by ``last_day``: the village project's part first (if any)."""
        self.room[key] = paid
        rest = paid
        if village is not None:
            project = Project(
                region=village,
                kind=self.kinds["村级特色产业"],
                name=f"{village.display_name}特色种养项目（2020年）",
                year=2020,
                special_funds_wan=OTHER_PROJECT_WAN,
                households_benefiting=20,
                people_benefiting=83,
                stage=Stage.UNDER_WAY,
                approved_on=dt.date(2020, 4, 1),
                started_on=dt.date(2020, 5, 6),
                notice_on=dt.date(2020, 4, 8),
            )
            part = min(paid, OTHER_PROJECT_WAN)
            self._pay_project(project, part, [key], "项目实施村集体", dt.date(2020, 6, 15))
            rest -= part
        else:
            half = (paid / 2).quantize(D("0.01"))
            self._pay(key, None, half, f"{county.display_name}财政局", dt.date(2020, 6, 15),
                      f"{county.code[4:6]}-{key[1]}-001")  # fmt: skip
            rest -= half
        if rest > 0:
            self._pay(key, None, rest, f"{county.display_name}财政局", last_day,
                      f"{county.code[4:6]}-{key[1]}-002")  # fmt: skip

    # --- writing ----------------------------------------------------------

    def write(self) -> int:
        allocations = _bulk_create(FundAllocation, list(self.allocations.values()))
        _bulk_create(Project, self.projects)
        expenditures = [
            Expenditure(
                allocation=self.allocations[key],
                project=project,
                paid_on=day,
                amount_wan=amount,
                payee=payee,
                voucher_number=voucher,
            )
            for key, project, amount, payee, day, voucher in self.payments
        ]
        pks = [allocation.pk for allocation in allocations]
        lock_allocations(*pks)
        _bulk_create(Expenditure, expenditures)
        refresh_spent(pks)  # the database refuses an allocation paid beyond its amount
        return len(allocations)


def _bulk_create(model: type[models.Model], rows: list) -> list:
    """``rows`` inserted in one statement per batch, each with its history row."""
    created = model.objects.bulk_create(rows, batch_size=500)
    record_bulk(
        model,
        (
            BulkChange(
                pk=row.pk,
                repr=str(row),
                action=Action.CREATE,
                changes=diff(None, snapshot(row)),
                version=1,
            )
            for row in created
        ),
    )
    return created
