"""Django's own messages that its zh_Hans catalogue does not translate.

Django 5.2's MinimumLengthValidator writes its error with ``%d`` while the
zh_Hans catalogue it ships still has the older ``%(min_length)d`` text, so the
message would appear in English; and the admin's zh_Hans catalogue has no
entry yet for the tab title "Error:", the screen-reader table headers of its
index and a few more. Written out here so that ``make messages`` keeps them
in the portal's catalogue, which is searched first.

The admin's JavaScript messages it lacks (the two-list selector's "Choose
all %s" …) are in ``locale/zh_Hans/LC_MESSAGES/djangojs.po``, kept by hand:
``make messages`` rebuilds only the ``django`` domain, and the admin's
JavaScript catalogue (/admin/jsi18n/) reads LOCALE_PATHS too.
"""

from django.utils.translation import gettext_noop, ngettext


def _for_makemessages() -> None:  # pragma: no cover - never called
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
    # django/contrib/admin/templates/admin/
    gettext_noop("Error:")  # change_form.html, the tab title of a refused form
    gettext_noop("Model name")  # app_list.html, visually-hidden headers
    gettext_noop("Add link")
    gettext_noop("Change or view list link")
    gettext_noop("Forgotten your login credentials?")  # login.html
    gettext_noop("In case you’ve forgotten, you are:")  # login.html, logged in elsewhere
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options.")
