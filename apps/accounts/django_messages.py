"""Django's own messages that its zh_Hans catalogue does not translate.

Django 5.2's MinimumLengthValidator writes its error with ``%d`` while the
zh_Hans catalogue it ships still has the older ``%(min_length)d`` text, so the
message would appear in English. Written out here so that ``make messages``
keeps them in the portal's catalogue, which is searched first.
"""

from django.utils.translation import ngettext


def _for_makemessages() -> None:  # pragma: no cover - never called
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
