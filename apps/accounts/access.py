"""Who may see and change what: every access check is a named function here.

One mechanism scopes every queryset by the user's regions. A user's scope is
the union of the regions granted to them (county staff: their county) and
those that other apps grant (inspectors: their teams' regions — register a
provider with ``register_scope_provider``); city office and leadership see
their city — the city granted to them, or everything where the installation
serves one city and grants them none. A region in scope covers its whole subtree.

Every check needs an actor: a ``User`` (the request's), or ``SYSTEM`` when a
command or the demo loader acts for no person. ``None`` is an error, so a
caller that forgets the user gets a TypeError, never the whole city.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from apps.regions.models import ANCESTOR_LEVELS, Level, Region

from .roles import CITY_WIDE_ROLES, Role

if TYPE_CHECKING:
    from .models import User

ScopeProvider = Callable[["object"], Iterable[Region]]
_scope_providers: list[ScopeProvider] = []


class SystemActor:
    """Who acts when no person does: a management command or the demo loader.

    It sees and may change everything — passing ``SYSTEM`` is the explicit way
    to ask for that. It quacks like a city-office superuser for the checks
    below; it is not a ``User`` row, so what is stored is "no user" (see
    ``person``) and history shows it as 系统（命令行）.
    """

    __slots__ = ()  # no attributes can be set: one immutable singleton
    name = "系统（命令行）"
    username = first_name = name
    pk = id = None
    is_authenticated = is_active = is_superuser = True
    is_anonymous = is_staff = False
    role = Role.CITY_OFFICE

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def require_actor(user: object) -> None:
    """Refuse a missing actor: ``None`` never means "no restriction"."""
    if user is None:
        raise TypeError("an actor is required: the request's user, or SYSTEM for commands")


def person(actor: User | SystemActor) -> User | None:
    """The ``User`` to store as who did something (``None`` for SYSTEM)."""
    require_actor(actor)
    return None if isinstance(actor, SystemActor) else actor


def register_scope_provider(provider: ScopeProvider) -> None:
    """Add a source of granted regions (called with the user)."""
    if provider not in _scope_providers:
        _scope_providers.append(provider)


class RegionScope:
    """The regions one user may see, as something a query can filter by."""

    def __init__(
        self,
        *,
        unrestricted: bool,
        granted: Iterable[tuple[str, int]] = (),
        city_wide: bool | None = None,
    ):
        self.unrestricted = unrestricted
        self.granted = {(level, pk) for level, pk in granted}
        # The whole of a city (its office, its leadership): pages speak of 全市.
        self.city_wide = unrestricted if city_wide is None else city_wide

    def q(self, prefix: str = "") -> Q:
        """Q for rows whose region (reached through ``prefix``) is in scope."""
        if self.unrestricted:
            return Q()
        by_level: dict[str, list[int]] = {}
        for level, pk in self.granted:
            by_level.setdefault(level, []).append(pk)
        condition = Q(pk__in=[])
        for level, pks in by_level.items():
            column = "pk" if level == Level.VILLAGE else f"{level}_id"
            condition |= Q(**{f"{prefix}{column}__in": sorted(pks)})
        return condition

    def covers(self, region: Region) -> bool:
        if self.unrestricted:
            return True
        if (region.level, region.pk) in self.granted:
            return True
        return any(
            (level, getattr(region, f"{level}_id")) in self.granted for level in ANCESTOR_LEVELS
        )

    def top_regions(self) -> QuerySet[Region]:
        """Where a browser starts: the city for city-wide users, else the grants."""
        if self.unrestricted:
            return Region.objects.filter(parent__isnull=True)
        return Region.objects.filter(pk__in=[pk for _level, pk in self.granted])


def region_scope(user) -> RegionScope:
    """The user's scope, computed once per request and kept on the user object."""
    require_actor(user)
    if isinstance(user, SystemActor):
        return RegionScope(unrestricted=True)
    cached = getattr(user, "_region_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = RegionScope(unrestricted=False)
    elif user.is_superuser:
        scope = RegionScope(unrestricted=True)
    elif user.role in CITY_WIDE_ROLES:
        # Where several cities share one installation (the demo: 湛江市 and 江门市),
        # each city's office is granted its city and sees nothing of the other's.
        cities = list(user.regions.all())
        scope = RegionScope(
            unrestricted=not cities, granted=[(r.level, r.pk) for r in cities], city_wide=True
        )
    elif user.role == Role.DEPARTMENT:
        # A department sees its tasks (``scope_tasks``), never a county's records.
        scope = RegionScope(unrestricted=False)
    else:
        regions = list(user.regions.all())
        for provider in _scope_providers:
            regions.extend(provider(user))
        scope = RegionScope(unrestricted=False, granted=[(r.level, r.pk) for r in regions])
    user._region_scope = scope
    return scope


def scope_queryset(queryset: QuerySet, user, *, region_field: str | None = None) -> QuerySet:
    """Only the rows of ``queryset`` whose region the user may see.

    ``region_field`` is the path to the row's Region (``"region"``,
    ``"household__village"``); it defaults to the model's
    ``region_scope_field`` attribute, or the row itself for Region.
    """
    model = queryset.model
    field = region_field if region_field is not None else getattr(model, "region_scope_field", "")
    prefix = f"{field}__" if field else ""
    scope = region_scope(user)
    if scope.unrestricted:
        return queryset
    if _crosses_many(model, field):
        # A row reached through several regions (an assisting unit's villages)
        # is in scope when one of them is; the subquery keeps each row once.
        inside = model._base_manager.filter(scope.q(prefix)).values("pk")
        return queryset.filter(pk__in=inside)
    return queryset.filter(scope.q(prefix))


def _crosses_many(model: type[Model], path: str) -> bool:
    for name in filter(None, path.split("__")):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def can_be_scoped(model: type[Model]) -> bool:
    """Whether ``scope_queryset`` knows where the model's rows lie (Region
    itself, or a model naming its ``region_scope_field``)."""
    return model is Region or hasattr(model, "region_scope_field")


def get_object_in_scope(queryset: QuerySet, user, **lookup) -> Model:
    """The object, or 404 when it does not exist or is outside the user's scope."""
    try:
        return scope_queryset(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def can_see_region(user, region: Region) -> bool:
    return region_scope(user).covers(region)


def can_edit_region_records(user, region: Region) -> bool:
    """Enter or correct records (households, findings) of ``region``."""
    if not user.is_authenticated or user.role == Role.LEADERSHIP:
        return user.is_superuser
    return can_see_region(user, region)


def is_city_office(user) -> bool:
    require_actor(user)
    return user.is_authenticated and (user.is_superuser or user.role == Role.CITY_OFFICE)


def can_manage_regions(user) -> bool:
    """Change the region tree itself: the city office only."""
    return is_city_office(user)


def can_manage_campaigns(user) -> bool:
    """Run campaigns, teams and scoring schemes: the city office only."""
    return is_city_office(user)


def can_record_scores(user, region: Region) -> bool:
    """Enter indicator scores for ``region``: the city office anywhere, inspectors
    in their teams' regions. County staff are the ones being inspected."""
    if is_city_office(user):
        return True
    return user.is_authenticated and user.role == Role.INSPECTOR and can_see_region(user, region)


def can_record_findings(user, region: Region) -> bool:
    """Enter findings and report rectification for ``region``: the city office,
    county staff of the region's county, inspectors of a team covering it."""
    if is_city_office(user):
        return True
    return (
        user.is_authenticated
        and user.role in (Role.COUNTY_STAFF, Role.INSPECTOR)
        and can_see_region(user, region)
    )


def can_verify_findings(user, region: Region) -> bool:
    """Verify and close (销号) or reject a rectification: the city office or an
    inspector covering the region — never the county that rectified it."""
    if is_city_office(user):
        return True
    return user.is_authenticated and user.role == Role.INSPECTOR and can_see_region(user, region)


def can_manage_timetables(user) -> bool:
    """Set up work timetables and their checklists, draft progress notices
    (通报) from them: the city office only."""
    return is_city_office(user)


def can_tick_deliverables(user, village: Region) -> bool:
    """Tick (or reopen) a timetable deliverable of ``village`` and upload its
    evidence: the city office, or county staff of the village's county.
    Inspectors and leadership read the progress within their scope."""
    if is_city_office(user):
        return True
    return (
        user.is_authenticated and user.role == Role.COUNTY_STAFF and can_see_region(user, village)
    )


def may_record_scores(user) -> bool:
    """Whether the user's role enters scores at all (the city office everywhere,
    inspectors in their teams' regions — which ones is ``can_record_scores``)."""
    return is_city_office(user) or (user.is_authenticated and user.role == Role.INSPECTOR)


def can_edit_bulletins(user) -> bool:
    """Draft, edit and issue bulletins: the city office, which runs campaigns."""
    return is_city_office(user)


def may_draft_county_reports(user) -> bool:
    """Whether the user's role drafts county reports at all: the city office,
    and county staff for their own county (``can_draft_county_report``)."""
    return is_city_office(user) or (user.is_authenticated and user.role == Role.COUNTY_STAFF)


def can_draft_county_report(user, county: Region) -> bool:
    """Draft a county's self-assessment report (自评报告, seed 002) to the
    superior office: the city office any county's, county staff their own."""
    if is_city_office(user):
        return True
    return (
        may_draft_county_reports(user)
        and county.level == Level.COUNTY
        and can_see_region(user, county)
    )


def can_edit_bulletin(user, bulletin) -> bool:
    """Edit and issue this draft: the city office any; county staff only their
    county's own report (drafted from its records, not from a campaign)."""
    if can_edit_bulletins(user):
        return True
    region = bulletin.region if bulletin.region_id else None
    return bool(bulletin.is_county_report and region and can_draft_county_report(user, region))


def may_record_findings(user) -> bool:
    """Whether the user's role enters findings at all (regions are checked per finding)."""
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.CITY_OFFICE, Role.COUNTY_STAFF, Role.INSPECTOR)
    )


