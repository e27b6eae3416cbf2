"""The body's plain-text conventions turned into safe HTML.

Paragraphs are separated by blank lines. A paragraph starting with 一、 is a
first-level heading (黑体); with （一） its first sentence is a second-level
heading (楷体) and the rest body text; 1. and （1） stay 仿宋. **text** is
bold; a paragraph starting with ## is a briefing's article title. Everything
else is escaped: a bulletin body can never inject markup,
fetch a URL or run a script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_LEVEL_1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL_2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_LEVEL_3 = re.compile(r"^\d+[.．]")
_LEVEL_4 = re.compile(r"^[（(]\d+[）)]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ARTICLE = re.compile(r"^##\s*")


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "article", "h1", "h2", "h3" or "p"
    html: SafeString
    text: str  # the plain text, without ** marks


def _inline(text: str) -> str:
    return _BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", escape(text))


def _split_heading(text: str) -> tuple[str, str]:
    """A （一） paragraph: heading up to and including its first 。, then the rest."""
    end = text.find("。")
    if end == -1:
        return text, ""
    return text[: end + 1], text[end + 1 :]


def paragraphs(body: str) -> list[Paragraph]:
    result = []
    for block in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        text = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if not text:
            continue
        plain = text.replace("**", "")
        if _ARTICLE.match(text):
            title = _ARTICLE.sub("", text)
            result.append(Paragraph("article", mark_safe(_inline(title)), title.replace("**", "")))
        elif _LEVEL_1.match(text):
            result.append(Paragraph("h1", mark_safe(_inline(text)), plain))
        elif _LEVEL_2.match(text):
            heading, rest = _split_heading(text)
            html = f'<span class="kai-heading">{_inline(heading)}</span>{_inline(rest)}'
            # Only the heading sentence is drawn in 楷体.
            result.append(Paragraph("h2", mark_safe(html), heading.replace("**", "")))
        elif _LEVEL_3.match(text) or _LEVEL_4.match(text):
            result.append(Paragraph("h3", mark_safe(_inline(text)), plain))
        else:
            result.append(Paragraph("p", mark_safe(_inline(text)), plain))
    return result
