"""The ranked tables' cells for hand-written tables (dashboard, drill-down),
rendered as the ranked table renders them: ``{{ row|rank_cell }}``,
``{{ row|score_cell }}``, ``{{ row.rating|rating_cell }}``."""

from django import template

from ..tables import rank_cell as _rank_cell
from ..tables import rating_cell as _rating_cell
from ..tables import score_cell as _score_cell

register = template.Library()
register.filter("rank_cell", _rank_cell)
register.filter("score_cell", _score_cell)
register.filter("rating_cell", _rating_cell)
