"""Writes: one visit stored whole (answers, photos, proposed findings) or not
at all, once per idempotency key; proposed findings confirmed online."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import can_confirm_proposed_finding, can_record_visit, person
from apps.evidence.validators import check_upload

from ..models import (
    Campaign,
    CampaignKind,
    Finding,
    FindingCategory,
    ProposedFinding,
    SampledHousehold,
    Visit,
    VisitPhoto,
)
from ..services import create_finding
from .form import SATISFACTION, clean_answers
from .selectors import member_ids, team_of, visit_form

MAX_PHOTOS = 10


@dataclass
class VisitResult:
    visit: Visit | None = None
    created: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)


def record_visit(
    *,
    user,
    campaign: Campaign,
    sampled: SampledHousehold,
    key: str,
    answers: object,
    photos: dict[str, object],
    visited_at: datetime.datetime | None = None,
    propose: list[str] | tuple = (),
) -> VisitResult:
    """Store a visit the device sent, or find it when ``key`` was stored before.

    ``sampled`` must be one of the user's team's households (the caller fetched
    it through ``assigned_household``). A visit whose answers or photos fail
    comes back with ``errors`` per question and nothing stored; a resend of a
    stored key returns the stored visit, whatever the resend carries."""
    try:
        key = str(uuid.UUID(str(key)))
    except ValueError:
        return VisitResult(errors={"key": [_("The visit has no valid identifier.")]})
    existing = Visit.objects.filter(key=key).first()
    if existing is not None:
        return _resent(user, existing, sampled)
    team = team_of(user, campaign, sampled)
    if team is None or not can_record_visit(user, team):
        raise PermissionDenied(_("This household is not assigned to your team."))
    questions = visit_form(campaign).questions
    errors = _photo_errors(questions, photos)
    per_member = {
        q["key"]: member_ids(sampled, q, campaign)
        for q in questions
        if q["kind"] == "members_yesno"
    }
    cleaned, answer_errors = clean_answers(
        questions, answers, members=per_member, photo_keys=set(photos)
    )
    errors = answer_errors | errors
    if errors:
        return VisitResult(errors=errors)
    stored: list[str] = []  # photo files written, deleted again if the visit is rolled back
    try:
        with transaction.atomic():
            visit = Visit.objects.create(
                key=key,
                campaign=campaign,
                team=team,
                sampled=sampled,
                inspector=person(user),
                answers=cleaned,
                satisfaction=cleaned.get(SATISFACTION, ""),
                visited_at=_visited_at(visited_at),
            )
            for question_key, upload in photos.items():
                kind = check_upload(upload)
                photo = VisitPhoto(
                    visit=visit,
                    question=question_key,
                    original_name=upload.name[:200],
                    content_type=kind.content_type,
                    size=upload.size,
                    uploaded_by=person(user),
                )
                photo.file.save(upload.name, upload, save=False)
                stored.append(photo.file.name)
                photo.save()
            _propose_findings(visit, questions, cleaned, set(propose))
    except BaseException as exc:
        _delete_files(stored)
        if not isinstance(exc, IntegrityError):
            raise
        # The same key committed by a concurrent resend: that one stands.
        existing = Visit.objects.filter(key=key).first()
        if existing is None:
            raise
        return _resent(user, existing, sampled)
    return VisitResult(visit=visit, created=True)


def _delete_files(names: list[str]) -> None:
    """Remove the photo files of a visit that was not stored: no file in
    MEDIA_ROOT without its row."""
    storage = VisitPhoto._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _resent(user, existing: Visit, sampled: SampledHousehold) -> VisitResult:
    if existing.sampled_id != sampled.pk or existing.inspector_id != getattr(user, "pk", None):
        return VisitResult(errors={"key": [_("This identifier belongs to another visit.")]})
    return VisitResult(visit=existing, created=False)


def _visited_at(value: datetime.datetime | None) -> datetime.datetime:
    now = timezone.now()
    if value is None or value > now + datetime.timedelta(minutes=10):
        return now
    return value


def _photo_errors(questions: list[dict], photos: dict) -> dict[str, list[str]]:
    photo_keys = {q["key"] for q in questions if q["kind"] == "photo"}
    errors: dict[str, list[str]] = {}
    labels = {q["key"]: q["label"] for q in questions}
    for key, upload in photos.items():
        if key not in photo_keys:
            errors.setdefault("__all__", []).append(
                _("A photo for a question the form does not have: %(key)s") % {"key": key}
            )
            continue
        try:
            check_upload(upload)
        except ValidationError as exc:
            errors[key] = [f"{labels[key]}：{message}" for message in exc.messages]
    if len(photos) > MAX_PHOTOS:
        errors.setdefault("__all__", []).append(_("Too many photos."))
    return errors


def proposals_for(questions: list[dict], answers: dict, sampled: SampledHousehold) -> list[dict]:
    """What the answers propose: a "no" on a guarantee (any member's "no" on a
    per-member one), an income off the registry's figure by more than ``gap``."""
    found = []
    for question in questions:
        category = question.get("finding_category")
        value = answers.get(question["key"])
        if not category or value is None:
            continue
        label = question["label"]
        if question["kind"] == "yesno" and value is False:
            found.append((question["key"], category, _("%(label)s: not met.") % {"label": label}))
        elif question["kind"] == "members_yesno" and False in value.values():
            found.append(
                (
                    question["key"],
                    category,
                    _("%(label)s: not met for a member.") % {"label": label},
                )
            )
        elif question["kind"] == "number" and question.get("compare") == "per_capita_income":
            registered = sampled.household.per_capita_income
            if registered and abs(Decimal(value) - registered) > registered * Decimal(
                question.get("gap", "0.2")
            ):
                found.append(
                    (
                        question["key"],
                        category,
                        _("Income verified %(found)s yuan, the registry says %(registered)s yuan.")
                        % {"found": value, "registered": registered},
                    )
                )
    return [{"question": k, "category": c, "description": d} for k, c, d in found]


