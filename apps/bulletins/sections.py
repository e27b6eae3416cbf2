"""Paragraphs apps above the bulletins add to a draft's 存在问题, without the
drafter knowing them (the returns' reporting rates). A provider takes nothing
and returns the paragraph's text, or None when it has nothing to say."""

from __future__ import annotations

from collections.abc import Callable

ProblemParagraph = Callable[[], str | None]
_providers: list[ProblemParagraph] = []


def register_problem_paragraph(provider: ProblemParagraph) -> None:
    if provider not in _providers:
        _providers.append(provider)


def problem_paragraphs() -> list[str]:
    return [text for provider in _providers if (text := provider())]
