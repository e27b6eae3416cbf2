"""Writes: campaigns and teams."""

from __future__ import annotations

import datetime

from django.db import transaction

from apps.regions.models import Level, Region

from .models import Campaign, Team


@transaction.atomic
def create_campaign(
    *,
    slug: str,
    title: str,
    kind: str,
    year: int,
    counties: list[Region],
    organiser: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    follow_up_of: Campaign | None = None,
) -> Campaign:
    campaign = Campaign(
        slug=slug,
        title=title,
        kind=kind,
        year=year,
        organiser=organiser,
        start_date=start_date,
        end_date=end_date,
        follow_up_of=follow_up_of,
    )
    campaign.full_clean()
    campaign.save()
    campaign.counties.set([c for c in counties if c.level == Level.COUNTY])
    return campaign


@transaction.atomic
def create_team(*, campaign: Campaign, name: str, members=(), regions=()) -> Team:
    team = Team(campaign=campaign, name=name)
    team.full_clean()
    team.save()
    team.members.set(members)
    team.regions.set(regions)
    return team
