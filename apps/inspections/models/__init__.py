"""The inspections app's records: campaigns and their sample draws
(``campaigns``), findings and what follows from them (``findings``), and
the tasks given to departments and their answers (``tasks``, 督办)."""

from .campaigns import Campaign, CampaignKind, SampledHousehold, SampleDraw, SampledRegion, Team
from .findings import (
    EDITABLE_FINDING_FIELDS,
    Evidence,
    Finding,
    FindingCategory,
    FindingStatus,
    FindingTransition,
    FollowUpVerdict,
    Severity,
)
from .tasks import Task, TaskEvidence, TaskReply, TaskSource, TaskStatus, TaskTransition
from .visits import ProposedFinding, Visit, VisitForm, VisitPhoto

__all__ = [
    "Campaign",
    "CampaignKind",
    "EDITABLE_FINDING_FIELDS",
    "Evidence",
    "Finding",
    "FindingCategory",
    "FindingStatus",
    "FindingTransition",
    "FollowUpVerdict",
    "SampleDraw",
    "SampledHousehold",
    "SampledRegion",
    "Severity",
    "Task",
    "TaskEvidence",
    "TaskReply",
    "TaskSource",
    "TaskStatus",
    "TaskTransition",
    "Team",
    "ProposedFinding",
    "Visit",
    "VisitForm",
    "VisitPhoto",
]
