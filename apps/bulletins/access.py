"""Who may draft, edit and issue bulletins."""

from apps.accounts.access import is_city_office


def can_edit_bulletins(user) -> bool:
    """Draft, edit and issue bulletins: the city office, which runs campaigns."""
    return is_city_office(user)
