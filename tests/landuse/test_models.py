import pytest
from django.core.exceptions import ValidationError

from landuse.models import IdlePlot
from tests.factories import utm_box

pytestmark = pytest.mark.django_db


def test_plot_area_is_computed_in_metres(kelurahan):
    plot = IdlePlot.objects.create(kelurahan=kelurahan, geom=utm_box(10, 10, 60, 50))
    plot.refresh_from_db()
    assert plot.area_m2 == pytest.approx(2000, rel=1e-6)
    assert plot.area_ha == pytest.approx(0.2, rel=1e-6)


def test_plot_takes_the_rt_it_lies_in(rt):
    plot = IdlePlot(kelurahan=rt.rw.kelurahan, geom=utm_box(10, 10, 60, 50))
    plot.full_clean()
    assert plot.rt == rt


def test_plot_outside_its_kelurahan_is_rejected(kelurahan):
    plot = IdlePlot(kelurahan=kelurahan, geom=utm_box(1900, 10, 2100, 50))
    with pytest.raises(
        ValidationError, match=r"outside Kelurahan Rejomulyo, up to 100 m"
    ):
        plot.full_clean()
