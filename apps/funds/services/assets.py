"""Assets, their yearly income, and the counties' asset documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from apps.accounts.access import person
from apps.evidence.services import store_evidence
from apps.regions.models import Region

from ..models import Asset, AssetDocument, AssetDocumentEvidence, AssetIncome, Project
from .common import require_keeper, save_new, update_versioned, writing

ASSET_FIELDS = frozenset({"project", "name", "kind", "value_wan", "owner", "operator"})
INCOME_FIELDS = frozenset({"income_wan", "distributed_to_households_wan", "households_count"})
DOCUMENT_FIELDS = frozenset({"title", "document_number", "issued_on"})


def do_create_asset(
    *,
    actor,
    project: Project,
    name: str,
    kind: str,
    value_wan: Decimal,
    owner: str,
    operator: str = "",
) -> Asset:
    with writing(actor):
        require_keeper(actor, project.region)
        return save_new(
            Asset(
                project=project,
                name=name,
                kind=kind,
                value_wan=value_wan,
                owner=owner,
                operator=operator,
            )
        )


def do_update_asset(
    *, actor, asset: Asset, expected_version: int | None, changes: Mapping[str, object]
) -> Asset:
    with writing(actor):
        return update_versioned(
            actor=actor,
            model=Asset,
            pk=asset.pk,
            expected_version=expected_version,
            changes=changes,
            allowed=ASSET_FIELDS,
            region_of=lambda a: a.project.region,
        )


def do_record_asset_income(
    *,
    actor,
    asset: Asset,
    year: int,
    income_wan: Decimal,
    distributed_to_households_wan: Decimal,
    households_count: int,
    expected_version: int | None = None,
) -> AssetIncome:
    """The asset's income for ``year``; a second return for the year replaces
    the first (stale edit refused when ``expected_version`` is given)."""
    values = {
        "income_wan": income_wan,
        "distributed_to_households_wan": distributed_to_households_wan,
        "households_count": households_count,
    }
    with writing(actor):
        require_keeper(actor, asset.project.region)
        row = AssetIncome.objects.filter(asset=asset, year=year).first()
        if row is None:
            return save_new(AssetIncome(asset=asset, year=year, **values))
        return update_versioned(
            actor=actor,
            model=AssetIncome,
            pk=row.pk,
            expected_version=expected_version,
            changes=values,
            allowed=INCOME_FIELDS,
            region_of=lambda i: i.asset.project.region,
        )


def do_create_asset_document(
    *,
    actor,
    county: Region,
    kind: str,
    title: str,
    document_number: str = "",
    issued_on: dt.date | None = None,
    evidence_files: Iterable = (),
) -> AssetDocument:
    """A county's asset document; in place once a file proves it."""
    with writing(actor):
        require_keeper(actor, county)
        document = save_new(
            AssetDocument(
                county=county,
                kind=kind,
                title=title,
                document_number=document_number,
                issued_on=issued_on,
            )
        )
        for upload in evidence_files:
            do_add_asset_document_evidence(actor=actor, document=document, upload=upload)
        return document


def do_update_asset_document(
    *,
    actor,
    document: AssetDocument,
    expected_version: int | None,
    changes: Mapping[str, object],
) -> AssetDocument:
    with writing(actor):
        return update_versioned(
            actor=actor,
            model=AssetDocument,
            pk=document.pk,
            expected_version=expected_version,
            changes=changes,
            allowed=DOCUMENT_FIELDS,
            region_of=lambda d: d.county,
        )


def do_add_asset_document_evidence(
    *, actor, document: AssetDocument, upload
) -> AssetDocumentEvidence:
    with writing(actor):
        require_keeper(actor, document.county)
        return store_evidence(
            AssetDocumentEvidence, user=person(actor), upload=upload, document=document
        )