def can_import_households(user) -> bool:
    """Upload the national household file: the city office, or county staff
    (their file may hold only their own county's villages)."""
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.CITY_OFFICE, Role.COUNTY_STAFF)
    )


def can_see_full_id_numbers(user, region: Region | None = None) -> bool:
    """ID numbers in full: the city office everywhere, county staff in their own
    county (``region`` None: rows already limited to the user's scope).
    Inspectors and leadership see them masked."""
    if is_city_office(user):
        return True
    if not (user.is_authenticated and user.role == Role.COUNTY_STAFF):
        return False
    return region is None or can_see_region(user, region)


def can_see_import(user, job) -> bool:
    """An import's page and error report: its uploader and the city office."""
    return is_city_office(user) or job.uploaded_by_id == user.pk


def can_edit_households(user, region: Region) -> bool:
    """Correct household and member records of ``region``: the offices that
    keep the registry, within their scope (inspectors and leadership read)."""
    return can_import_households(user) and can_see_region(user, region)


def may_keep_registry(user) -> bool:
    """Open the registry in the admin (it holds ID numbers in full): the offices
    that keep it — the city office, county staff within their county."""
    return can_import_households(user)


def can_delete_registry_records(user) -> bool:
    """Delete households, members or assisting units: the city office only."""
    return is_city_office(user)


