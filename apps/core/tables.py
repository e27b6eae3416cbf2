"""django-tables2 columns for figures: counts as 1,606 (0 as 0), right-aligned."""

from __future__ import annotations

import django_tables2 as tables

from .numbers import format_count

RIGHT = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class CountColumn(tables.Column):
    """A whole number of households, people, files…: 1,606; 0 shows as 0."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", RIGHT)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_count(value)
