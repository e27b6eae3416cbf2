"""Writes: draft a bulletin from a campaign, edit it, issue it (frozen, with its PDF)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import (
    can_draft_county_report,
    can_edit_bulletin,
    can_edit_bulletins,
    person,
)
from apps.audit.locking import lock_current_version, next_version
from apps.inspections.models import Campaign
from apps.regions.models import Level, Region

from . import briefings, drafting, rendering, selectors, self_assessment, supervision
from .annexes import TableSnapshot
from .models import BriefingSeries, Bulletin, BulletinAnnex, BulletinStatus, DocumentKind

# Fields the edit form may change on a draft.
EDITABLE_FIELDS = (
    "issuing_mark",
    "organ_abbreviation",
    "year",
    "sequence",
    "signer",
    "title",
    "recipients",
    "body",
    "signature",
    "written_on",
    "disclosure",
    "copy_to",
    "printing_office",
    "printed_on",
    "proofreader",
)
ANNEX_LEVELS = (Level.COUNTY, Level.TOWN, Level.VILLAGE)


def _require_editor(user) -> None:
    if not can_edit_bulletins(user):
        raise PermissionDenied(_("Only the city office drafts and issues bulletins."))


def _require_editor_of(user, bulletin: Bulletin) -> None:
    if not can_edit_bulletin(user, bulletin):
        raise PermissionDenied(_("Only the city office drafts and issues bulletins."))


def draft_bulletin_from_campaign(
    *, user, campaign: Campaign, organ_abbreviation: str = "", year: int | None = None
) -> Bulletin:
    """A new draft: header copied from the organiser's last bulletin, body and
    annexes from the campaign's records, the next free number."""
    _require_editor(user)
    model = selectors.latest_bulletin_like(campaign)
    organ = organ_abbreviation or (model.organ_abbreviation if model else "")
    if not organ:
        raise ValidationError(
            {"organ_abbreviation": _("Give the organ abbreviation (e.g. 湛扶组).")}
        )
    year = year or timezone.localdate().year
    body = drafting.draft_body(campaign)

    def create() -> Bulletin:
        bulletin = _new_draft(user, campaign, model, organ, year, body)
        _attach_rankings(bulletin, campaign)
        return bulletin

    return _with_next_free_number(create)


def draft_bulletin(
    *,
    user,
    title: str,
    body: str,
    organ_abbreviation: str,
    issuing_mark: str = "",
    region: Region | None = None,
    year: int | None = None,
    annexes: Sequence[tuple[str, TableSnapshot]] = (),
    signature: str = "",
    printing_office: str = "",
    written_on: datetime.date | None = None,
    kind: str = DocumentKind.NOTICE,
    recipients: str | None = None,
    campaign: Campaign | None = None,
) -> Bulletin:
    """A new draft from records other than a campaign's (a plan, a timetable):
    header copied from the organ's last bulletin, ``annexes`` frozen as they
    are now (title in the attachment note, table), the next free number.
    ``region`` decides who may read the bulletin once it is issued; the
    signature and printing office default to the organ's last bulletin's, the
    dates of writing and printing to today. A county's own report (自评报告)
    may be drafted by its staff too."""
    _require_editor_of(user, Bulletin(kind=kind, campaign=campaign, region=region))
    model = selectors.latest_bulletin_of_organ(organ_abbreviation)
    year = year or timezone.localdate().year
    today = written_on or timezone.localdate()

    def create() -> Bulletin:
        bulletin = Bulletin(
            kind=kind,
            campaign=campaign,
            draw=selectors.current_draw(campaign) if campaign else None,
            region=region,
            issuing_mark=issuing_mark or (model.issuing_mark if model else ""),
            organ_abbreviation=organ_abbreviation,
            year=year,
            sequence=selectors.next_sequence(organ_abbreviation=organ_abbreviation, year=year),
            title=title,
            body=body,
            signature=signature or (model.signature if model else ""),
            written_on=today,
            printed_on=today,
            created_by=person(user),
            **{
                **_header_copied_from(model),
                **({"printing_office": printing_office} if printing_office else {}),
                **({"recipients": recipients} if recipients is not None else {}),
            },
        )
        bulletin.full_clean(validate_constraints=False)
        bulletin.save()
        BulletinAnnex.objects.bulk_create(
            BulletinAnnex(bulletin=bulletin, order=n, title=note_title, table=table.as_json())
            for n, (note_title, table) in enumerate(annexes, start=1)
        )
        return bulletin

    return _with_next_free_number(create)


