import pytest

from apps.accounts.models import User
from apps.regions.models import Region


@pytest.fixture
def wuchuan_village(demo) -> Region:
    return Region.objects.get(name="名利村", county__name="吴川市")


@pytest.fixture
def leizhou_village(demo) -> Region:
    return Region.objects.filter(level="village", county__name="雷州市").order_by("pk").first()


@pytest.fixture
def user(demo):
    return lambda username: User.objects.get(username=username)
