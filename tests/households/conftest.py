from pathlib import Path

import pytest

from tests.helpers.workbooks import write_rows


@pytest.fixture
def household_file(tmp_path):
    def make(rows: list[dict], name: str = "households.xlsx", headers=None) -> Path:
        return write_rows(tmp_path / name, rows, headers=headers)

    return make
