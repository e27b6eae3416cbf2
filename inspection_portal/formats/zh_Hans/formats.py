from apps.core.dates import DATE_INPUT_FORMATS as DATE_INPUT_FORMATS  # noqa: F401
