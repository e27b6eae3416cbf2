"""Print views: a page's ``?print=1`` twin, laid out for A4 (static/css/print.css).

The 打印 button on a page is a plain link to its print view, so it works
without JavaScript; the print view drops the navigation, the filters and the
buttons, shows every row (no pagination) and says what is printed — where and
as of when — under the title.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone

PRINT_PARAMETER = "print"


def is_print_view(request: HttpRequest) -> bool:
    return request.GET.get(PRINT_PARAMETER) == "1"


def print_context(request: HttpRequest, *, meta: list[str], dated: bool = True) -> dict:
    """What base.html and the print header need: whether this is the print view,
    the query strings of the print view and of the page it prints (the filters
    kept, the page number dropped: a print shows every row), and ``meta``, the
    lines under the title (region, dates), then the day it is printed unless
    ``dated`` is off (a page already as of that day says so itself)."""
    screen = request.GET.copy()
    screen.pop(PRINT_PARAMETER, None)
    printed = screen.copy()
    printed.pop("page", None)
    printed[PRINT_PARAMETER] = "1"
    return {
        "print_view": is_print_view(request),
        "print_query": printed.urlencode(),
        "screen_query": screen.urlencode(),
        "print_meta": meta,
        "printed_on": today() if dated else None,
    }


def today() -> datetime.date:
    return timezone.localdate()
