"""The household verification form (入户核查表) as data, and the checks of
a form definition and of one visit's answers against it.

A question is a dict: ``key`` (letters, digits, _), ``label``, ``kind`` and
``required``; ``choices`` for a choice; ``members`` ("all" or "school_age")
for a per-member yes/no; ``finding_category`` (a FindingCategory name) for a
guarantee whose "no" proposes a finding; ``compare`` ("per_capita_income")
and ``gap`` (a fraction) for an income checked against the registry.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS = ("yesno", "members_yesno", "choice", "number", "text", "photo")
MEMBER_SETS = ("all", "school_age")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SATISFACTION = "satisfaction"

GUARANTEES = "“三保障”政策落实不够到位"
DATA_QUALITY = "扶贫数据信息不够精准"
VISIT_PROBLEM = "入户核查发现问题"


def default_questions() -> list[dict]:
    """Seed 000's 入户核查: the family, 两不愁三保障 as found (housing and water
    with a photo), income against the registry, assistance, satisfaction."""

    def q(key, label, kind, required=True, **extra):
        return {"key": key, "label": label, "kind": kind, "required": required, **extra}

    return [
        q("family_present", "家庭成员在家", "yesno"),
        q("food_clothing", "吃穿不愁", "yesno", finding_category=VISIT_PROBLEM),
        q(
            "education",
            "义务教育有保障（适龄成员）",
            "members_yesno",
            members="school_age",
            finding_category=GUARANTEES,
        ),
        q(
            "medical",
            "基本医疗有保障（每位成员）",
            "members_yesno",
            members="all",
            finding_category=GUARANTEES,
        ),
        q("housing", "住房安全有保障", "yesno", finding_category=GUARANTEES),
        q("housing_photo", "住房照片", "photo"),
        q("water", "饮水安全有保障", "yesno", finding_category=GUARANTEES),
        q("water_photo", "饮水照片", "photo"),
        q(
            "income",
            "核实人均纯收入（元）",
            "number",
            compare="per_capita_income",
            gap="0.2",
            finding_category=DATA_QUALITY,
        ),
        q("assistance", "享受的帮扶措施", "text", required=False),
        q(SATISFACTION, "满意度", "choice", choices=["满意", "基本满意", "不满意"]),
        q("remarks", "备注", "text", required=False),
    ]


def check_questions(questions: object) -> None:
    """Refuse a malformed form definition, naming every bad question."""
    if not isinstance(questions, list) or not questions:
        raise ValidationError({"questions": _("The form needs a list of questions.")})
    problems = []
    seen = set()
    for number, question in enumerate(questions, start=1):
        if not isinstance(question, dict):
            problems.append(_("Question %(n)s is not an object.") % {"n": number})
            continue
        key = question.get("key", "")
        where = _("Question %(n)s (%(key)s)") % {"n": number, "key": key}
        if not isinstance(key, str) or not KEY.match(key) or key in seen:
            problems.append(
                _("%(where)s: the key is missing, malformed or repeated.") % {"where": where}
            )
        seen.add(key)
        if not question.get("label"):
            problems.append(_("%(where)s: the label is missing.") % {"where": where})
        kind = question.get("kind")
        if kind not in KINDS:
            problems.append(
                _("%(where)s: the kind must be one of %(kinds)s.")
                % {"where": where, "kinds": "、".join(KINDS)}
            )
        if kind == "choice" and not (
            isinstance(question.get("choices"), list) and question["choices"]
        ):
            problems.append(_("%(where)s: a choice needs its choices.") % {"where": where})
        if kind == "members_yesno" and question.get("members") not in MEMBER_SETS:
            problems.append(_("%(where)s: members must be all or school_age.") % {"where": where})
    if problems:
        raise ValidationError({"questions": problems})


def clean_answers(
    questions: list[dict],
    answers: object,
    *,
    members: dict[str, list[int]],
    photo_keys: set[str],
) -> tuple[dict, dict[str, list[str]]]:
    """The answers as stored, and per question key the reasons it is refused
    (all of them in one pass). ``members`` gives per question key the member
    ids a per-member question must answer for; ``photo_keys`` the questions
    that came with a photo."""
    if not isinstance(answers, dict):
        return {}, {"__all__": [_("The answers are not readable.")]}
    cleaned: dict = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        key, kind = question["key"], question["kind"]
        value = answers.get(key)
        label = question["label"]
        ids = members.get(key, [])
        if kind == "photo":
            if question.get("required") and key not in photo_keys:
                errors[key] = [_("%(label)s: a photo is required.") % {"label": label}]
            continue
        if value in (None, "", {}):
            if question.get("required") and not (kind == "members_yesno" and not ids):
                errors[key] = [_("%(label)s: this answer is required.") % {"label": label}]
            continue
        try:
            cleaned[key] = _clean_value(question, value, ids)
        except ValueError as exc:
            errors[key] = [f"{label}：{exc}"]
    unknown = set(answers) - {q["key"] for q in questions}
    if unknown:
        errors["__all__"] = [
            _("Answers to questions the form does not have: %(keys)s")
            % {"keys": "、".join(sorted(unknown))}
        ]
    return cleaned, errors


def _clean_value(question: dict, value, members: list[int]):
    kind = question["kind"]
    if kind == "yesno":
        if not isinstance(value, bool):
            raise ValueError(_("answer yes or no."))
        return value
    if kind == "members_yesno":
        if not isinstance(value, dict):
            raise ValueError(_("answer for each member."))
        answered = {str(k): v for k, v in value.items()}
        missing = [m for m in members if not isinstance(answered.get(str(m)), bool)]
        if missing and question.get("required"):
            raise ValueError(_("answer yes or no for every member."))
        if set(answered) - {str(m) for m in members}:
            raise ValueError(_("an answer names someone who is not a member."))
        return answered
    if kind == "choice":
        if value not in question["choices"]:
            raise ValueError(
                _("choose one of %(choices)s.") % {"choices": "、".join(question["choices"])}
            )
        return value
    if kind == "number":
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(_("enter a number.")) from None
        if not number.is_finite() or number < 0 or number > Decimal("10000000"):
            raise ValueError(_("enter a number between 0 and 10 000 000."))
        return str(number.quantize(Decimal("0.01")))
    text = str(value).strip()
    if len(text) > 2000:
        raise ValueError(_("at most 2 000 characters."))
    return text
