"""The demo's field sample (入户核查, issue 24): seed 000's draw is made before the
registry is loaded, so it holds no households and the inspector's phone would
have nothing to visit."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from django.db import transaction
from django.db.models import Count

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.households.imports import import_households
from apps.households.models import Household
from apps.inspections.models import Campaign, SampledRegion
from apps.inspections.services import choose_current_draw, draw_sample
from apps.regions.models import Level, Region

from .generator import city_sized, write_file

SLUG = "zhanjiang-2020"
PER_VILLAGE = 10  # seed 000: 10 households in each sampled village


def _covered(region: Region, village: Region) -> bool:
    return region.pk == village.pk or getattr(village, f"{region.level}_id", None) == region.pk


@transaction.atomic
def load_field_sample(*, per_village: int = PER_VILLAGE) -> int:
    """Redraw the current draw's towns and villages (same seed, forced and
    excluded regions, so the same places) with ``per_village`` households each
    and make it current; the issued bulletin keeps citing the draw it was
    drafted from. A sampled village of a team with members that has fewer
    registered families first gets generated ones (number prefix FIELD), so
    the inspector has households to visit. Returns the households drawn; 0
    when the current draw already holds households (a second run changes nothing)."""
    campaign = Campaign.objects.filter(slug=SLUG).select_related("current_draw").first()
    if campaign is None or campaign.current_draw is None:
        return 0
    old = campaign.current_draw
    if old.households.exists():
        return 0
    villages = list(
        Region.objects.filter(
            pk__in=SampledRegion.objects.filter(draw=old, level=Level.VILLAGE).values("region_id")
        )
        .select_related("county", "town")
        .order_by("code", "pk")
    )
    staffed = [
        region
        for team in campaign.teams.filter(members__isnull=False).prefetch_related("regions")
        for region in team.regions.all()
    ]
    registered = dict(
        Household.objects.filter(village__in=villages)
        .values("village")
        .annotate(n=Count("pk"))
        .values_list("village", "n")
    )
    thin = [
        (v.county.name, v.town.name, v.name)
        for v in villages
        if any(_covered(r, v) for r in staffed) and registered.get(v.pk, 0) < per_village
    ]
    if thin:
        _register_families(thin, per_village=per_village)
    city_office = User.objects.get(username="city")
    draw = draw_sample(
        campaign=campaign,
        user=city_office,
        towns_per_county=old.towns_per_county,
        villages_per_town=old.villages_per_town,
        households_per_village=per_village,
        seed=old.seed,
        forced=list(old.forced.all()),
        excluded=list(old.excluded.all()),
        county_towns={
            Region.objects.get(pk=int(pk)): n for pk, n in (old.county_towns or {}).items()
        },
    )
    choose_current_draw(campaign=campaign, draw=draw, user=city_office)
    return draw.households.count()


def _register_families(villages: list[tuple[str, str, str]], *, per_village: int) -> None:
    """``per_village`` generated families in each village, through the import."""
    plan = city_sized(
        villages, members=3 * per_village * len(villages), as_of=datetime.date.today()
    )
    plan.number_prefix = "FIELD"
    plan.anomalies = 0
    plan.seed = 2024
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-field-households.xlsx"
        write_file(plan, path)
        import_households(path=path, user=SYSTEM, display_name="演示入户核查户籍数据")
