"""The inspections app's records: campaigns and their sample draws
(``campaigns``), findings and what follows from them (``findings``)."""

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
    Task,
    TaskStatus,
)

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
    "TaskStatus",
    "Team",
]
