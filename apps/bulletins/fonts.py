"""The font stacks of GB/T 9704-2012 and a check that every character has a glyph.

Each stack prefers the official (commercial) fonts when a machine has them and
falls back to free fonts from Debian (see scripts/system-packages.sh). The
check runs before rendering: a character that no font of its stack can draw is
an error naming the character, never a blank box in an issued document.
"""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from fontTools.ttLib import TTCollection, TTFont

# Role → families, best first. The CSS uses the same lists (see font_family_css).
STACKS: dict[str, tuple[str, ...]] = {
    # 小标宋: the issuing-authority mark and titles.
    "title": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "Noto Serif CJK SC"),
    # 仿宋_GB2312: body text.
    "fangsong": (
        "仿宋_GB2312",
        "FangSong_GB2312",
        "仿宋",
        "FangSong",
        "FandolFang",
        "Noto Serif CJK SC",
    ),
    # 黑体: first-level headings, "附件1".
    "hei": ("黑体", "SimHei", "Noto Sans CJK SC", "FandolHei"),
    # 楷体_GB2312: second-level headings, the signer's name.
    "kai": (
        "楷体_GB2312",
        "KaiTi_GB2312",
        "楷体",
        "KaiTi",
        "AR PL KaitiM GB",
        "LXGW WenKai",
        "FandolKai",
        "Noto Serif CJK SC",
    ),
    # 宋体: page-number digits.
    "song": ("宋体", "SimSun", "FandolSong", "Noto Serif CJK SC"),
}


class MissingGlyphError(Exception):
    """Characters that no font of a stack can draw."""

    def __init__(self, stack: str, characters: Iterable[str]):
        self.stack = stack
        self.characters = "".join(sorted(set(characters)))
        codes = " ".join(f"U+{ord(c):04X}" for c in self.characters)
        super().__init__(
            _(
                "No installed font of the %(stack)s stack has a glyph for: %(chars)s (%(codes)s). "
                "Install the fonts (make setup) or replace the characters."
            )
            % {"stack": stack, "chars": self.characters, "codes": codes}
        )


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int


def font_family_css(stack: str) -> str:
    return ", ".join(f'"{family}"' for family in STACKS[stack])


@functools.cache
def _installed_files() -> dict[str, tuple[FontFile, ...]]:
    """Family name (any of its localised names) → files, from fontconfig."""
    try:
        output = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{index}\n"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise RuntimeError(_("fontconfig (fc-list) is missing: run make setup.")) from exc
    files: dict[str, list[FontFile]] = {}
    for line in output.splitlines():
        families, path, index = (line.split("\t") + ["", "", "0"])[:3]
        for family in families.split(","):
            files.setdefault(family.strip(), []).append(FontFile(path, int(index or 0)))
    return {family: tuple(found) for family, found in files.items()}


@functools.cache
def _codepoints(font: FontFile) -> frozenset[int]:
    if font.path.lower().endswith((".ttc", ".otc")):
        tt = TTCollection(font.path, lazy=True).fonts[font.index]
    else:
        tt = TTFont(font.path, lazy=True, fontNumber=font.index)
    return frozenset(tt.getBestCmap() or {})


@functools.cache
def stack_codepoints(stack: str) -> frozenset[int]:
    """Every character some installed font of the stack can draw."""
    installed = _installed_files()
    covered: set[int] = set()
    for family in STACKS[stack]:
        # One file per family is enough: weights share their character set.
        if files := installed.get(family):
            covered |= _codepoints(files[0])
    return frozenset(covered)


def installed_families(stack: str) -> list[str]:
    installed = _installed_files()
    return [family for family in STACKS[stack] if family in installed]


def check_coverage(texts: dict[str, str]) -> None:
    """Raise MissingGlyphError for the first stack that cannot draw its text."""
    for stack, text in texts.items():
        covered = stack_codepoints(stack)
        missing = {c for c in text if not c.isspace() and ord(c) not in covered}
        if missing:
            raise MissingGlyphError(stack, missing)
