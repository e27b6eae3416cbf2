"""The rectification lifecycle: 未整改 → 整改中 → 已整改（待核实） → 已销号,
and back from 待核实 to 整改中 when verification rejects it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.accounts.access import can_record_findings, can_verify_findings

from .models import FindingStatus as S


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    label: str
    needs_verifier: bool
    needs_note: bool = False


STEPS = [
    Step(S.OPEN, S.IN_PROGRESS, _("Start rectification"), needs_verifier=False),
    Step(S.IN_PROGRESS, S.AWAITING_VERIFICATION, _("Report rectified"), needs_verifier=False),
    Step(S.AWAITING_VERIFICATION, S.CLOSED, _("Verify and close"), needs_verifier=True),
    Step(
        S.AWAITING_VERIFICATION,
        S.IN_PROGRESS,
        _("Reject: not rectified"),
        needs_verifier=True,
        needs_note=True,
    ),
]


def step_between(source: str, target: str) -> Step | None:
    return next((s for s in STEPS if s.source == source and s.target == target), None)


def user_may_take(user, step: Step, region) -> bool:
    if step.needs_verifier:
        return can_verify_findings(user, region)
    return can_record_findings(user, region)


def steps_for(user, finding) -> list[Step]:
    """The transitions this user may make from the finding's current status."""
    return [
        step
        for step in STEPS
        if step.source == finding.status and user_may_take(user, step, finding.region)
    ]
