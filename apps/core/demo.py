"""The Zhanjiang 2020 demo: seed 000's regions and one user per role.

Demo users exist only where the demo was loaded on purpose (``load_demo``),
never in a production database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.services import create_user
from apps.regions.models import Level, Region
from apps.regions.services import import_region_tree

DEMO_DIR = settings.BASE_DIR / "fixtures" / "zhanjiang_2020"
DEMO_PASSWORD = "demo-pass-2020"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    display_name: str
    county: str = ""


DEMO_USERS = [
    DemoUser("city", Role.CITY_OFFICE, "市扶贫办"),
    DemoUser("wuchuan", Role.COUNTY_STAFF, "吴川市扶贫办", county="吴川市"),
    DemoUser("leizhou", Role.COUNTY_STAFF, "雷州市扶贫办", county="雷州市"),
    DemoUser("inspector", Role.INSPECTOR, "核查组成员"),
    DemoUser("leader", Role.LEADERSHIP, "市领导"),
]


def demo_is_loaded() -> bool:
    return Region.objects.filter(level=Level.CITY, name="湛江市").exists()


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load the demo on a database without it; a second call changes nothing."""
    tree = json.loads((DEMO_DIR / "regions.json").read_text(encoding="utf-8"))
    created_regions = import_region_tree(tree=tree)
    created_users = 0
    for demo in DEMO_USERS:
        if User.objects.filter(username=demo.username).exists():
            continue
        regions = [Region.objects.get(level=Level.COUNTY, name=demo.county)] if demo.county else []
        create_user(
            username=demo.username,
            role=demo.role,
            password=DEMO_PASSWORD,
            regions=regions,
            display_name=demo.display_name,
        )
        created_users += 1
    return {"regions": created_regions, "users": created_users}
