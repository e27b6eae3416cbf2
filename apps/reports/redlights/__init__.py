"""Red lights (亮红灯): the national system's suspicious-data checks as rules.

- ``base``: the rule type, the context (date, poverty line) and the building blocks;
- ``catalogue``: the rule list itself (data);
- ``engine``: the households a rule flags and the conditional counts;
- ``pivot``: flagged households per rule × child region, and per rule;
- ``cache``: the pivot's counts kept until the registry changes.
"""

from .base import GROUPS, Context, NotImplementedCheck, Rule
from .cache import PIVOT_CACHE_SECONDS, registry_fingerprint
from .catalogue import BY_CODE, NOT_IMPLEMENTED, RULES
from .engine import flagged_households, rule_for
from .pivot import Pivot, PivotRow, pivot, rule_counts

__all__ = [
    "BY_CODE",
    "GROUPS",
    "NOT_IMPLEMENTED",
    "PIVOT_CACHE_SECONDS",
    "RULES",
    "Context",
    "NotImplementedCheck",
    "Pivot",
    "PivotRow",
    "Rule",
    "flagged_households",
    "pivot",
    "registry_fingerprint",
    "rule_counts",
    "rule_for",
]
