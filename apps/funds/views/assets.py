"""The asset register (扶贫资产) and the counties' three asset documents
(seed 000 (六): 运营机制, 收益及分配方案, 管理办法), with the counties missing each."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from apps.core.db_router import reads_from_replica

from .. import loan_selectors
from ..loan_tables import AssetTable
from ..models import AssetDocumentKind, AssetKind

ROWS_PER_PAGE = 50


@reads_from_replica
def asset_register(request: HttpRequest) -> HttpResponse:
    assets = loan_selectors.asset_register(actor=request.user)
    table = AssetTable(assets)
    RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(table)
    totals = loan_selectors.asset_totals(assets)
    return render(
        request,
        "funds/assets.html",
        {
            "table": table,
            "totals": [(kind.label, totals.get(kind.value)) for kind in AssetKind],
        },
    )


@reads_from_replica
def asset_documents(request: HttpRequest) -> HttpResponse:
    counties = loan_selectors.asset_documents_by_county(actor=request.user)
    kinds = list(AssetDocumentKind)
    rows = [
        {
            "county": county,
            "cells": [
                {
                    "proven": getattr(county, f"has_{kind.value}"),
                    "recorded": getattr(county, f"recorded_{kind.value}"),
                }
                for kind in kinds
            ],
        }
        for county in counties
    ]
    missing = [
        (kind.label, [row["county"] for row in rows if not row["cells"][index]["proven"]])
        for index, kind in enumerate(kinds)
    ]
    return render(
        request,
        "funds/asset_documents.html",
        {"kinds": kinds, "rows": rows, "missing": missing},
    )