def draft_self_assessment(
    *, user, county: Region, year: int, written_on: datetime.date | None = None
) -> Bulletin:
    """A county's self-assessment report for ``year`` (seed 002): every figure
    from the county's records, addressed to the city's leading group and signed
    by the county's; the county edits the sentences before it is issued. The
    city office or the county's own staff draft it."""
    if not can_draft_county_report(user, county):
        raise PermissionDenied(
            _("Only the city office or the county's own staff draft its report.")
        )
    organ = f"{county.name}扶贫开发领导小组"
    written_on = written_on or timezone.localdate()
    superior = county.city.name if county.city_id and county.city_id != county.pk else ""
    return draft_bulletin(
        user=user,
        kind=DocumentKind.REPORT,
        title=self_assessment.title_for(county, year),
        body=self_assessment.draft_body(county, year=year),
        organ_abbreviation=organ,
        region=county,
        year=written_on.year,
        signature=organ,
        recipients=f"{superior}扶贫开发领导小组：" if superior else "",
        written_on=written_on,
    )


def draft_supervision_bulletin(
    *, user, campaign: Campaign, organ_abbreviation: str, annex_title: str, year: int | None = None
) -> Bulletin:
    """A special supervision bulletin (seed 001) from the campaign's records:
    sampling, follow-up verdicts per town, county groups, problems by category,
    and the problem list per sampled town frozen as its attachment."""
    _require_editor(user)
    organiser = campaign.organiser
    return draft_bulletin(
        user=user,
        campaign=campaign,
        title=f"{campaign.title}工作情况通报",
        body=supervision.draft_body(campaign),
        organ_abbreviation=organ_abbreviation,
        issuing_mark=f"{organiser}文件" if organiser else "",
        year=year or campaign.year,
        annexes=[(annex_title, supervision.problem_table(campaign, title=annex_title))],
        signature=organiser,
    )


def draft_briefing(
    *,
    user,
    series: BriefingSeries,
    articles: Sequence[tuple[str, str]],
    year: int | None = None,
    region: Region | None = None,
    printed_on: datetime.date | None = None,
    report_to: str = "",
    copy_to: str = "",
    printing_office: str = "",
) -> Bulletin:
    """A new issue of a 简报 series: ``articles`` are (title, body) in order;
    the issue and running numbers come from the series' counters (briefings.py),
    in the same transaction as the draft, so they are never given twice."""
    _require_editor(user)
    printed_on = printed_on or timezone.localdate()
    year = year or printed_on.year
    body = "\n\n".join(f"## {title}\n\n{text.strip()}" for title, text in articles) + "\n"
    with transaction.atomic():
        issue, running = briefings.take_numbers(series, year)
        bulletin = Bulletin(
            kind=DocumentKind.BRIEFING,
            series=series,
            region=region,
            issuing_mark=series.masthead,
            organ_abbreviation=series.name,
            year=year,
            sequence=issue,
            running_number=running,
            title=articles[0][0] if articles else series.name,
            body=body,
            editing_office=series.editing_office,
            written_on=printed_on,
            printed_on=printed_on,
            report_to=report_to,
            copy_to=copy_to,
            printing_office=printing_office or series.editing_office,
            created_by=person(user),
        )
        bulletin.full_clean(validate_constraints=False)
        bulletin.save()
    return bulletin


def _with_next_free_number(create: Callable[[], Bulletin]) -> Bulletin:
    """Two drafts started at once would both see the same "next" number; the
    unique constraint refuses the second insert and it takes the one after
    (each try in its own savepoint), so numbers never repeat."""
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return create()
        except IntegrityError:
            continue  # the number was taken meanwhile: take the next one
    raise ValidationError(_("No free document number; try again."))


NUMBER_ATTEMPTS = 20


