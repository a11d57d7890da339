"""The rasters page, its endpoints and tiles, per role."""

import json

import numpy as np
import pytest
from django.contrib.gis.geos import Point
from morecantile import tms as matrices
from rasterio.io import MemoryFile

from landuse.models import IdlePlot
from rasters.models import Candidate, CandidateState, Raster
from rasters.services.imports import raster_import
from spatial.models import Role
from tests.factories import UserFactory, utm_point

from .rasters import CLASSES_CSV, square, write_raster

pytestmark = pytest.mark.django_db
WEB_MERCATOR = matrices.get("WebMercatorQuad")


@pytest.fixture
def land_cover(tmp_path, kelurahan, lurah):
    data = square(3, 1, dtype="uint8")
    return raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="landcover",
        file=write_raster(tmp_path / "lc.tif", data),
        name="lc.tif",
        classes=CLASSES_CSV,
        classes_name="c.csv",
    )


def tile_of(point: Point, z):
    return WEB_MERCATOR.tile(point.x, point.y, z)


def decoded(png):
    with MemoryFile(png) as memory, memory.open() as image:
        assert image.driver == "PNG"
        return image.read()


def rgba(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)) + (255,)


def test_a_land_cover_tile_is_a_png_in_the_class_colours(client, lurah, land_cover):
    client.force_login(lurah)
    tile = tile_of(utm_point(120, 280), 17)  # inside the Semak square
    response = client.get(f"/raster/{land_cover.pk}/ubin/17/{tile.x}/{tile.y}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    pixels = decoded(response.content)
    assert pixels.shape == (4, 256, 256)
    colours = {tuple(int(v) for v in p) for p in pixels.reshape(4, -1).T}
    expected = {rgba(c.colour) for c in land_cover.classes.filter(value__in=(1, 3))}
    assert expected <= colours


def test_an_ndvi_tile_is_green_where_vegetated(client, lurah, tmp_path, kelurahan):
    raster = raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="ndvi",
        file=write_raster(tmp_path / "n.tif", np.full((200, 200), 0.9, "float32")),
        name="n.tif",
    )
    client.force_login(lurah)
    tile = tile_of(utm_point(200, 200), 16)
    response = client.get(f"/raster/{raster.pk}/ubin/16/{tile.x}/{tile.y}.png")
    red, green, _blue, alpha = decoded(response.content)
    opaque = alpha == 255
    assert opaque.any() and (green[opaque] > red[opaque]).all()


def test_a_tile_beside_the_raster_is_empty(client, lurah, land_cover):
    client.force_login(lurah)
    tile = tile_of(utm_point(5000, 5000), 17)
    response = client.get(f"/raster/{land_cover.pk}/ubin/17/{tile.x}/{tile.y}.png")
    assert response.status_code == 204


@pytest.mark.parametrize("who", ["public", "other lurah"])
def test_tiles_of_a_raster_one_may_not_see_are_not_found(
    client, land_cover, other_kelurahan, who
):
    if who == "other lurah":
        client.force_login(
            UserFactory(role=Role.LURAH, role__kelurahan=other_kelurahan)
        )
    tile = tile_of(utm_point(120, 280), 17)
    response = client.get(f"/raster/{land_cover.pk}/ubin/17/{tile.x}/{tile.y}.png")
    assert response.status_code in (403, 404)
    assert response["Content-Type"] != "image/png"


@pytest.mark.parametrize("role", ["surveyor", "planner", "admin"])
def test_roles_that_see_the_kelurahan_get_its_tiles(client, users, land_cover, role):
    client.force_login(users[role])
    tile = tile_of(utm_point(120, 280), 17)
    response = client.get(f"/raster/{land_cover.pk}/ubin/17/{tile.x}/{tile.y}.png")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "role, status", [("lurah", 200), ("surveyor", 200), ("planner", 200)]
)
def test_the_page_opens_for_roles_that_see_rasters(
    client, users, kelurahan, land_cover, role, status
):
    client.force_login(users[role])
    response = client.get(f"/raster/k/{kelurahan.slug}/")
    assert response.status_code == status
    assert "lc.tif" in response.content.decode()
    has_form = 'id="raster-upload"' in response.content.decode()
    assert has_form is (role == "lurah")


def test_the_page_is_refused_to_another_kelurahan(client, kelurahan, other_kelurahan):
    client.force_login(UserFactory(role=Role.LURAH, role__kelurahan=other_kelurahan))
    assert client.get(f"/raster/k/{kelurahan.slug}/").status_code == 403


def test_the_page_asks_the_public_to_log_in(client, kelurahan):
    response = client.get(f"/raster/k/{kelurahan.slug}/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize("role", ["surveyor", "planner"])
def test_only_the_lurah_and_admin_upload_on_the_page(
    client, users, kelurahan, tmp_path, role
):
    client.force_login(users[role])
    path = write_raster(tmp_path / "o.tif", np.full((3, 40, 40), 90, "uint8"))
    with open(path, "rb") as handle:
        response = client.post(
            f"/raster/k/{kelurahan.slug}/unggah/",
            {"kind": "orthophoto", "file": handle},
        )
    assert response.status_code == 403
    assert not Raster.objects.exists()


def test_an_upload_larger_than_the_limit_is_refused_before_reading(
    client, lurah, kelurahan, settings, tmp_path
):
    settings.WAKUNCAR_RASTER_MAX_UPLOAD_MB = 1
    client.force_login(lurah)
    path = tmp_path / "besar.tif"
    path.write_bytes(b"II*\x00" + b"\0" * 3 * 1024 * 1024)
    with open(path, "rb") as handle:
        response = client.post(
            f"/raster/k/{kelurahan.slug}/unggah/", {"kind": "ndvi", "file": handle}
        )
    assert response.status_code == 400
    assert "paling besar yang diterima 1 MB" in response.json()["message"]


@pytest.fixture
def ndvi_square(tmp_path, kelurahan, lurah):
    return raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="ndvi",
        file=write_raster(tmp_path / "n.tif", square(0.45, 0.05, dtype="float32")),
        name="n.tif",
    )


