from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """Evidence files (佐证材料): the base model, content checks, storing and
    serving. Low in the layering: it knows no app whose records it proves."""

    name = "apps.evidence"
    label = "evidence"
    default_auto_field = "django.db.models.BigAutoField"
