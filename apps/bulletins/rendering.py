"""A bulletin as a PDF in GB/T 9704-2012 format (WeasyPrint).

The HTML is built from escaped text only (markup.py); WeasyPrint gets a URL
fetcher that serves files under the project's ``static/`` folder and refuses
everything else, so no bulletin can make the server fetch a URL or read a file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from apps.scorecards.exports import annex_columns, annex_values, iter_annex_rows
from apps.scorecards.models import RankingRow
from apps.scorecards.selectors import shown_ranking

from . import fonts, markup
from .annexes import TableSnapshot
from .models import Bulletin, BulletinAnnex

logger = logging.getLogger(__name__)

# Y80% M80% (GB/T 9704 6.2), as the PDF's CMYK ink.
RED = "device-cmyk(0 0.8 0.8 0)"
MM_PER_PT = 25.4 / 72
TEXT_BLOCK_WIDTH_MM = 156
LINE_PITCH_MM = 225 / 22


@dataclass(frozen=True)
class Layout:
    """Distances in mm (pt where named), measured against the free fonts with
    pdfplumber: CSS positions line boxes, the standard positions glyph edges."""

    pitch: float = LINE_PITCH_MM
    # A 16 pt glyph in a 28.99 pt line box starts half a leading (≈2.3 mm) below
    # the box top; pull the page box up so that glyph tops sit on 37 mm.
    glyph_offset: float = 2.29
    top: float = 37 - glyph_offset
    bottom: float = 35 + glyph_offset
    letter_spacing: float = -0.22
    indent: float = 2 * (16 - 0.22) - 0.2
    mark_top: float = 35.0
    two_lines: float = 2 * LINE_PITCH_MM
    rule_gap: float = 1.7
    title_gap: float = 2 * LINE_PITCH_MM - 2.9
    half_line: float = LINE_PITCH_MM / 2

    @property
    def note_label_width(self) -> float:
        """The indent plus 附件：, in pt."""
        return self.indent + 3 * (16 + self.letter_spacing)

    @property
    def page_number_gap(self) -> float:
        """From the bottom margin's top to the number: 7 mm below the text block."""
        return 7 + (self.bottom - 35)


LAYOUT = Layout()


class StaticFilesOnly(URLFetcher):
    """Serve file: URLs inside the project's static folder; refuse all else."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols=("file",))
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(self.root) or not path.is_file():
            self.refused.append(url)
            logger.warning("bulletin PDF: refused to fetch %s", url)
            raise ValueError(f"refused: {url}")
        return super().fetch(path.as_uri(), headers)


@dataclass
class AnnexTable:
    order: int
    title: str
    table_title: str
    columns: list[str]
    rows: list[list]


def annex_table(annex: BulletinAnnex) -> AnnexTable:
    if annex.table is not None:
        snapshot = TableSnapshot.from_json(annex.table)
        return AnnexTable(annex.order, annex.title, snapshot.title, snapshot.columns, snapshot.rows)
    ranking = shown_ranking(annex.scheme)
    rows = (
        RankingRow.objects.filter(ranking=ranking).order_by("position")
        if ranking
        else RankingRow.objects.none()
    )
    columns = annex_columns(annex.scheme, rows)
    values = [[_text(v) for v in annex_values(row, columns)] for row in iter_annex_rows(rows)]
    return AnnexTable(annex.order, annex.title, annex.scheme.title, columns, values)


def _text(value) -> str:
    return "" if value is None else str(value)


def mark_size_pt(mark: str) -> float:
    """As large as fits: at most 42 pt, the mark within 150 mm of the text block."""
    fitting = 150 / MM_PER_PT / max(len(mark), 1)
    return round(min(42.0, fitting), 1)


def render_html(
    bulletin: Bulletin, annexes: list[AnnexTable] | None = None, *, draft: bool | None = None
) -> str:
    """``draft`` prints the 草稿 watermark on every page; by default every
    bulletin not yet issued is a draft (issue_bulletin renders with False)."""
    if annexes is None:
        annexes = [annex_table(annex) for annex in bulletin.annexes.select_related("scheme")]
    paragraphs = markup.paragraphs(bulletin.body)
    context = {
        "bulletin": bulletin,
        "paragraphs": paragraphs,
        "articles": [p for p in paragraphs if p.kind == "article"],
        "annexes": annexes,
        "layout": LAYOUT,
        "fonts": {stack: fonts.font_family_css(stack) for stack in fonts.STACKS},
        "red": RED,
        "mark_size_pt": mark_size_pt(bulletin.issuing_mark),
        "draft": not bulletin.is_issued if draft is None else draft,
    }
    template = "bulletins/briefing.html" if bulletin.is_briefing else "bulletins/pdf.html"
    return render_to_string(template, context)


def _texts_by_stack(html: str, bulletin: Bulletin) -> dict[str, str]:
    """What each font stack must draw. Body text covers everything else: any
    character not in a heading is drawn in 仿宋 (tables, 版记, signature)."""
    return {
        "title": bulletin.issuing_mark
        + bulletin.title
        + "".join(p.text for p in markup.paragraphs(bulletin.body) if p.kind == "article"),
        "hei": "附件0123456789"
        + "".join(p.text for p in markup.paragraphs(bulletin.body) if p.kind == "h1"),
        "kai": bulletin.signer
        + "".join(p.text for p in markup.paragraphs(bulletin.body) if p.kind == "h2"),
        "fangsong": strip_tags(html),
        "song": "—0123456789",
    }


def render_document(
    bulletin: Bulletin, *, fetcher: StaticFilesOnly | None = None, draft: bool | None = None
):
    """The laid-out WeasyPrint document; MissingGlyphError when a character has no font."""
    html = render_html(bulletin, draft=draft)
    fonts.check_coverage(_texts_by_stack(html, bulletin))
    static_root = Path(settings.BASE_DIR) / "static"
    fetcher = fetcher or StaticFilesOnly(static_root)
    return HTML(string=html, base_url=static_root.as_uri() + "/", url_fetcher=fetcher).render()


def render_pdf(
    bulletin: Bulletin, *, fetcher: StaticFilesOnly | None = None, draft: bool | None = None
) -> bytes:
    """The PDF, fonts subset; MissingGlyphError when a character has no font."""
    return render_document(bulletin, fetcher=fetcher, draft=draft).write_pdf()
