import pytest

from spatial.models import Role
from tests.factories import UserFactory


@pytest.fixture
def lurah(kelurahan):
    return UserFactory(role=Role.LURAH, role__kelurahan=kelurahan)


@pytest.fixture
def admin(db):
    return UserFactory(role=Role.CITY_ADMIN)
