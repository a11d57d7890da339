import pytest

from tests.factories import RTFactory, utm_box


@pytest.fixture
def rt2(rt):
    """RT 002 of RW 001, east of RT 001 (the shared ``rt``: 0–500 m square)."""
    return RTFactory(rw=rt.rw, number=2, geom=utm_box(500, 0, 1000, 500))
