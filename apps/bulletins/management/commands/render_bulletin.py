"""python manage.py render_bulletin KEY -o FILE.pdf

KEY is a document number (湛扶组〔2020〕33号, 江扶字〔2017〕14号), a briefing
issue (〔2018〕第20期) or a report's title (徐闻县2019年扶贫开发工作自评报告).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.bulletins.fonts import MissingGlyphError
from apps.bulletins.models import Bulletin, DocumentKind
from apps.bulletins.rendering import render_pdf

NUMBER = re.compile(r"^\s*(?P<organ>.+?)〔(?P<year>\d{4})〕(?P<sequence>\d+)号\s*$")
ISSUE = re.compile(r"^\s*〔(?P<year>\d{4})〕第(?P<issue>\d+)期\s*$")


def find_bulletin(key: str) -> Bulletin:
    """The document KEY names; CommandError (in Chinese) when none or several do."""
    if match := NUMBER.match(key):
        found = Bulletin.objects.filter(
            organ_abbreviation=match["organ"],
            year=int(match["year"]),
            sequence=int(match["sequence"]),
        )
    elif match := ISSUE.match(key):
        found = Bulletin.objects.filter(
            kind=DocumentKind.BRIEFING, year=int(match["year"]), sequence=int(match["issue"])
        )
    else:
        # A report has no number: its title names it, the newest one first.
        found = Bulletin.objects.filter(kind=DocumentKind.REPORT, title=key.strip())
    bulletin = found.order_by("-issued_at", "-pk").first()
    if bulletin is None:
        raise CommandError(
            f"没有“{key}”这份文件：请给出发文字号（如 湛扶组〔2020〕33号）、"
            "简报期号（如 〔2018〕第20期）或报告标题（如 徐闻县2019年扶贫开发工作自评报告）"
        )
    return bulletin


class Command(BaseCommand):
    help = "Write a bulletin's PDF: the issued PDF as stored, or a draft rendered now."

    def add_arguments(self, parser):
        parser.add_argument(
            "number",
            help="The document number (湛扶组〔2020〕33号), briefing issue (〔2018〕第20期) "
            "or report title",
        )
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write")

    def handle(self, *args, number: str, output: str, **options):
        bulletin = find_bulletin(number)
        if bulletin.is_issued:
            with bulletin.pdf.open("rb") as stored:
                pdf = stored.read()
        else:
            try:
                pdf = render_pdf(bulletin)
            except MissingGlyphError as exc:
                raise CommandError(str(exc)) from exc
        Path(output).write_bytes(pdf)
        state = "issued" if bulletin.is_issued else "draft"
        self.stdout.write(f"{output}: {bulletin.issue_number} ({state}), {len(pdf):,} bytes")
