"""Import vocabulary: the words a choice column of the household import accepts
beyond the national terms (``NATIONAL_TERMS``), kept as data the city office edits.

Real files spell the same answer many ways (``失学或辍学``, ``Ｙ``, ``是 ``); a
synonym maps one spelling to a stored code. Words are compared normalised
(full-width folded, spaces removed, case ignored), so a synonym need not be
entered once per spacing. Nothing is guessed: a word neither a term nor a
synonym is still an error, with the nearest accepted word suggested.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalise_word(word: str) -> str:
    """The form words are compared in: NFKC (全角 → 半角), no whitespace, case-folded."""
    folded = unicodedata.normalize("NFKC", str(word))
    return "".join(folded.split()).casefold()


class VocabularyColumn(models.TextChoices):
    """The import columns a synonym can belong to (yes/no columns share one list)."""

    CATEGORY = "category", "贫困户属性"
    EXIT_STATUS = "exit_status", "脱贫属性"
    MONITORING_STATUS = "monitoring_status", "监测对象类型"
    SEX = "sex", "性别"
    SCHOOL_STATUS = "school_status", "在校生状况"
    HEALTH = "health", "健康状况"
    LABOUR_CAPACITY = "labour_capacity", "劳动技能"
    YES_NO = "yes_no", "是否类列（是/否）"


YES, NO = "true", "false"  # the stored values of a yes/no synonym


class ChoiceSynonym(models.Model):
    column = models.CharField(_("column"), max_length=32, choices=VocabularyColumn.choices)
    word = models.CharField(
        _("word as written"),
        max_length=40,
        help_text=_("Compared without spaces, full-width characters folded, case ignored."),
    )
    normalised = models.CharField(_("normalised word"), max_length=40, editable=False)
    value = models.CharField(
        _("stands for"),
        max_length=32,
        help_text=_("The stored code of the accepted answer (the list shows them)."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("import synonym")
        verbose_name_plural = _("import synonyms")
        ordering = ["column", "normalised"]
        constraints = [
            models.UniqueConstraint(
                fields=["column", "normalised"],
                name="synonym_once_per_column",
                violation_error_message=_("This column already has this word."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_column_display()}：{self.word}"

    def save(self, *args, **kwargs):
        self.normalised = normalise_word(self.word)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        from ..vocabulary import accepted_codes, national_value

        self.normalised = normalise_word(self.word or "")
        if not self.normalised:
            raise ValidationError({"word": _("A synonym cannot be empty.")})
        if self.column and self.value not in accepted_codes(self.column):
            raise ValidationError({"value": _("Not a code of this column.")})
        # ``normalised`` is not a form field, so the constraint is not validated for us.
        taken = ChoiceSynonym.objects.filter(column=self.column, normalised=self.normalised)
        if taken.exclude(pk=self.pk).exists():
            raise ValidationError({"word": _("This column already has this word.")})
        clash = national_value(self.column, self.normalised) if self.column else None
        if clash is not None and clash != self.value:
            raise ValidationError(
                {"word": _("This word is a national term of this column with another meaning.")}
            )
