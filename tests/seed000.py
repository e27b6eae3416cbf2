"""Seed 000 (湛扶组〔2020〕33号) parsed into its three annexes.

The project keeps its own copy of the seed in fixtures/ (the published text,
shared/seeds/000_5dfbfade080a7d42.txt, byte for byte) and tests read only that
copy, so a clone with nothing beside it runs the suite;
tests/core/test_setup.py pins the copy's checksum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEED_000 = Path(__file__).resolve().parent.parent / "fixtures/zhanjiang_2020/seed_000_bulletin.txt"
# sha256 of the published seed: a changed byte would silently change every
# reference the bulletin and ranking tests compare against.
SEED_000_SHA256 = "549edbf7007586b0ef5dc5b539377a17002ea389b72ac2d15fbfb0ebc90037dc"


@dataclass(frozen=True)
class AnnexRow:
    position: int
    name: str
    score: int | None = None
    rating: str = ""
    poor: bool | None = None


def seed_text() -> str:
    return SEED_000.read_text(encoding="utf-8")


def annex_1() -> list[AnnexRow]:
    part = seed_text().split("湛江市脱贫攻坚核查评价表（县级）\n")[-1].split("## 附件2")[0]
    return [
        AnnexRow(int(n), name, int(score), rating)
        for n, name, score, rating in re.findall(r"^(\d+)\t(\S+)\t(\d+)\t(\S+)$", part, re.M)
    ]


def annex_2() -> list[AnnexRow]:
    part = seed_text().split("排名表（镇级）")[1].split("## 附件3")[0]
    return [AnnexRow(int(n), name) for n, name in re.findall(r"^(\d+)\t(\S+)$", part, re.M)]


def annex_3() -> list[AnnexRow]:
    part = seed_text().split("排名表（村级）")[1].split("公开方式")[0]
    return [
        AnnexRow(int(n), name, poor=(flag == "贫困村"))
        for n, name, flag in re.findall(r"^(\d+)\t(\S+)\t(贫困村|非贫困村)$", part, re.M)
    ]
