"""Factories building the Kecamatan → Kelurahan → RW → RT chain with explicit
geometries, drawn in metres in UTM 48S around Kota Metro. Every object they
make is valid: it passes the model's full_clean (inside its parent, not over
its siblings, a household inside its RT) before it is saved."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from households.models import Household
from landuse.models import IdlePlot
from spatial.measure import UTM_48S, WGS84
from spatial.models import RT, RW, Kecamatan, Kelurahan, Profile, Role
from waste.models import Kind, Status, WastePoint

X0, Y0 = 530_000, 9_434_000  # UTM 48S, near the centre of Kota Metro


class ValidFactory(factory.django.DjangoModelFactory):
    """Saves only what the model's own rules accept, as the app does."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.full_clean()
        obj.save()
        return obj


def utm_ring(x0, y0, x1, y1):
    """A closed rectangle in UTM 48S, given in metres from (X0, Y0)."""
    return [
        (X0 + x0, Y0 + y0),
        (X0 + x1, Y0 + y0),
        (X0 + x1, Y0 + y1),
        (X0 + x0, Y0 + y1),
        (X0 + x0, Y0 + y0),
    ]


def utm_box(x0, y0, x1, y1):
    """A MultiPolygon in WGS 84 from a rectangle given in metres from (X0, Y0)."""
    geom = MultiPolygon(Polygon(utm_ring(x0, y0, x1, y1)), srid=UTM_48S)
    geom.transform(WGS84)
    return geom


def utm_point(x, y):
    geom = Point(X0 + x, Y0 + y, srid=UTM_48S)
    geom.transform(WGS84)
    return geom


class KecamatanFactory(ValidFactory):
    class Meta:
        model = Kecamatan

    name = factory.Sequence(lambda n: f"Kecamatan {n}")
    code = factory.Sequence(lambda n: f"18.72.{n:02d}")
    slug = factory.Sequence(lambda n: f"kecamatan-{n}")
    geom = factory.LazyFunction(lambda: utm_box(0, 0, 4000, 4000))


class KelurahanFactory(ValidFactory):
    class Meta:
        model = Kelurahan

    kecamatan = factory.SubFactory(KecamatanFactory)
    name = factory.Sequence(lambda n: f"Kelurahan {n}")
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.kecamatan.code}.{1000 + n}")
    slug = factory.Sequence(lambda n: f"kelurahan-{n}")
    geom = factory.LazyFunction(lambda: utm_box(0, 0, 2000, 2000))


class RWFactory(ValidFactory):
    class Meta:
        model = RW

    kelurahan = factory.SubFactory(KelurahanFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"RW {o.number:03d}")
    code = factory.LazyAttribute(lambda o: f"{o.kelurahan.code}.{o.number:03d}")
    slug = factory.LazyAttribute(lambda o: f"rw-{o.number:03d}")
    geom = factory.LazyFunction(lambda: utm_box(0, 0, 1000, 1000))


class RTFactory(ValidFactory):
    class Meta:
        model = RT

    rw = factory.SubFactory(RWFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"RT {o.number:03d}")
    code = factory.LazyAttribute(lambda o: f"{o.rw.code}.{o.number:03d}")
    slug = factory.LazyAttribute(lambda o: f"rt-{o.number:03d}")
    geom = factory.LazyFunction(lambda: utm_box(0, 0, 500, 500))


class HouseholdFactory(ValidFactory):
    class Meta:
        model = Household

    rt = factory.SubFactory(RTFactory)
    kelurahan = factory.LazyAttribute(lambda o: o.rt.rw.kelurahan)
    # Inside its RT, wherever that RT lies.
    geom = factory.LazyAttribute(lambda o: o.rt.geom.point_on_surface)
    head_name = factory.Sequence(lambda n: f"Budi Santoso {n}")
    kk_numbers = factory.Sequence(lambda n: [f"1872{n:012d}"])
    members = 4
    address = "Jl. Mawar No. 12"


class IdlePlotFactory(ValidFactory):
    class Meta:
        model = IdlePlot

    kelurahan = factory.SubFactory(KelurahanFactory)
    geom = factory.LazyFunction(lambda: utm_box(100, 100, 150, 140))
    status = "verified"
    owner_name = "Siti Aminah"


class WastePointFactory(ValidFactory):
    class Meta:
        model = WastePoint

    kelurahan = factory.SubFactory(KelurahanFactory)
    geom = factory.LazyFunction(lambda: utm_point(300, 300))
    kind = Kind.TPS
    status = Status.ACTIVE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        obj.save()
        if extracted:
            Profile.objects.create(
                user=obj,
                role=extracted,
                kelurahan=kwargs.get("kelurahan"),
                personal_data_granted=kwargs.get("granted", False),
            )


__all__ = ["Role"]
