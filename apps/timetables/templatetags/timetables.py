from django import template

from ..exports import phase_window, state_label

register = template.Library()

BADGES = {
    "completed": "text-bg-success",
    "overdue": "text-bg-danger",
    "partly_done": "text-bg-warning",
    "not_started": "text-bg-secondary",
}
ROWS = {"completed": "table-success", "overdue": "table-danger"}


@register.filter
def state_name(state: str) -> str:
    return state_label(state)


@register.filter
def state_badge(state: str) -> str:
    return BADGES.get(state, "text-bg-light")


@register.filter
def state_row(state: str) -> str:
    return ROWS.get(state, "")


@register.filter
def window(phase) -> str:
    return phase_window(phase)