def can_manage_assisting_units(user) -> bool:
    """Add assisting units and change their pairings: the city office only
    (county staff read the pairings of their county)."""
    return is_city_office(user)


def can_see_import_log(user) -> bool:
    """Every upload of the household file, in the admin: the city office."""
    return is_city_office(user)


def can_see_audit_log(user) -> bool:
    """The whole change log across apps: the superuser only."""
    return user.is_authenticated and user.is_superuser


def may_keep_plans(user) -> bool:
    """Whether the user's role keeps target-responsibility plans at all (the
    city office and county staff; which plans is ``can_edit_plans``)."""
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.CITY_OFFICE, Role.COUNTY_STAFF)
    )


def can_edit_plans(user, region: Region) -> bool:
    """Keep a target-responsibility plan of ``region`` — its actions, targets and
    reported values: the city office everywhere, county staff for plans of their
    own county. Inspectors and leadership read plans within their scope."""
    if is_city_office(user):
        return True
    return user.is_authenticated and user.role == Role.COUNTY_STAFF and can_see_region(user, region)


def may_keep_funds(user) -> bool:
    """Whether the user's role keeps fund, project, asset and micro-credit
    records at all (the city office and county staff; which regions is
    ``can_keep_funds``). Inspectors and leadership read them within their scope."""
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.CITY_OFFICE, Role.COUNTY_STAFF)
    )


def can_keep_funds(user, region: Region) -> bool:
    """Enter or correct allocations, expenditures, projects, assets, loans and
    guarantee funds of ``region``: the city office anywhere, county staff in
    their own county."""
    if is_city_office(user):
        return True
    return user.is_authenticated and user.role == Role.COUNTY_STAFF and can_see_region(user, region)


