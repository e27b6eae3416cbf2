"""Attachments that are not ranked tables: a table frozen into the draft."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSnapshot:
    """A table as the attachment prints it: its own heading, column headings
    and rows of text. Stored in the draft as it is when the draft is made, so
    the issued bulletin does not follow later changes to the records."""

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "columns": [str(c) for c in self.columns],
            "rows": [["" if v is None else str(v) for v in row] for row in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict) -> TableSnapshot:
        return cls(title=data["title"], columns=list(data["columns"]), rows=list(data["rows"]))
