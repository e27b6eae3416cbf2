"""Turn what people write into a region.

The seeds name regions by joining names from the county down, with short
names and aliases mixed in: ``吴川市兰石镇名利村``, ``开发区东山街道调文村``,
``经开区``. The resolver parses such a string down the tree, trying every name
and alias of each child, and accepts the result only when exactly one region
fits the whole string. Anything else is an error that says what was not found
and suggests near matches — it never guesses and never creates a region.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import LEVEL_ORDER, Region, RegionAlias

_WHITESPACE = re.compile(r"\s+")


class RegionLookupError(ValueError):
    """The text names no region, or more than one."""

    def __init__(self, message: str, *, text: str, suggestions: list[str] | None = None):
        self.text = text
        self.suggestions = suggestions or []
        if self.suggestions:
            message = message + _(" Did you mean: %(names)s?") % {
                "names": "、".join(self.suggestions)
            }
        super().__init__(message)


class RegionNotFound(RegionLookupError):
    pass


class AmbiguousRegion(RegionLookupError):
    pass


@dataclass
class _Node:
    pk: int
    name: str
    short_name: str
    level: str
    parent_id: int | None
    labels: set[str] = field(default_factory=set)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


def normalise(text: str) -> str:
    return _WHITESPACE.sub("", text or "")


class RegionResolver:
    """An in-memory index of the tree: build once (two queries), resolve many."""

    def __init__(self) -> None:
        self.nodes: dict[int, _Node] = {}
        self.children_by_label: dict[int | None, dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.any_by_label: dict[str, list[int]] = defaultdict(list)
        self.max_label_length = 1
        self._load()

    def _load(self) -> None:
        rows = Region.objects.values_list("pk", "name", "short_name", "level", "parent_id")
        for pk, name, short_name, level, parent_id in rows:
            node = _Node(pk, name, short_name, level, parent_id)
            node.labels.update(label for label in (name, short_name) if label)
            self.nodes[pk] = node
        for region_id, alias in RegionAlias.objects.values_list("region_id", "name"):
            if region_id in self.nodes:
                self.nodes[region_id].labels.add(normalise(alias))
        for node in self.nodes.values():
            for label in node.labels:
                self.children_by_label[node.parent_id][label].append(node.pk)
                self.any_by_label[label].append(node.pk)
                self.max_label_length = max(self.max_label_length, len(label))

    # --- public --------------------------------------------------------------

    def resolve(self, text: str, *, level: str | None = None) -> Region:
        return Region.objects.select_related("city", "county", "town").get(
            pk=self.resolve_id(text, level=level)
        )

    def resolve_id(self, text: str, *, level: str | None = None) -> int:
        wanted = normalise(text)
        if not wanted:
            raise RegionNotFound(_("No region name was given."), text=text)
        matches = self._complete_parses(wanted)
        if level is not None:
            matches = {pk for pk in matches if self.nodes[pk].level == level}
        if len(matches) == 1:
            return matches.pop()
        if matches:
            names = sorted(self.full_name(pk) for pk in matches)
            raise AmbiguousRegion(
                _("“%(text)s” matches more than one region: %(names)s.")
                % {"text": text, "names": "、".join(names)},
                text=text,
            )
        raise self._not_found(wanted, level)

    def full_name(self, pk: int) -> str:
        """Same rule as Region.full_name, from the index."""
        chain = self._chain(pk)
        if len(chain) == 1:
            return chain[0].name
        return "".join(node.display_name for node in chain[1:])

    # --- parsing ---------------------------------------------------------------

    def _prefix_labels(self, table: dict[str, list[int]], text: str, start: int):
        end_limit = min(len(text), start + self.max_label_length)
        for end in range(start + 1, end_limit + 1):
            for pk in table.get(text[start:end], ()):
                yield pk, end

    def _complete_parses(self, text: str) -> set[int]:
        found: set[int] = set()
        for pk, end in self._prefix_labels(self.any_by_label, text, 0):
            self._descend(pk, text, end, found)
        return found

    def _descend(self, pk: int, text: str, pos: int, found: set[int]) -> None:
        if pos == len(text):
            found.add(pk)
            return
        table = self.children_by_label.get(pk)
        if not table:
            return
        for child, end in self._prefix_labels(table, text, pos):
            self._descend(child, text, end, found)

    def _deepest_partial(self, text: str) -> tuple[int, int] | None:
        """The region reached by the longest parsable prefix, and where it ends."""
        best: tuple[int, int] | None = None

        def walk(pk: int, pos: int) -> None:
            nonlocal best
            if best is None or pos > best[1]:
                best = (pk, pos)
            table = self.children_by_label.get(pk) or {}
            for child, end in self._prefix_labels(table, text, pos):
                walk(child, end)

        for pk, end in self._prefix_labels(self.any_by_label, text, 0):
            walk(pk, end)
        return best

    # --- errors ----------------------------------------------------------------

    def _not_found(self, text: str, level: str | None) -> RegionNotFound:
        partial = self._deepest_partial(text)
        if partial is None:
            candidates = {
                self.full_name(pk): pk
                for pk, node in self.nodes.items()
                if level is None or node.level == level
            }
            suggestions = difflib.get_close_matches(text, list(candidates), n=3, cutoff=0.5)
            return RegionNotFound(
                _("No region is called “%(text)s”.") % {"text": text},
                text=text,
                suggestions=suggestions,
            )
        anchor, pos = partial
        remainder = text[pos:]
        relative = self._relative_names(anchor, level)
        close = difflib.get_close_matches(remainder, list(relative), n=3, cutoff=0.5)
        suggestions = [self.full_name(relative[name]) for name in close]
        if remainder and not suggestions:
            # Written under another parent (硇洲镇, which the list files under 麻章区,
            # hangs under 开发区): the regions the rest names on its own.
            elsewhere = {
                pk
                for pk in self._complete_parses(remainder)
                if level is None or self.nodes[pk].level == level
            }
            suggestions = sorted(self.full_name(pk) for pk in elsewhere)[:3]
        if not remainder:
            message = _("“%(text)s” is a %(found)s, not a %(level)s.") % {
                "text": text,
                "found": self._level_label(self.nodes[anchor].level),
                "level": self._level_label(level),
            }
        else:
            message = _("No “%(rest)s” was found under “%(anchor)s” (in “%(text)s”).") % {
                "rest": remainder,
                "anchor": self.full_name(anchor),
                "text": text,
            }
        return RegionNotFound(message, text=text, suggestions=suggestions)

    def _relative_names(self, anchor: int, level: str | None) -> dict[str, int]:
        """Descendants of ``anchor`` keyed by their names below it (e.g. 城北乡桃园村)."""
        below: dict[int | None, list[_Node]] = defaultdict(list)
        for node in self.nodes.values():
            below[node.parent_id].append(node)
        names: dict[str, int] = {}
        stack = [(child, child.display_name) for child in below.get(anchor, [])]
        while stack:
            node, path = stack.pop()
            if level is None or node.level == level:
                names[path] = node.pk
            stack.extend((c, path + c.display_name) for c in below.get(node.pk, []))
        return names

    def _chain(self, pk: int) -> list[_Node]:
        chain = []
        node: _Node | None = self.nodes[pk]
        while node is not None:
            chain.append(node)
            node = self.nodes.get(node.parent_id) if node.parent_id else None
        return list(reversed(chain))

    @staticmethod
    def _level_label(level: str | None) -> str:
        from .models import Level

        return str(Level(level).label) if level in LEVEL_ORDER else "-"


def resolve_region(text: str, *, level: str | None = None) -> Region:
    """Resolve one name; build a RegionResolver yourself to resolve many."""
    return RegionResolver().resolve(text, level=level)
