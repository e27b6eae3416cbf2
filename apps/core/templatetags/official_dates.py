"""``official_date`` / ``official_datetime`` filters (built into every template,
see TEMPLATES in settings): 2020年11月20日 and 2020年11月20日 09:05; and
``date_param``, the 2020-11-20 that a date input's value and a link's
``?as_of=`` need (never shown as text)."""

from django import template

from ..dates import date_param, official_date, official_datetime

register = template.Library()

# expects_localtime: an aware datetime arrives in the current time zone, as with ``date``.
register.filter("official_date", official_date, expects_localtime=True)
register.filter("official_datetime", official_datetime, expects_localtime=True)
register.filter("date_param", date_param)
