"""Fund usage pages (per county, per town, drill-down) and the funds index."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    """Where the funds pages start: what each one answers."""
    return render(request, "funds/index.html")
