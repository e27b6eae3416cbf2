# The English interface writes and reads dates the official way too (admin
# lists, date widgets); everything else stays Django's English.
from apps.core.dates import DATE_INPUT_FORMATS as DATE_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
