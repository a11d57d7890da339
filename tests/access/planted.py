"""The world the permission matrix runs in: kelurahan A and B, each with an RW,
an RT, a household, an idle plot and a waste point whose personal fields hold
marked values, a user per role, surveyor A's checked upload, and lurah A's
land-cover raster with the candidate idle land it suggests."""

import json

from morecantile import tms

from households.models import Household
from landuse.models import IdlePlot
from rasters.models import RasterUpload, UploadState
from rasters.services.candidates import candidate_search
from rasters.services.imports import raster_import
from spatial.models import PersonalDataAccess, Revision, Role
from spatial.services import editing
from tests.factories import (
    KelurahanFactory,
    RTFactory,
    RWFactory,
    UserFactory,
    utm_box,
    utm_point,
)
from tests.rasters.rasters import CLASSES_CSV, square, write_raster
from tests.surveys.fixtures import import_file, lat_lon, write_csv
from waste.models import WastePoint

# Kelurahan A spans x 0-2000 m, B 2000-4000 m (tests.factories' UTM offsets).
SHAPES = {
    "plot_a": utm_box(100, 100, 150, 140),
    "plot_b": utm_box(2100, 100, 2150, 140),
    "plot_new": utm_box(300, 300, 350, 340),
    "plot_a_moved": utm_box(110, 100, 160, 140),
    "point_a": utm_point(400, 400),
    "point_b": utm_point(2400, 400),
    "point_new": utm_point(420, 420),
    "point_a_moved": utm_point(405, 405),
    "household_new": utm_point(150, 150),
    "household_a_moved": utm_point(110, 105),
}


def personal(kelurahan):
    """Marked personal values of a kelurahan's records: the matrix looks for
    them in every response to a role that may not see them."""
    return {
        "head_name": f"KEPALA-{kelurahan}-RAHASIA",
        "address": f"ALAMAT-{kelurahan}-RAHASIA",
        "kk": f"18720599{'1' if kelurahan == 'A' else '2'}0000001",
        "owner_name": f"PEMILIK-{kelurahan}-RAHASIA",
    }


def feature_body(shape, **properties):
    return {
        "type": "Feature",
        "geometry": json.loads(SHAPES[shape].geojson),
        "properties": properties,
    }


def plant_raster(tmp_path, *, kelurahan, user):
    """A 50 × 50-pixel land-cover raster of ``kelurahan`` (4 m cells, x and y
    60-260 m, so over plot A) with a 40 m square of an idle class at 180-220 m,
    clear of every planted plot: one candidate. Tiny, as the matrix runs in
    every ``make test``. Returns the raster, the candidate and a tile (z, x, y)
    over the raster."""
    data = square(3, 1, size=50, rows=(10, 20), cols=(30, 40), dtype="uint8")
    raster = raster_import(
        user=user,
        kelurahan=kelurahan,
        kind="landcover",
        file=write_raster(tmp_path / "tutupan.tif", data, left=60, top=260, pixel=4),
        name="tutupan.tif",
        classes=CLASSES_CSV,
        classes_name="kelas.csv",
    )
    [candidate] = candidate_search(user=user, kelurahan=kelurahan).candidates
    centre = utm_point(200, 200)
    tile = tms.get("WebMercatorQuad").tile(centre.x, centre.y, 17)
    return raster, candidate, (tile.z, tile.x, tile.y)


