from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardsConfig(AppConfig):
    name = "apps.scorecards"
    verbose_name = _("Scorecards")

    def ready(self) -> None:
        from apps.audit.registry import audit

        audit("scorecards.Scorecard")
        audit("scorecards.Score")
        # Rankings: creation and publication (their rows are derived, not audited).
        audit("scorecards.Ranking", exclude=["computed_at"])