def _new_draft(user, campaign, model, organ: str, year: int, body: str) -> Bulletin:
    organiser = campaign.organiser
    bulletin = Bulletin(
        campaign=campaign,
        draw=selectors.current_draw(campaign),
        issuing_mark=f"{organiser}文件" if organiser else (model.issuing_mark if model else ""),
        organ_abbreviation=organ,
        year=year,
        sequence=selectors.next_sequence(organ_abbreviation=organ, year=year),
        title=drafting.title_for(campaign),
        body=body,
        signature=organiser,
        written_on=timezone.localdate(),
        printed_on=timezone.localdate(),
        created_by=person(user),
        **_header_copied_from(model),
    )
    # Field checks only: the number's uniqueness is the database's to decide.
    bulletin.full_clean(validate_constraints=False)
    bulletin.save()
    return bulletin


def _header_copied_from(model: Bulletin | None) -> dict:
    """Recipients, disclosure and imprint of the model bulletin, or the defaults."""
    if model is None:
        return {"disclosure": Bulletin._meta.get_field("disclosure").default}
    return {
        "recipients": model.recipients,
        "disclosure": model.disclosure,
        "copy_to": model.copy_to,
        "printing_office": model.printing_office,
    }


def _attach_rankings(bulletin: Bulletin, campaign: Campaign) -> None:
    schemes = {scheme.level: scheme for scheme in campaign.schemes.all()}
    ordered = [schemes[level] for level in ANNEX_LEVELS if level in schemes]
    BulletinAnnex.objects.bulk_create(
        BulletinAnnex(bulletin=bulletin, order=n, title=scheme.title, scheme=scheme)
        for n, scheme in enumerate(ordered, start=1)
    )


@transaction.atomic
def update_bulletin(
    *, user, bulletin: Bulletin, expected_version: int | None = None, **changes
) -> Bulletin:
    """Change a draft; an issued bulletin is frozen. ``expected_version`` is the
    version the editor opened: a save over someone else's is refused (StaleEdit)."""
    _require_editor_of(user, bulletin)
    bulletin = lock_current_version(Bulletin, bulletin.pk, expected_version)
    if bulletin.is_issued:
        raise ValidationError(_("An issued bulletin cannot be changed."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(bulletin, name, value)
    next_version(bulletin)
    bulletin.full_clean()
    bulletin.save()
    return bulletin


@transaction.atomic
def set_annexes(*, user, bulletin: Bulletin, annexes: list[tuple[str, object]]) -> None:
    """Replace the attachments of a draft: (title in the note, scheme) in order."""
    _require_editor_of(user, bulletin)
    if bulletin.is_issued:
        raise ValidationError(_("An issued bulletin cannot be changed."))
    bulletin.annexes.all().delete()
    BulletinAnnex.objects.bulk_create(
        BulletinAnnex(bulletin=bulletin, order=n, title=title, scheme=scheme)
        for n, (title, scheme) in enumerate(annexes, start=1)
    )


def issue_bulletin(
    *, user, bulletin: Bulletin, issued_at: datetime.datetime | None = None
) -> Bulletin:
    """Render the PDF, store it and freeze the bulletin.

    The draft row is locked while it is issued so two clicks cannot issue it
    twice; the document number is protected by the unique constraint (a taken
    number is refused with a message, not overwritten)."""
    _require_editor_of(user, bulletin)
    stored: list = []  # the PDF file, once written: removed again if the issue fails
    try:
        with transaction.atomic():
            locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
            if locked.is_issued:
                raise ValidationError(_("This bulletin has already been issued."))
            locked.full_clean()
            pdf = rendering.render_pdf(locked, draft=False)  # the issued copy: no 草稿
            name = f"{locked.organ_abbreviation}-{locked.year}-{locked.sequence}.pdf"
            locked.pdf.save(name, ContentFile(pdf), save=False)
            stored.append(locked.pdf)
            locked.status = BulletinStatus.ISSUED
            locked.issued_at = issued_at or timezone.now()
            next_version(locked)
            locked.save()
    except BaseException as exc:
        for file in stored:
            file.storage.delete(file.name)  # the rolled-back row never pointed at it
        if isinstance(exc, IntegrityError):
            raise ValidationError(
                _("The number %(number)s is already taken.") % {"number": bulletin.document_number}
            ) from exc
        raise
    return locked
