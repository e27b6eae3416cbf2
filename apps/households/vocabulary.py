"""What a choice or yes/no cell of the household import may say, read once per import.

The national terms (models.NATIONAL_TERMS) and the city office's synonyms
(models.ChoiceSynonym) make one lookup per column, keyed by the normalised
word. An unknown word is refused with the nearest accepted word suggested.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .columns import COLUMNS
from .models import NATIONAL_TERMS, ChoiceSynonym, VocabularyColumn, normalise_word
from .models.vocabulary import NO, YES

TRUE_WORDS = ("是", "有", "1", "true", "Y", "yes")
FALSE_WORDS = ("否", "无", "没有", "0", "false", "N", "no")
# The national system's usual other spellings, installed as editable synonyms.
DEFAULT_SYNONYMS: dict[str, dict[str, str]] = {
    "school_status": {
        "失学或辍学": "dropped_out",
        "辍学或失学": "dropped_out",
        "失学辍学": "dropped_out",
        "失辍学": "dropped_out",
        "非在校学生": "not_student",
        "不在校": "not_student",
        "学龄前": "preschool",
        "普通高中": "senior",
        "中职（中专）": "vocational",
        "中专": "vocational",
        "技校": "vocational",
        "高职（高专）": "higher_vocational",
        "高专": "higher_vocational",
        "本科": "college",
        "大学": "college",
        "研究生及以上": "college",
    },
    "health": {"慢性病": "chronic", "患大病": "serious", "残疾人": "disabled"},
    "labour_capacity": {"无劳动能力": "none", "丧失劳动能力": "lost"},
    "category": {"低保": "dibao", "特困供养": "destitute", "一般": "general"},
    "exit_status": {"未脱贫户": "not_lifted", "已脱贫户": "lifted", "已退出户": "exited"},
    "monitoring_status": {
        "否": "",
        "非监测对象": "",
        "脱贫不稳定": "unstable",
        "边缘易致贫": "marginal",
    },
    "sex": {"男性": "male", "女性": "female"},
    "yes_no": {"√": "true", "×": "false", "对": "true", "不是": "false"},
}
_CHOICES = {c.field: c.choices for c in COLUMNS if c.kind == "choice"}


def accepted_codes(column: str) -> set[str]:
    if column == VocabularyColumn.YES_NO:
        return {YES, NO}
    choices = _CHOICES.get(column)
    return {str(code) for code in choices.values} if choices else set()


def _national_words(column: str) -> dict[str, str]:
    """Display word → code for a column, as the national export writes it."""
    if column == VocabularyColumn.YES_NO:
        return {**dict.fromkeys(TRUE_WORDS, YES), **dict.fromkeys(FALSE_WORDS, NO)}
    return {word: str(code) for word, code in NATIONAL_TERMS[_CHOICES[column]].items() if word}


def national_value(column: str, normalised: str) -> str | None:
    for word, code in _national_words(column).items():
        if normalise_word(word) == normalised:
            return code
    return None


@dataclass
class ColumnWords:
    """One column's lookup: normalised word → code, and the words to offer."""

    codes: dict[str, str] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)  # the national words, in order
    spelled: dict[str, str] = field(default_factory=dict)  # normalised → as written

    def add(self, word: str, code: str, *, shown: bool) -> None:
        key = normalise_word(word)
        self.codes.setdefault(key, code)
        self.spelled.setdefault(key, word)
        if shown:
            self.shown.append(word)

    def lookup(self, text: str) -> str | None:
        return self.codes.get(normalise_word(text))

    def nearest(self, text: str) -> str | None:
        """The accepted word closest to ``text``: one containing it or contained
        in it first (辍学了 → 辍学), else the closest by difflib's ratio."""
        key = normalise_word(text)
        if not key:
            return None
        inside = [w for w in self.codes if w and (w in key or key in w)]
        if inside:
            return self.spelled[max(inside, key=len)]
        close = difflib.get_close_matches(key, list(self.codes), n=1, cutoff=0.34)
        return self.spelled[close[0]] if close else None


class Vocabulary(dict[str, ColumnWords]):
    def for_column(self, column) -> ColumnWords:
        return self[VocabularyColumn.YES_NO if column.kind == "bool" else column.field]


def load_vocabulary() -> Vocabulary:
    """National terms and every synonym, in one query."""
    vocabulary = Vocabulary()
    for column in VocabularyColumn.values:
        words = vocabulary[column] = ColumnWords()
        for word, code in _national_words(column).items():
            words.add(word, code, shown=True)
    for column, word, code in ChoiceSynonym.objects.values_list("column", "word", "value"):
        if column in vocabulary:
            vocabulary[column].add(word, code, shown=False)
    return vocabulary


def vocabulary_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The codes a synonym may stand for, grouped by column, each named by its
    first national word (what the admin offers)."""
    groups = []
    for column, label in VocabularyColumn.choices:
        first: dict[str, str] = {}
        for word, code in _national_words(column).items():
            first.setdefault(code, word)
        if column != VocabularyColumn.YES_NO and "" in accepted_codes(column):
            first.setdefault("", "（空）")
        groups.append((label, [(code, f"{label}：{word}") for code, word in first.items()]))
    return groups


def install_default_synonyms(*, model=ChoiceSynonym) -> int:
    """Add the default synonyms the table lacks; never changes an edited one."""
    rows = [
        model(column=column, word=word, normalised=normalise_word(word), value=value, note="默认")
        for column, words in DEFAULT_SYNONYMS.items()
        for word, value in words.items()
    ]
    return len(model.objects.bulk_create(rows, ignore_conflicts=True))
