"""Panels other apps add to the score-entry page, without scorecards knowing them.

An app above scorecards (the ledgers) registers a function at start-up; the
score-entry view calls each with the request, the scheme, the region and the
scheme's indicators and shows the HTML it returns ('' shows nothing). Each
provider must answer in a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

ScorePanel = Callable[[HttpRequest, object, object, list], str]
_panels: list[ScorePanel] = []


def register_score_panel(panel: ScorePanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def score_panels(request: HttpRequest, scheme, region, indicators: list) -> list[str]:
    """The registered panels' HTML for this page, empty ones left out."""
    return [html for panel in _panels if (html := panel(request, scheme, region, indicators))]
