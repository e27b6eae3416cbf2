"""Reads of campaigns and teams."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.regions.models import Region


def team_regions(user) -> QuerySet[Region]:
    """Regions assigned to the teams the user belongs to (an inspector's scope)."""
    return Region.objects.filter(teams__members=user).distinct()


def campaign_covers(campaign, region: Region) -> bool:
    """Is ``region`` inside one of the campaign's counties?"""
    return campaign.counties.filter(pk=region.county_id).exists()
