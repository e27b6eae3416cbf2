"""The return's lifecycle in one place: which step leads from which state to
which, who may take it, and whether it needs a reason.

未填报 → 已上报 (county submits, with a note) → 已审核 (city approves) or
退回 (city returns it, reason required) → 已上报 again; 已审核 → 退回 when the
city cancels the approval (取消审核) or grants the county's unlock request
(申请解锁, with a reason), which the city may also refuse."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.accounts.access import can_approve_returns, can_submit_return

from .models import State, Step


@dataclass(frozen=True)
class Transition:
    action: str
    label: object
    sources: frozenset
    target: str | None  # None: the state stays (an unlock request, a refusal)
    needs_reason: bool
    by_county: bool  # True: the region's keepers; False: the level above

    def allowed(self, user, instance) -> bool:
        if self.by_county:
            return can_submit_return(user, instance.region)
        return can_approve_returns(user)

    def applies_to(self, instance) -> bool:
        if instance.state not in self.sources:
            return False
        if self.action == Step.Action.REQUEST_UNLOCK:
            return instance.unlock_requested_at is None
        if self.action in (Step.Action.REFUSE_UNLOCK, "grant_unlock"):
            return instance.unlock_requested_at is not None
        return True


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            Step.Action.SUBMIT,
            _("Submit"),
            frozenset({State.NOT_FILED, State.RETURNED}),
            State.SUBMITTED,
            needs_reason=False,
            by_county=True,
        ),
        Transition(
            Step.Action.APPROVE,
            _("Approve"),
            frozenset({State.SUBMITTED}),
            State.APPROVED,
            needs_reason=False,
            by_county=False,
        ),
        Transition(
            Step.Action.RETURN,
            _("Return for correction"),
            frozenset({State.SUBMITTED}),
            State.RETURNED,
            needs_reason=True,
            by_county=False,
        ),
        Transition(
            Step.Action.UNAPPROVE,
            _("Cancel the approval"),
            frozenset({State.APPROVED}),
            State.RETURNED,
            needs_reason=True,
            by_county=False,
        ),
        Transition(
            Step.Action.REQUEST_UNLOCK,
            _("Request unlocking"),
            frozenset({State.APPROVED}),
            None,
            needs_reason=True,
            by_county=True,
        ),
        Transition(
            "grant_unlock",
            _("Grant the unlock request"),
            frozenset({State.APPROVED}),
            State.RETURNED,
            needs_reason=False,
            by_county=False,
        ),
        Transition(
            Step.Action.REFUSE_UNLOCK,
            _("Refuse the unlock request"),
            frozenset({State.APPROVED}),
            None,
            needs_reason=True,
            by_county=False,
        ),
    )
}


def available(user, instance) -> list[Transition]:
    """The steps ``user`` may take on ``instance`` now (the page's buttons)."""
    return [t for t in TRANSITIONS.values() if t.applies_to(instance) and t.allowed(user, instance)]
