"""Writes: campaigns and teams."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.access import (
    can_manage_campaigns,
    can_record_findings,
    can_verify_findings,
    person,
)
from apps.audit.locking import lock_current_version, next_version
from apps.evidence.services import store_evidence
from apps.monitoring.services import do_open_case
from apps.regions.models import Level, Region

from . import rectification, sampling
from .models import (
    EDITABLE_FINDING_FIELDS,
    Campaign,
    Evidence,
    Finding,
    FindingCategory,
    FindingStatus,
    FindingTransition,
    FollowUpVerdict,
    SampledHousehold,
    SampleDraw,
    SampledRegion,
    Severity,
    Task,
    Team,
)


@transaction.atomic
def create_campaign(
    *,
    slug: str,
    title: str,
    kind: str,
    year: int,
    counties: list[Region],
    organiser: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    follow_up_of: Campaign | None = None,
) -> Campaign:
    campaign = Campaign(
        slug=slug,
        title=title,
        kind=kind,
        year=year,
        organiser=organiser,
        start_date=start_date,
        end_date=end_date,
        follow_up_of=follow_up_of,
    )
    campaign.full_clean()
    campaign.save()
    campaign.counties.set([c for c in counties if c.level == Level.COUNTY])
    return campaign


@transaction.atomic
def create_team(*, campaign: Campaign, name: str, members=(), regions=()) -> Team:
    team = Team(campaign=campaign, name=name)
    team.full_clean()
    team.save()
    team.members.set(members)
    team.regions.set(regions)
    return team


# --- sampling -------------------------------------------------------------------


@transaction.atomic
def draw_sample(
    *,
    campaign: Campaign,
    towns_per_county: int,
    villages_per_town: int,
    seed: str,
    households_per_village: int = 0,
    forced: list[Region] | tuple = (),
    excluded: list[Region] | tuple = (),
    county_towns: dict[Region, int] | None = None,
    user,
) -> SampleDraw:
    """Draw and store a stratified sample (see sampling.py) as a new version;
    the draw_sample command acts as SYSTEM.

    Earlier draws are kept. The campaign's first draw becomes its current one;
    a later draw waits until the city office chooses it (choose_current_draw),
    so a redraw never changes what the teams and bulletins already work from.
    ``county_towns`` gives a county its own number of towns."""
    if not can_manage_campaigns(user):
        raise PermissionDenied(_("Only the city office draws samples."))
    sample = SampleDraw.objects.create(
        campaign=campaign,
        towns_per_county=towns_per_county,
        villages_per_town=villages_per_town,
        households_per_village=households_per_village,
        seed=seed,
        county_towns={str(c.pk): n for c, n in (county_towns or {}).items()},
        drawn_by=person(user),
    )
    sample.forced.set(forced)
    sample.excluded.set(excluded)
    drawn = sampling.draw(
        campaign,
        towns_per_county=towns_per_county,
        villages_per_town=villages_per_town,
        seed=seed,
        forced={r.pk for r in forced},
        excluded={r.pk for r in excluded},
        county_towns={c.pk: n for c, n in (county_towns or {}).items()},
    )
    SampledRegion.objects.bulk_create(
        SampledRegion(
            draw=sample, region_id=d.region_id, level=d.level, order=n, was_forced=d.was_forced
        )
        for n, d in enumerate(drawn, start=1)
    )
    households = sampling.draw_households(
        campaign, drawn, per_village=households_per_village, seed=seed
    )
    SampledHousehold.objects.bulk_create(
        SampledHousehold(draw=sample, household_id=pk, order=n)
        for n, pk in enumerate(households, start=1)
    )
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.current_draw_id is None:
        Campaign.objects.filter(pk=campaign.pk).update(current_draw=sample)
        campaign.current_draw = sample
    return sample


@transaction.atomic
def choose_current_draw(*, campaign: Campaign, draw: SampleDraw, user) -> Campaign:
    """Make a kept draw the campaign's current one (the sample page, the
    inspectors' pages and the next bulletin draft follow it). The previous
    draw is kept, and bulletins go on citing the draw they were drafted from."""
    if not can_manage_campaigns(user):
        raise PermissionDenied(_("Only the city office chooses the current sample."))
    if draw.campaign_id != campaign.pk:
        raise ValidationError(_("This draw belongs to another campaign."))
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    locked.current_draw = draw
    locked.save(update_fields=["current_draw"])
    campaign.current_draw = draw
    return locked


# --- findings ---------------------------------------------------------------------


@transaction.atomic
def create_finding(
    *,
    user,
    campaign: Campaign,
    region: Region,
    category: FindingCategory,
    source: str,
    description: str,
    severity: str = Severity.MINOR,
    responsible_unit: str = "",
    deadline: datetime.date | None = None,
    household_number: str = "",
    evidence_files=(),
) -> Finding:
    if not can_record_findings(user, region):
        raise PermissionDenied(
            _("You may not record findings for %(region)s.") % {"region": region}
        )
    finding = Finding(
        campaign=campaign,
        region=region,
        category=category,
        source=source,
        description=description,
        severity=severity,
        responsible_unit=responsible_unit,
        deadline=deadline,
        household_number=household_number,
        created_by=user,
    )
    finding.full_clean()
    finding.save()
    for upload in evidence_files:
        add_evidence(user=user, finding=finding, upload=upload)
    return finding


@transaction.atomic
def update_finding(*, user, finding: Finding, expected_version: int | None, **changes) -> Finding:
    """Correct a finding. Refused when the user may not record findings for the
    old or the new region, or when someone saved it after ``expected_version``."""
    unknown = set(changes) - set(EDITABLE_FINDING_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    current = lock_current_version(Finding, finding.pk, expected_version)
    regions = {current.region, changes.get("region", current.region)}
    if not all(can_record_findings(user, region) for region in regions):
        raise PermissionDenied(_("You may not change this finding."))
    for name, value in changes.items():
        setattr(current, name, value)
    next_version(current)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def add_evidence(*, user, finding: Finding, upload) -> Evidence:
    if not can_record_findings(user, finding.region):
        raise PermissionDenied
    return store_evidence(Evidence, user=user, upload=upload, finding=finding)


@transaction.atomic
def transition_finding(*, user, finding: Finding, to_status: str, note: str = "") -> Finding:
    """Move a finding one step through rectification, recording who, when and why.

    The row is locked and its status re-read, so two people acting at once
    cannot both move it from the same status (the second gets an error).
    """
    if to_status not in FindingStatus.values:
        raise ValidationError(_("Unknown status: %(status)s") % {"status": to_status})
    locked = Finding.objects.select_for_update().select_related("region").get(pk=finding.pk)
    step = rectification.step_between(locked.status, to_status)
    if step is None:
        raise ValidationError(
            _("A finding that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": locked.get_status_display(),
                "target": FindingStatus(to_status).label,
            }
        )
    if not rectification.user_may_take(user, step, locked.region):
        raise PermissionDenied(_("You may not make this change."))
    if step.needs_note and not note.strip():
        raise ValidationError(_("Say why the rectification is rejected."))
    FindingTransition.objects.create(
        finding=locked, from_status=locked.status, to_status=to_status, by=user, note=note
    )
    locked.status = to_status
    next_version(locked)
    locked.save(update_fields=["status", "version", "updated_at"])
    return locked


@transaction.atomic
def record_verdict(
    *, user, campaign: Campaign, finding: Finding, verdict: str, note: str = ""
) -> FollowUpVerdict:
    """A follow-up review's judgement of an earlier campaign's finding."""
    if campaign.follow_up_of_id != finding.campaign_id:
        raise ValidationError(_("This finding is not from the campaign being reviewed."))
    if not can_verify_findings(user, finding.region):
        raise PermissionDenied(_("You may not judge this finding."))
    result, _created = FollowUpVerdict.objects.update_or_create(
        campaign=campaign, finding=finding, defaults={"verdict": verdict, "note": note, "by": user}
    )
    return result


@transaction.atomic
def create_task(
    *,
    campaign: Campaign,
    title: str,
    description: str = "",
    responsible_units: str = "",
    deadline: datetime.date | None = None,
    order: int = 0,
) -> Task:
    task = Task(
        campaign=campaign,
        title=title,
        description=description,
        responsible_units=responsible_units,
        deadline=deadline,
        order=order,
    )
    task.full_clean()
    task.save()
    return task


def open_case_from_finding(*, user, finding: Finding, household, **case_fields):
    """A monitoring case (identified by inspection) for ``household``, linked
    to the finding, in one transaction; the household must lie in its region."""
    with transaction.atomic():
        current = lock_current_version(Finding, finding.pk, None)
        inside = Region.objects.filter(Region.subtree_q(current.region), pk=household.village_id)
        if current.monitoring_case_id or not inside.exists():
            raise ValidationError(_("This finding cannot open a case for that household."))
        case = do_open_case(actor=user, household=household, **case_fields)
        current.monitoring_case = case
        current.save(update_fields=["monitoring_case", "updated_at"])
        return case
