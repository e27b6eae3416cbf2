"""Parallel transactions against the real PostgreSQL server: no duplicate
document number, no lost transition, no lost update."""

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.audit.locking import StaleEdit
from apps.bulletins.models import Bulletin
from apps.bulletins.services import draft_bulletin_from_campaign
from apps.inspections.models import Campaign, Finding, FindingStatus
from apps.inspections.services import transition_finding, update_finding
from tests.helpers import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_drafts_get_distinct_numbers(on_postgres, demo):
    city = User.objects.get(username="city")
    campaign = Campaign.objects.get(slug="zhanjiang-2020")
    results = run_together(
        lambda i: draft_bulletin_from_campaign(
            user=city, campaign=campaign, organ_abbreviation="湛扶组", year=2020
        ),
        6,
    )
    assert all(isinstance(r, Bulletin) for r in results), results
    sequences = sorted(Bulletin.objects.filter(year=2020).values_list("sequence", flat=True))
    assert sequences == [33, 34, 35, 36, 37, 38, 39]  # the demo's 33, then six new ones


def test_parallel_transitions_do_not_lose_or_duplicate_a_step(on_postgres, demo):
    inspector = User.objects.get(username="inspector")
    finding = Finding.objects.filter(region__county__name="吴川市").order_by("pk").first()
    results = run_together(
        lambda i: transition_finding(
            user=inspector, finding=finding, to_status=FindingStatus.IN_PROGRESS
        ),
        4,
    )
    succeeded = [r for r in results if isinstance(r, Finding)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(succeeded) == 1 and len(refused) == 3, results
    finding.refresh_from_db()
    assert finding.status == FindingStatus.IN_PROGRESS
    assert finding.version == 2
    assert list(finding.transitions.values_list("from_status", "to_status")) == [
        ("open", "in_progress")
    ]


def test_parallel_edits_of_one_version_keep_exactly_one(on_postgres, demo):
    county_staff = User.objects.get(username="wuchuan")
    finding = Finding.objects.filter(region__county__name="吴川市").order_by("pk").first()
    results = run_together(
        lambda i: update_finding(
            user=county_staff,
            finding=finding,
            expected_version=1,
            responsible_unit=f"编辑{i}",
        ),
        4,
    )
    saved = [r for r in results if isinstance(r, Finding)]
    stale = [r for r in results if isinstance(r, StaleEdit)]
    assert len(saved) == 1 and len(stale) == 3, results
    finding.refresh_from_db()
    assert finding.responsible_unit == saved[0].responsible_unit
    assert finding.version == 2