def _propose_findings(visit: Visit, questions, answers, chosen: set[str]) -> None:
    head = visit.sampled.household.number
    for proposal in proposals_for(questions, answers, visit.sampled):
        if proposal["question"] not in chosen:
            continue
        category, _created = FindingCategory.objects.get_or_create(name=proposal["category"])
        ProposedFinding.objects.create(
            visit=visit,
            question=proposal["question"],
            category=category,
            description=f"{head}：{proposal['description']}",
        )


@transaction.atomic
def confirm_proposed_finding(*, user, proposal: ProposedFinding, description: str = "") -> Finding:
    """Record the finding a visit proposed (the household's village, its
    number, the category filled in)."""
    proposal = ProposedFinding.objects.select_for_update().get(pk=proposal.pk)
    if not can_confirm_proposed_finding(user, proposal):
        raise PermissionDenied(_("You may not confirm this finding."))
    if proposal.status != ProposedFinding.Status.PROPOSED:
        raise ValidationError(_("This proposed finding was already decided."))
    visit = proposal.visit
    finding = create_finding(
        user=user,
        campaign=visit.campaign,
        region=visit.sampled.household.village,
        category=proposal.category,
        source=CampaignKind.VERIFICATION,
        description=description.strip() or proposal.description,
        household_number=visit.sampled.household.number,
    )
    proposal.status = ProposedFinding.Status.CONFIRMED
    proposal.finding = finding
    proposal.save(update_fields=["status", "finding"])
    return finding


@transaction.atomic
def dismiss_proposed_finding(*, user, proposal: ProposedFinding) -> ProposedFinding:
    proposal = ProposedFinding.objects.select_for_update().get(pk=proposal.pk)
    if not can_confirm_proposed_finding(user, proposal):
        raise PermissionDenied(_("You may not confirm this finding."))
    if proposal.status != ProposedFinding.Status.PROPOSED:
        raise ValidationError(_("This proposed finding was already decided."))
    proposal.status = ProposedFinding.Status.DISMISSED
    proposal.save(update_fields=["status"])
    return proposal