def can_import_funds(user) -> bool:
    """Upload funds files (allocations, projects, expenditures, loans): the roles
    that keep fund records; each row is then checked with ``can_keep_funds``."""
    return may_keep_funds(user)


def can_see_fund_import(user, job) -> bool:
    """A funds import's result page: its uploader and the city office."""
    return is_city_office(user) or (
        user.is_authenticated and job.uploaded_by_id is not None and job.uploaded_by_id == user.pk
    )


def can_see_loan_borrowers(user, region: Region | None = None) -> bool:
    """Micro-loan borrowers' ID numbers in full: whoever sees the registry's in
    full (``can_see_full_id_numbers``); others read them masked."""
    return can_see_full_id_numbers(user, region)


def can_manage_fund_lists(user) -> bool:
    """Change the managed lists (fund sources, project kinds): the city office."""
    return is_city_office(user)


def can_step_project_back(user) -> bool:
    """Move a project back one stage (a stage recorded by mistake): the city
    office only — a county cannot undo its own acceptance (验收)."""
    return is_city_office(user)


# --- the household import's lifecycle ---------------------------


def is_system(user) -> bool:
    return isinstance(user, SystemActor)


def can_decide_import(user, job) -> bool:
    """Confirm, cancel or resubmit an import: its uploader (while they may still
    import) and the city office."""
    if is_city_office(user):
        return True
    return can_import_households(user) and job.uploaded_by_id == user.pk


def can_move_household(user, household, village: Region) -> bool:
    """Move a household to another village (an explicit act, never an import's
    side effect): the city office anywhere, county staff within their county."""
    if is_city_office(user):
        return True
    return (
        user.is_authenticated
        and user.role == Role.COUNTY_STAFF
        and household.village.county_id == village.county_id
        and can_see_region(user, household.village)
        and can_see_region(user, village)
    )


# --- assessment ledgers (考核台账) ---------------------------


def can_manage_ledgers(user) -> bool:
    """Build ledger templates (台账目录) and import them from .xlsx: the city office."""
    return is_city_office(user)


def can_fill_ledger(user, region: Region) -> bool:
    """Fill a ledger entry of ``region`` (status, note, evidence): the city office,
    or county staff of the region's county. Inspectors and leadership read the
    ledgers within their scope."""
    if is_city_office(user):
        return True
    return user.is_authenticated and user.role == Role.COUNTY_STAFF and can_see_region(user, region)


def may_fill_ledgers(user) -> bool:
    """Whether the user's role fills ledger entries at all (which regions is
    ``can_fill_ledger``): the city office and county staff."""
    return is_city_office(user) or (user.is_authenticated and user.role == Role.COUNTY_STAFF)


# --- monitoring against return to poverty (防返贫监测) ------------


def may_keep_monitoring(user) -> bool:
    """Whether the user's role keeps monitoring cases at all (the city office
    and county staff; which ones is ``can_keep_monitoring``)."""
    return may_keep_funds(user)


def can_keep_monitoring(user, region: Region) -> bool:
    """Open cases, add measures and visits, propose a risk removal, reopen, in
    ``region``: the city office anywhere, county staff in their county.
    Inspectors and leadership read cases within their scope."""
    return can_keep_funds(user, region)


def can_confirm_risk_removal(user, region: Region) -> bool:
    """Confirm or reject a proposed risk removal: the level named by
    settings.MONITORING_REMOVAL_CONFIRMED_BY — ``"city"`` (default) the city
    office only, ``"county"`` also county staff of the case's county."""
    from django.conf import settings

    if is_city_office(user):
        return True
    level = getattr(settings, "MONITORING_REMOVAL_CONFIRMED_BY", "city")
    return level == "county" and can_keep_monitoring(user, region)


# --- tasks given to departments (督办) ---------------------------


def is_department_user(user) -> bool:
    require_actor(user)
    return user.is_authenticated and not user.is_superuser and user.role == Role.DEPARTMENT


def department_of(user):
    """The department whose tasks the user answers (None: not a department user)."""
    require_actor(user)
    if not getattr(user, "is_authenticated", False) or is_system(user):
        return None
    return user.department if user.department_id else None


