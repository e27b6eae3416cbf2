"""The dashboard as a PDF (WeasyPrint). The HTML is self-contained — inline CSS
and the map as inline SVG — so the fetcher refuses every URL: a region name can
never make the server fetch anything."""

from __future__ import annotations

import logging

from weasyprint import HTML
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)


class FetchNothing(URLFetcher):
    def fetch(self, url, headers=None):
        logger.warning("dashboard PDF: refused to fetch %s", url)
        raise ValueError(f"refused: {url}")


def render_dashboard_pdf(html: str) -> bytes:
    return HTML(string=html, base_url="about:blank", url_fetcher=FetchNothing()).write_pdf()
