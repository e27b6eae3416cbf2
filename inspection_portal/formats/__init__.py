"""Locale formats that override Django's (FORMAT_MODULE_PATH in settings): dates
are written 2020年11月20日 and typed 2020年11月20日 or 2020-11-20 in every
language (Django's zh_Hans input format "%Y年%n月%j日" matches no date at all)."""
