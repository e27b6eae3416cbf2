import pytest

from tests.helpers.matrix_objects import build_objects


@pytest.fixture
def objects(demo):
    """County A's and county B's objects for the permission matrices."""
    return build_objects()
