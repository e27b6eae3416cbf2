"""The Chinese UI has no English leftovers: every message id in the catalogue
is translated (not fuzzy), every literal message in the Python code reaches
the catalogue, and every model field has a Chinese verbose name."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# The admin's JavaScript messages Django leaves untranslated, kept by hand.
JS_CATALOGUE = CATALOGUE.with_name("djangojs.po")
CJK = re.compile(r"[\u4e00-\u9fff]")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def parse_po(text: str) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (one string
    per plural form) and whether it is fuzzy. Obsolete (#~) entries are skipped."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry: dict = {"fuzzy": False, "msgctxt": None, "msgid_plural": None, "msgstr": []}
        current: list[str] = []
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
            elif line.startswith('"'):
                current.append(line)  # continuation of the keyword above
            elif line and not line.startswith("#"):
                keyword, _, rest = line.partition(" ")
                current = [rest]
                if keyword.startswith("msgstr"):
                    entry["msgstr"].append(current)
                else:
                    entry[keyword] = current
        if "msgid" not in entry:
            continue
        for name in ("msgctxt", "msgid", "msgid_plural"):
            if entry[name] is not None:
                entry[name] = _unquote(entry[name])
        entry["msgstr"] = [_unquote(form) for form in entry["msgstr"]]
        entries.append(entry)
    return entries


def catalogue(path: Path = CATALOGUE) -> list[dict]:
    return [e for e in parse_po(path.read_text(encoding="utf-8")) if e["msgid"]]


@pytest.mark.parametrize("path", [CATALOGUE, JS_CATALOGUE], ids=lambda p: p.name)
def test_every_catalogue_entry_is_translated_and_not_fuzzy(path):
    untranslated = [
        e["msgid"] for e in catalogue(path) if e["fuzzy"] or not all(f.strip() for f in e["msgstr"])
    ]
    assert untranslated == [], f"untranslated or fuzzy in {path.name}: {untranslated}"


def test_the_po_parser_sees_empty_fuzzy_and_plural_entries():
    # The completeness test can only fail if the parser notices these.
    text = (
        'msgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "乙"\n\n'
        'msgctxt "x"\nmsgid "c"\nmsgid_plural "cs"\nmsgstr[0] ""\n"丙"\n'
    )
    a, b, c = parse_po(text)
    assert (a["msgstr"], a["fuzzy"]) == ([""], False)
    assert b["fuzzy"] is True
    assert (c["msgctxt"], c["msgid_plural"], c["msgstr"]) == ("x", "cs", ["丙"])


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_messages(path: Path):
    """(line, context, msgid) of each gettext call with literal arguments."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name in GETTEXT and _literal(node.args[0]) is not None:
            yield node.lineno, None, _literal(node.args[0])
        elif name in PGETTEXT and len(node.args) > 1 and _literal(node.args[1]) is not None:
            yield node.lineno, _literal(node.args[0]), _literal(node.args[1])


def test_every_message_in_the_python_code_is_in_the_catalogue():
    # xgettext skips gettext calls inside f-strings: those stayed English.
    known = {(e["msgctxt"], e["msgid"]) for e in catalogue()}
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {msgid!r}"
        for folder in ("apps", "inspection_portal")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
        for line, context, msgid in python_messages(path)
        if (context, msgid) not in known
    ]
    assert missing == []


# The automatic primary key ("ID") is never shown in a form or a table.
NOT_USER_FACING = {"id"}


def project_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("apps."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.name not in NOT_USER_FACING:
                yield model, field


@pytest.mark.parametrize("language", ["zh-hans"])
def test_every_model_field_has_a_chinese_verbose_name(language):
    with translation.override(language):
        english = [
            f"{model._meta.label}.{field.name}: {str(field.verbose_name)!r}"
            for model, field in project_fields()
            if not CJK.search(str(field.verbose_name))
        ]
    assert english == []


def test_import_problems_column_heading_is_lie():
    # "Column" once read 阶段 (a timetable's word). Called through an alias so
    # that makemessages does not collect this test's strings.
    zh = translation.gettext
    with translation.override("zh-hans"):
        assert zh("Column") == "列"


TEMPLATES = ROOT / "templates"
# Text inside these reaches the catalogue; comments are not shown.
TRANSLATED_OR_HIDDEN = re.compile(
    r"{%\s*(?:translate|trans)\s[^%]*%}"
    r"|{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{#.*?#}",
    re.S,
)
# Units are written as the offices write them, in every language (like %).
UNITS = re.compile(r"""\|amount:["'](?:元|万元)["']""")
# Document text, not interface: the bulletin (GB/T 9704) and its on-screen
# preview use the document's own words.
DOCUMENT_TEXT = {
    "bulletins/pdf.html": None,  # the whole document
    "bulletins/briefing.html": None,  # the 简报's own layout, likewise
    "bulletins/detail.html": {"签发人", "附件"},  # the preview's 签发人： and 附件：
}


def cjk_literals(source: str) -> list[str]:
    """Runs of Chinese in a template outside translation tags and comments."""
    visible = UNITS.sub("", TRANSLATED_OR_HIDDEN.sub("", source))
    return re.findall(r"[\u4e00-\u9fff]+", visible)


def test_the_template_check_sees_literals_and_not_translations():
    source = (
        '{% translate "Rank" %} {% blocktranslate %}x 通报{% endblocktranslate %}'
        '{# 注释 #}{{ v|amount:"元" }}<th>排名</th>{{ v|default:"无" }}'
    )
    assert cjk_literals(source) == ["排名", "无"]


def test_templates_have_no_chinese_outside_translation_tags():
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        allowed = DOCUMENT_TEXT.get(name, set())
        if allowed is None:
            continue
        literals = [t for t in cjk_literals(path.read_text(encoding="utf-8")) if t not in allowed]
        if literals:
            found[name] = literals
    assert found == {}, "Chinese literals in templates (use {% translate %}): " + str(found)