def plant(tmp_path):
    kel_a = KelurahanFactory(name="Rejomulyo", slug="rejomulyo")
    kel_b = KelurahanFactory(
        kecamatan=kel_a.kecamatan,
        name="Margodadi",
        slug="margodadi",
        geom=utm_box(2000, 0, 4000, 2000),
    )
    rw_a = RWFactory(kelurahan=kel_a, number=1, geom=utm_box(0, 0, 1000, 1000))
    rt_a = RTFactory(rw=rw_a, number=1, geom=utm_box(0, 0, 500, 500))
    rw_b = RWFactory(kelurahan=kel_b, number=1, geom=utm_box(2000, 0, 3000, 1000))
    rt_b = RTFactory(rw=rw_b, number=1, geom=utm_box(2000, 0, 2500, 500))
    users = {
        "surveyor_a": UserFactory(role=Role.SURVEYOR, role__kelurahan=kel_a),
        "surveyor_b": UserFactory(role=Role.SURVEYOR, role__kelurahan=kel_b),
        "lurah_a": UserFactory(role=Role.LURAH, role__kelurahan=kel_a),
        "lurah_b": UserFactory(role=Role.LURAH, role__kelurahan=kel_b),
        "planner": UserFactory(role=Role.PLANNER),
        "granted_planner": UserFactory(role=Role.PLANNER, role__granted=True),
        "admin": UserFactory(role=Role.CITY_ADMIN),
    }
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save()
    ids = {}
    for key, kel, rt in (("a", kel_a, rt_a), ("b", kel_b, rt_b)):
        values = personal(key.upper())
        admin = users["admin"]
        household = editing.feature_create(
            user=admin,
            model=Household,
            geom=utm_point(100 + (2000 if key == "b" else 0), 100),
            attrs={
                "head_name": values["head_name"],
                "address": values["address"],
                "kk_numbers": [values["kk"]],
                "members": 4,
            },
        )
        plot = editing.feature_create(
            user=admin,
            model=IdlePlot,
            geom=SHAPES[f"plot_{key}"],
            attrs={
                "owner_name": values["owner_name"],
                "status": "verified" if key == "a" else "reported",
            },
        )
        point = editing.feature_create(
            user=admin,
            model=WastePoint,
            geom=SHAPES[f"point_{key}"],
            attrs={"kind": "tps", "status": "active", "name": f"TPS {key}"},
        )
        ids |= {
            f"kelurahan_{key}": kel.pk,
            f"kelurahan_{key}_slug": kel.slug,
            f"rw_{key}": (rw_a if key == "a" else rw_b).pk,
            f"rt_{key}": rt.pk,
            f"household_{key}": household.pk,
            f"plot_{key}": plot.pk,
            f"point_{key}": point.pk,
            f"plot_{key}_revision": Revision.objects.get(
                object_id=plot.pk, content_type__model="idleplot"
            ).pk,
            f"point_{key}_revision": Revision.objects.get(
                object_id=point.pk, content_type__model="wastepoint"
            ).pk,
            f"household_{key}_revision": Revision.objects.get(
                object_id=household.pk, content_type__model="household"
            ).pk,
        }
    survey = write_csv(
        tmp_path / "survei.csv",
        ["nama_kepala_keluarga", "no_kk", "jumlah_anggota", "lintang", "bujur"],
        [
            ["Warga Survei", "1872051203040001", 4, *lat_lon((200, 200))],
            ["Warga Salah", "123", 4, *lat_lon((250, 200))],
        ],
    )
    upload = import_file(
        survey, kelurahan=kel_a, user=users["surveyor_a"], dry_run=True
    )
    raster, candidate, (z, x, y) = plant_raster(
        tmp_path, kelurahan=kel_a, user=users["lurah_a"]
    )
    ids |= {
        "raster_a": raster.pk,
        "candidate_a": candidate.pk,
        # Lurah A's refused upload, as the worker leaves it.
        "raster_upload_a": RasterUpload.objects.create(
            kelurahan=kel_a,
            uploaded_by=users["lurah_a"],
            kind="ndvi",
            name="ndvi_salah.tif",
            path="rasters/incoming/planted.upload",
            language="id",
            state=UploadState.FAILED,
            message="ndvi_salah.tif: bukan TIFF",
        ).pk,
        "tile_z": z,
        "tile_x": x,
        "tile_y": y,
        "kecamatan": kel_a.kecamatan_id,
        "upload_a": upload.pk,
        "profile_lurah_a": users["lurah_a"].profile.pk,
        "user_lurah_a": users["lurah_a"].pk,
        "personal_read": PersonalDataAccess.objects.create(
            user=users["admin"], model="households.Household", channel="api"
        ).pk,
    }
    return ids, users