def scope_tasks(queryset: QuerySet, user) -> QuerySet:
    """The tasks the user may see: all for city-wide roles (those granted a city:
    the tasks concerning it or no region); a department user's
    those their department leads or co-operates on; county staff and inspectors
    those concerning a region in their scope."""
    require_actor(user)
    scope = region_scope(user)
    if scope.unrestricted:
        return queryset
    if is_department_user(user):
        if not user.department_id:
            return queryset.none()
        mine = Q(lead_department_id=user.department_id) | Q(co_departments=user.department_id)
        return queryset.filter(pk__in=queryset.model._base_manager.filter(mine).values("pk"))
    inside = queryset.model._base_manager.filter(scope.q("regions__")).values("pk")
    if scope.city_wide:
        # A city's office and leadership also see the tasks naming no region: those
        # of a campaign in their city, and those tied to no campaign either (no
        # record says whose they are).
        counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), user)
        unnamed = queryset.model._base_manager.filter(regions__isnull=True).filter(
            Q(campaign__isnull=True) | Q(campaign__counties__in=counties)
        )
        return queryset.filter(Q(pk__in=inside) | Q(pk__in=unnamed.values("pk")))
    return queryset.filter(pk__in=inside)


def get_task_in_scope(queryset: QuerySet, user, pk: int) -> Model:
    """The task, or 404 when it does not exist or the user may not see it."""
    try:
        return scope_tasks(queryset, user).get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def task_regions(user, task) -> list[Region]:
    """The regions a task concerns, as shown to whoever may see the task (a
    department user sees them named, never the records kept there)."""
    return list(task.regions.all())


def can_manage_tasks(user) -> bool:
    """Give tasks to departments, confirm them done or return them: the city office."""
    return is_city_office(user)


def can_answer_task(user, task) -> bool:
    """Reply with progress: users of the task's lead or co-operating departments,
    while the task is not confirmed done."""
    if not is_department_user(user) or not user.department_id or task.status == "done":
        return False
    return task.lead_department_id == user.department_id or any(
        d.pk == user.department_id for d in task.co_departments.all()
    )


def can_propose_task_done(user, task) -> bool:
    """Say the task is done (申请办结): users of its lead department."""
    return (
        is_department_user(user)
        and bool(user.department_id)
        and task.lead_department_id == user.department_id
    )


def may_answer_tasks(user) -> bool:
    """Whether the user belongs to a department that answers tasks at all."""
    return is_department_user(user) and bool(user.department_id)


# --- periodic returns (报表) and their lock ------------------------


def can_submit_return(user, region: Region) -> bool:
    """Submit (上报), resubmit or ask to unlock (申请解锁) the return of
    ``region``: county staff of the region's county, and the city office."""
    return can_keep_funds(user, region)


def can_approve_returns(user) -> bool:
    """Approve (审核), return (退回), cancel an approval (取消审核) and grant or
    refuse unlock requests: the city office — the level above the counties."""
    return is_city_office(user)


def can_manage_return_types(user) -> bool:
    """Configure return types (报表) in the admin: the city office."""
    return is_city_office(user)


# --- household visits (入户核查) ------------------------------------------------


def may_record_visits(user) -> bool:
    """Whether the user's role records household visits at all: inspectors and
    the city office, each only for the households of a team they belong to
    (``can_record_visit``)."""
    require_actor(user)
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.INSPECTOR, Role.CITY_OFFICE)
    )


def can_record_visit(user, team) -> bool:
    """Record a visit for one of ``team``'s assigned households: its members."""
    if isinstance(user, SystemActor):
        return True
    return may_record_visits(user) and team.members.filter(pk=user.pk).exists()


def can_confirm_proposed_finding(user, proposal) -> bool:
    """Confirm (record) or dismiss a finding a visit proposed: who recorded the
    visit, or the city office; either must be able to record findings there."""
    require_actor(user)
    region = proposal.visit.sampled.household.village
    if not can_record_findings(user, region):
        return False
    return is_city_office(user) or proposal.visit.inspector_id == user.pk


def can_see_team_results(user, team) -> bool:
    """A team's visit results (.xlsx): the city office and leadership of a city
    the campaign touches, and the team's own members."""
    require_actor(user)
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.role in CITY_WIDE_ROLES:  # the campaign must touch their city
        return scope_queryset(team.campaign.counties.all(), user).exists()
    return team.members.filter(pk=user.pk).exists()
