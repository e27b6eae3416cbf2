"""Short names (简称) of official division names, the way documents write them.

The division list names village-level units by their committee
(``名利村委会``, ``新坡村民委员会``, ``草潭社区居民委员会``) and sometimes towns by
their office (``…街道办事处``); the bulletins write ``名利村``, ``新坡村``,
``草潭社区``, ``…街道``. The short name is computed once, when a region is
created or imported, and stored: the resolver matches stored labels only.
"""

from __future__ import annotations

# Longest suffix first: (official suffix, what documents write instead).
_SUFFIXES = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("社区居委", "社区"),
    ("村民委员会", "村"),
    ("居民委员会", "社区"),
    ("村委会", "村"),
    ("居委会", "社区"),
    ("街道办事处", "街道"),
    ("镇人民政府", "镇"),
    ("乡人民政府", "乡"),
)


def short_name_for(name: str) -> str:
    """The document form of an official name, or "" when the name has no
    committee or office suffix (then the name itself is what people write)."""
    for suffix, replacement in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if replacement == "社区" and stem.endswith("社区"):
                return stem
            return stem + replacement
    return ""
