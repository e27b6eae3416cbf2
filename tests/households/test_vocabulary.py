"""The import vocabulary: real files' spellings accepted through synonyms the
city office keeps; an unknown word still refused, with the nearest word offered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.access import SYSTEM
from apps.households.imports import ImportRejected, import_households
from apps.households.models import (
    ChoiceSynonym,
    Household,
    LabourCapacity,
    Member,
    SchoolStatus,
)
from tests.helpers.workbooks import two_households

pytestmark = pytest.mark.django_db


def _import_with(household_file, **cells):
    rows = two_households()
    rows[2].update(cells)  # H0002's only member, row 4
    return import_households(path=household_file(rows), user=SYSTEM)


def _refusal(household_file, **cells) -> str:
    with pytest.raises(ImportRejected) as refused:
        _import_with(household_file, **cells)
    assert Household.objects.count() == 0 and Member.objects.count() == 0
    (problem,) = refused.value.problems
    assert problem.row == 4
    return f"{problem.column}|{problem.value}|{problem.reason}"


def test_the_defaults_accept_shixue_huo_chuoxue_without_the_admin(demo, household_file):
    assert not ChoiceSynonym.objects.exclude(note="默认").exists()  # nobody added any
    _import_with(household_file, 在校生状况="失学或辍学")
    member = Member.objects.get(household__number="H0002")
    assert member.school_status == SchoolStatus.DROPPED_OUT


def test_spacing_full_width_and_case_do_not_matter(demo, household_file):
    _import_with(
        household_file,
        在校生状况=" 失学 或 辍学\u3000",
        是否参加基本医疗保险="ｙ",
        劳动技能="普通劳动力 ",
    )
    member = Member.objects.get(household__number="H0002")
    assert member.school_status == SchoolStatus.DROPPED_OUT
    assert member.has_medical_insurance is True
    assert member.labour_capacity == LabourCapacity.ORDINARY


def test_an_unknown_word_is_refused_with_the_nearest_accepted_word(demo, household_file):
    text = _refusal(household_file, 在校生状况="辍学了")
    assert text.startswith("在校生状况|辍学了|不是可接受的取值")
    assert "最接近的可接受取值：辍学" in text and "可选：" in text


def test_an_unknown_word_with_nothing_near_names_the_choices(demo, household_file):
    text = _refusal(household_file, 健康状况="？？？")
    assert "最接近" not in text and "可选：健康、长期慢性病" in text


def test_a_yes_no_column_names_its_words_too(demo, household_file):
    text = _refusal(household_file, 是否参加基本医疗保险="可能")
    assert "应填“是”或“否”" in text


def test_a_synonym_the_city_office_adds_is_accepted_at_the_next_import(demo, household_file):
    assert "不是可接受的取值" in _refusal(household_file, 劳动技能="弱劳动力")
    ChoiceSynonym.objects.create(
        column="labour_capacity", word="弱劳动力", value=LabourCapacity.ORDINARY
    )
    _import_with(household_file, 劳动技能="弱劳动力")
    assert Member.objects.get(household__number="H0002").labour_capacity == "ordinary"


def test_a_synonym_must_name_a_code_of_its_column_and_not_redefine_a_term(demo):
    with pytest.raises(ValidationError) as wrong_code:
        ChoiceSynonym(column="health", word="病了", value="dropped_out").full_clean()
    assert "value" in wrong_code.value.message_dict
    with pytest.raises(ValidationError) as clash:
        ChoiceSynonym(column="school_status", word="辍 学", value="primary").full_clean()
    assert "word" in clash.value.message_dict
    ChoiceSynonym(column="school_status", word="休学", value="dropped_out").full_clean()


def test_the_admin_offers_each_columns_answers_and_refuses_a_duplicate(login):
    client = login("city")
    page = client.get("/admin/households/choicesynonym/add/")
    assert page.status_code == 200
    assert "在校生状况：辍学" in page.content.decode()
    answer = client.post(
        "/admin/households/choicesynonym/add/",
        {"column": "school_status", "word": "失学或辍学 ", "value": "dropped_out", "note": ""},
    )
    assert answer.status_code == 200 and "已有" in answer.content.decode()
    assert ChoiceSynonym.objects.filter(normalised="失学或辍学").count() == 1


def test_county_staff_cannot_edit_the_vocabulary(login):
    assert login("wuchuan").get("/admin/households/choicesynonym/").status_code == 403
