"""django-tables2 columns for figures: counts as 1,606 (0 as 0), right-aligned; and
the per-cell signature look-up cached (``install_cached_signature``)."""

from __future__ import annotations

import functools

import django_tables2 as tables
import django_tables2.utils

from .numbers import format_count

RIGHT = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class CountColumn(tables.Column):
    """A whole number of households, people, files…: 1,606; 0 shows as 0."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", RIGHT)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_count(value)


# --- django-tables2's per-cell signature look-up, cached ---------------------------------

_uncached_signature = tables.utils.signature


@functools.lru_cache(maxsize=2048)
def _function_signature(function) -> tuple[tuple[str, ...], str | None]:
    arguments, keywords = _uncached_signature(function)
    return arguments[1:], keywords  # without self (or cls): the method is called bound


def cached_signature(fn) -> tuple[tuple[str, ...], str | None]:
    """``django_tables2.utils.signature`` keyed on the method's function.

    django-tables2 inspects the signature of every ``render_*`` method and
    column ``render`` for every cell (``inspect.signature`` each time): a
    quarter of a 50-row page's time. Bound methods are new objects per table,
    so the cache is keyed on the underlying function (a fixed set); anything
    else (a partial, a plain callable) goes the uncached way."""
    function = getattr(fn, "__func__", None)
    if function is None or getattr(fn, "__self__", None) is None:
        return _uncached_signature(fn)
    return _function_signature(function)


def install_cached_signature() -> None:
    """Called once from ``CoreConfig.ready``."""
    tables.utils.signature = cached_signature
