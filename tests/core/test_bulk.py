"""Fast inserts: COPY batches sent from a helper thread stay inside the
caller's transaction — later queries see them, a failing batch undoes all."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from apps.core import bulk
from apps.core.bulk import copies_in_background, insert_rows
from apps.households.models import AssistingUnit

pytestmark = pytest.mark.django_db


def test_a_query_after_a_background_copy_sees_its_rows(on_postgres, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 1)  # a COPY per 4 rows: several in flight
    before = AssistingUnit.objects.count()
    with transaction.atomic(), copies_in_background():
        insert_rows(AssistingUnit, ("name",), [(f"单位{n}",) for n in range(40)])
        assert AssistingUnit.objects.count() == before + 40
    assert AssistingUnit.objects.filter(name="单位39").exists()


def test_a_failing_background_copy_rolls_the_transaction_back(on_postgres, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 1)
    AssistingUnit.objects.create(name="已有单位")
    before = set(AssistingUnit.objects.values_list("name", flat=True))
    rows = [(f"单位{n}",) for n in range(12)] + [("已有单位",)]  # the last batch collides
    with pytest.raises(IntegrityError), transaction.atomic(), copies_in_background():
        insert_rows(AssistingUnit, ("name",), rows)
    assert set(AssistingUnit.objects.values_list("name", flat=True)) == before


def test_without_a_helper_thread_rows_are_written_as_before(db):
    before = AssistingUnit.objects.count()
    with transaction.atomic(), copies_in_background():
        insert_rows(AssistingUnit, ("name",), [("甲",), ("乙",)])
    assert AssistingUnit.objects.count() == before + 2
