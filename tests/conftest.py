import pytest
from django.utils import translation

from spatial.models import Role
from tests.factories import (
    HouseholdFactory,
    IdlePlotFactory,
    KelurahanFactory,
    RTFactory,
    RWFactory,
    UserFactory,
    WastePointFactory,
)
from tests.surveys.fixtures import survey_area  # noqa: F401 - a shared fixture


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness buys nothing in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Uploaded survey files are kept for audit; in tests, not in the work tree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english_messages():
    # Messages are asserted in their English source; the Indonesian UI is
    # covered by the page tests, where the locale middleware picks it.
    with translation.override("en"):
        yield


@pytest.fixture
def kelurahan(db):
    return KelurahanFactory(name="Rejomulyo", slug="rejomulyo")


@pytest.fixture
def other_kelurahan(db, kelurahan):
    from tests.factories import utm_box

    return KelurahanFactory(
        kecamatan=kelurahan.kecamatan,
        name="Margodadi",
        slug="margodadi",
        geom=utm_box(2000, 0, 4000, 2000),
    )


@pytest.fixture
def rt(kelurahan):
    rw = RWFactory(kelurahan=kelurahan, number=1)
    return RTFactory(rw=rw, number=1)


@pytest.fixture
def other_rt(other_kelurahan):
    from tests.factories import utm_box

    rw = RWFactory(
        kelurahan=other_kelurahan, number=1, geom=utm_box(2000, 0, 3000, 1000)
    )
    return RTFactory(rw=rw, number=1, geom=utm_box(2000, 0, 2500, 500))


@pytest.fixture
def users(kelurahan):
    return {
        "admin": UserFactory(role=Role.CITY_ADMIN),
        "lurah": UserFactory(role=Role.LURAH, role__kelurahan=kelurahan),
        "surveyor": UserFactory(role=Role.SURVEYOR, role__kelurahan=kelurahan),
        "planner": UserFactory(role=Role.PLANNER),
        "granted_planner": UserFactory(role=Role.PLANNER, role__granted=True),
    }


@pytest.fixture
def household(rt):
    return HouseholdFactory(rt=rt)


@pytest.fixture
def plot(kelurahan):
    return IdlePlotFactory(kelurahan=kelurahan)


@pytest.fixture
def waste_point(kelurahan):
    return WastePointFactory(kelurahan=kelurahan)


@pytest.fixture(autouse=True)
def empty_tile_cache():
    # Generations roll back with each test's transaction, so a tile cached in
    # one test could carry the same key as another test's.
    from django.core.cache import caches

    from spatial import compiled

    caches["tiles"].clear()
    # Compiled statements too, so that no test reads one an earlier test
    # compiled under settings or patches of its own.
    compiled.clear_all()
