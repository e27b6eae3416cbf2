"""Panels that apps above the registry add to the household page.

The registry cannot import those apps (the layering forbids it), so they
register a panel here in their ``AppConfig.ready``: a function given the
request and the household, returning the panel's HTML (or "" for none).
The household page renders every registered panel in order.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[HttpRequest, object], str]
_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def render_panels(request: HttpRequest, household) -> list[SafeString]:
    """Each panel's HTML (rendered from templates, so already escaped)."""
    rendered = (panel(request, household) for panel in _panels)
    return [mark_safe(html) for html in rendered if html]
