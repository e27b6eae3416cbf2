"""python manage.py render_bulletin "湛扶组〔2020〕33号" -o FILE.pdf"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.bulletins.fonts import MissingGlyphError
from apps.bulletins.models import Bulletin
from apps.bulletins.rendering import render_pdf

NUMBER = re.compile(r"^\s*(?P<organ>.+?)〔(?P<year>\d{4})〕(?P<sequence>\d+)号\s*$")


class Command(BaseCommand):
    help = "Write a bulletin's PDF: the issued PDF as stored, or a draft rendered now."

    def add_arguments(self, parser):
        parser.add_argument("number", help="The document number, e.g. 湛扶组〔2020〕33号")
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write")

    def handle(self, *args, number: str, output: str, **options):
        match = NUMBER.match(number)
        if not match:
            raise CommandError(
                f"发文字号“{number}”格式不对：应为 机关代字〔年份〕序号号，例如 湛扶组〔2020〕33号"
            )
        try:
            bulletin = Bulletin.objects.get(
                organ_abbreviation=match["organ"],
                year=int(match["year"]),
                sequence=int(match["sequence"]),
            )
        except Bulletin.DoesNotExist as exc:
            raise CommandError(f"没有发文字号为 {number} 的文件") from exc
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
        self.stdout.write(f"{output}: {bulletin.document_number} ({state}), {len(pdf):,} bytes")