def test_search_list_accept_and_dismiss_through_the_endpoints(
    client, lurah, kelurahan, ndvi_square
):
    client.force_login(lurah)
    found = client.post(
        f"/raster/k/{kelurahan.slug}/kandidat/cari/",
        {"raster": ndvi_square.pk},
        content_type="application/json",
    ).json()
    [feature] = found["features"]
    assert found["search"]["new"] == 1
    listed = client.get(f"/raster/k/{kelurahan.slug}/kandidat/").json()
    assert [f["id"] for f in listed["features"]] == [feature["id"]]
    accepted = client.post(f"/raster/kandidat/{feature['id']}/terima/").json()
    assert IdlePlot.objects.get().pk == accepted["plot"]
    assert accepted["status"] == "reported"
    again = client.post(f"/raster/kandidat/{feature['id']}/tolak/")
    assert again.status_code == 400 and "sudah diterima" in again.json()["message"]


@pytest.mark.parametrize("role", ["surveyor", "planner"])
def test_only_the_lurah_and_admin_review(
    client, users, lurah, kelurahan, ndvi_square, role
):
    from rasters.services.candidates import candidate_search

    [candidate] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    client.force_login(users[role])
    assert client.post(f"/raster/kandidat/{candidate.pk}/terima/").status_code == 403
    assert client.post(f"/raster/kandidat/{candidate.pk}/tolak/").status_code == 403
    search = client.post(f"/raster/k/{kelurahan.slug}/kandidat/cari/")
    assert search.status_code == 403
    assert not IdlePlot.objects.exists()
    assert Candidate.objects.get().state == CandidateState.PROPOSED
    # They may still see what awaits review.
    listed = client.get(f"/raster/k/{kelurahan.slug}/kandidat/").json()
    assert len(listed["features"]) == 1


@pytest.mark.parametrize("role", ["surveyor", "planner", "public"])
@pytest.mark.parametrize("body", ['{"raster": "x"}', "{not json"])
def test_a_search_one_may_not_run_is_refused_before_its_body_is_read(
    client, users, kelurahan, ndvi_square, role, body
):
    """Permission before validation (issue 10): a bad body earns those who may
    not search a 403, not a 400 that would tell them what the form wants."""
    if role != "public":
        client.force_login(users[role])
    search = client.post(
        f"/raster/k/{kelurahan.slug}/kandidat/cari/",
        body,
        content_type="application/json",
    )
    assert search.status_code == 403
    assert not Candidate.objects.exists()


def test_a_bad_search_body_is_a_clear_400_to_the_lurah(
    client, lurah, kelurahan, ndvi_square
):
    client.force_login(lurah)
    search = client.post(
        f"/raster/k/{kelurahan.slug}/kandidat/cari/",
        {"raster": "x"},
        content_type="application/json",
    )
    assert search.status_code == 400
    assert "raster" in json.dumps(search.json())
    assert not Candidate.objects.exists()


def test_the_public_sees_no_candidates(client, kelurahan, ndvi_square):
    assert client.get(f"/raster/k/{kelurahan.slug}/kandidat/").status_code == 403


def test_plot_statistics_endpoint(client, lurah, kelurahan, land_cover):
    from tests.factories import IdlePlotFactory, utm_box

    plot = IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(100, 260, 140, 300))
    client.force_login(lurah)
    body = client.get(f"/raster/petak/{plot.pk}/statistik/").json()
    assert body["rasters"][0]["classes"][0]["label"] == "Semak belukar"
    client.logout()
    assert client.get(f"/raster/petak/{plot.pk}/statistik/").status_code in (403, 404)


def test_a_tile_puts_each_class_where_the_raster_has_it(client, lurah, land_cover):
    """The Semak square (x 100-140 m, y 260-300 m) is drawn in its colour at
    its place in the Web Mercator tile, and the land beside it in the other."""
    from pyproj import Transformer

    client.force_login(lurah)
    inside, beside = utm_point(120, 280), utm_point(70, 280)
    tile = tile_of(inside, 17)
    assert tile_of(beside, 17) == tile
    pixels = decoded(
        client.get(f"/raster/{land_cover.pk}/ubin/17/{tile.x}/{tile.y}.png").content
    )
    left, bottom, right, top = WEB_MERCATOR.xy_bounds(tile)
    to_mercator = Transformer.from_crs(4326, 3857, always_xy=True)

    def colour_at(point):
        x, y = to_mercator.transform(point.x, point.y)
        col = int((x - left) / (right - left) * 256)
        row = int((top - y) / (top - bottom) * 256)
        return tuple(int(v) for v in pixels[:, row, col])

    colours = dict(land_cover.classes.values_list("value", "colour"))
    assert colour_at(inside) == rgba(colours[3])
    assert colour_at(beside) == rgba(colours[1])
