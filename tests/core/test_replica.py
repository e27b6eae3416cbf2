"""Dashboards and reports read from the replica; writes, and reads after a
write, stay on the primary; without DATABASE_REPLICA_URL there is no replica."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.core.db_router import reading_from_replica
from apps.households.imports import import_households
from apps.households.models import Household
from apps.inspections.models import Campaign, Finding, FindingCategory
from apps.regions.models import Region
from tests.helpers.workbooks import two_households, write_rows

ROOT = Path(__file__).resolve().parents[2]
SLUG = "zhanjiang-2020"

READ_ONLY_PAGES = [
    ("dashboard", [], "scorecards_rankingrow"),
    ("scorecards:ranked_table", [SLUG, "county"], "scorecards_rankingrow"),
    ("reports:indicators", [], "households_member"),
    ("reports:redlights", [], "reports_householdredlight"),
    ("reports:gaps", [], "households_member"),
]


def _queries(context: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize(("name", "args", "table"), READ_ONLY_PAGES)
def test_a_report_page_reads_its_figures_from_the_replica(login, name, args, table):
    client = login("city")
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert any(table in sql for sql in _queries(replica))
    # The primary answers only for the session and the logged-in user.
    assert not any(table in sql for sql in _queries(primary))


def test_saving_a_finding_never_touches_the_replica(login):
    client = login("wuchuan")
    village = Region.objects.get(name="名利村")
    data = {
        "campaign": Campaign.objects.get(slug=SLUG).pk,
        "region": village.pk,
        "category": FindingCategory.objects.get(name="入户核查发现问题").pk,
        "source": "verification",
        "severity": "minor",
        "description": "危房改造户未入住",
        "responsible_unit": "吴川市",
        "deadline": "2030-11-30",
    }
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.post(reverse("inspections:finding_create"), data)
    assert response.status_code == 302 and Finding.objects.filter(region=village).exists()
    assert _queries(replica) == []


def test_an_import_never_touches_the_replica(demo, tmp_path):
    path = write_rows(tmp_path / "h.xlsx", two_households())
    with CaptureQueriesContext(connections["replica"]) as replica:
        counts = import_households(path=path, user=User.objects.get(username="city"))
    assert counts["households_created"] == 2
    assert _queries(replica) == []


def test_after_a_write_the_same_block_reads_from_the_primary(demo):
    """A page that wrote must not read back stale rows from a lagging replica."""
    with reading_from_replica():
        assert Household.objects.all().db == "replica"
        user = User.objects.get(username="city")  # read on the replica
        user.first_name = "市扶贫办"
        user.save()
        assert Household.objects.all().db == "default"
    assert Household.objects.all().db == "default"


def _databases(**env: str) -> dict:
    """The aliases and routers a server process (not pytest) configures."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'aliases': sorted(settings.DATABASES), "
        "'routers': settings.DATABASE_ROUTERS, "
        "'replica': settings.DATABASES.get('replica', {}).get('NAME')}))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    clean |= {"DJANGO_SETTINGS_MODULE": "inspection_portal.settings", **env}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_the_variable_everything_uses_default():
    assert _databases() == {"aliases": ["default"], "routers": [], "replica": None}


def test_the_variable_adds_the_replica_alias_and_its_router():
    found = _databases(DATABASE_REPLICA_URL="postgres://reader@replica.example:5432/portal")
    assert found == {
        "aliases": ["default", "replica"],
        "routers": ["apps.core.db_router.ReplicaRouter"],
        "replica": "portal",
    }
