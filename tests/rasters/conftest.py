import pytest

from tests.factories import UserFactory
from spatial.models import Role


@pytest.fixture
def lurah(kelurahan):
    return UserFactory(role=Role.LURAH, role__kelurahan=kelurahan)


@pytest.fixture
def admin(db):
    return UserFactory(role=Role.CITY_ADMIN)
