"""Importing rasters: what is kept, and every bad input refused with its reason
and nothing stored (no record, no file)."""

import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
import rasterio
from django.core.management import CommandError, call_command
from rio_cogeo.cogeo import cog_validate

from rasters.models import LandCoverClass, PlotStatistics, Raster
from rasters.services.imports import raster_import
from spatial.errors import InvalidInput, NotPermitted

from .rasters import CLASSES_CSV, square, write_raster

pytestmark = pytest.mark.django_db

LOCAL_GRID = 'LOCAL_CS["Site grid",UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]]'


def stored_files(settings):
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def import_(path, kelurahan, user, kind="landcover", **kwargs):
    return raster_import(
        user=user, kelurahan=kelurahan, kind=kind, file=path, name=path.name, **kwargs
    )


def test_a_land_cover_raster_is_kept_as_a_cog_with_its_record(
    tmp_path, kelurahan, lurah, settings
):
    data = square(3, 1, size=1100, dtype="uint8")
    data[500:600, 500:600] = 2
    path = write_raster(tmp_path / "tutupan.tif", data, top=2200)
    raster = import_(path, kelurahan, lurah, classes=CLASSES_CSV, classes_name="c.csv")
    assert (raster.kind, raster.width, raster.height, raster.bands) == (
        "landcover",
        1100,
        1100,
        1,
    )
    assert raster.resolution_m == pytest.approx(2.0, rel=1e-3)
    assert raster.uploaded_by == lurah and len(raster.sha256) == 64
    assert raster.file.is_file() and raster.file.is_relative_to(settings.MEDIA_ROOT)
    valid, errors, _warnings = cog_validate(str(raster.file), quiet=True)
    assert valid, errors
    with rasterio.open(raster.file) as cog:
        assert cog.overviews(1), "a COG with overviews"
    assert list(raster.classes.values_list("value", "label", "idle")) == [
        (1, "Permukiman", False),
        (2, "Sawah", False),
        (3, "Semak belukar", True),
    ]
    assert raster.footprint.intersects(kelurahan.geom)
    assert stored_files(settings) == [raster.file]


def test_the_command_imports_and_names_the_record(tmp_path, kelurahan, capsys):
    path = write_raster(tmp_path / "ndvi.tif", square(0.5, 0.1, dtype="float32"))
    call_command(
        "import_raster", str(path), "--kelurahan", kelurahan.slug, "--kind", "ndvi"
    )
    raster = Raster.objects.get()
    assert f"Raster #{raster.pk}" in capsys.readouterr().out
    assert (raster.value_min, raster.value_max) == pytest.approx((0.1, 0.5))


def test_the_command_takes_the_classes_file(tmp_path, kelurahan):
    path = write_raster(tmp_path / "lc.tif", square(3, 1, dtype="uint8"))
    classes = tmp_path / "kelas.csv"
    classes.write_bytes(CLASSES_CSV)
    call_command(
        "import_raster",
        str(path),
        "--kelurahan",
        kelurahan.slug,
        "--kind",
        "landcover",
        "--classes",
        str(classes),
    )
    assert LandCoverClass.objects.filter(idle=True).get().label == "Semak belukar"


def png(tmp_path, driver="PNG", suffix="png"):
    path = tmp_path / f"foto.{suffix}"
    with rasterio.open(
        path, "w", driver=driver, width=64, height=64, count=3, dtype="uint8"
    ) as dst:
        dst.write(np.full((3, 64, 64), 120, "uint8"))
    return path


def zip_bomb(tmp_path):
    path = tmp_path / "ortofoto.tif"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ortofoto.tif", b"\0" * 50_000_000)
    return path


def _empty_giant(path):
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=100_000,
        height=100_000,
        count=1,
        dtype="uint8",
        crs="EPSG:32748",
        transform=rasterio.transform.from_origin(530_000, 9_434_400, 0.01, 0.01),
        tiled=True,
        compress="deflate",
        sparse_ok=True,
    ):
        pass
    return path


def zero_bands(tmp_path):
    path = write_raster(tmp_path / "kosong.tif", np.ones((8, 8), "uint8"))
    data = bytearray(path.read_bytes())
    first_ifd = struct.unpack("<I", data[4:8])[0]
    (entries,) = struct.unpack("<H", data[first_ifd : first_ifd + 2])
    for i in range(entries):
        at = first_ifd + 2 + 12 * i
        if struct.unpack("<H", data[at : at + 2])[0] == 277:  # SamplesPerPixel
            data[at + 8 : at + 10] = struct.pack("<H", 0)
    path.write_bytes(bytes(data))
    return path


def truncated(tmp_path):
    path = write_raster(
        tmp_path / "terpotong.tif",
        np.random.default_rng(1).integers(1, 4, (1, 512, 512), dtype="uint8"),
        tiled=True,
        blockxsize=256,
        blockysize=256,
        compress="deflate",
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def garbage(tmp_path):
    path = tmp_path / "rusak.tif"
    path.write_bytes(b"II*\x00" + bytes(range(256)) * 40)
    return path


BAD = {
    "png": (lambda t: png(t), "ndvi", "PNG image without georeferencing"),
    "jpeg": (
        lambda t: png(t, "JPEG", "jpg"),
        "orthophoto",
        "JPEG image without georeferencing",
    ),
    "tiff without georeferencing": (
        lambda t: _plain_tiff(t),
        "landcover",
        "has no georeferencing",
    ),
    "unknown crs": (
        lambda t: write_raster(
            t / "grid.tif", square(3, 1, dtype="uint8"), crs=LOCAL_GRID
        ),
        "landcover",
        r"unknown coordinate system \(Site grid\)",
    ),
    "no overlap": (
        lambda t: write_raster(
            t / "jauh.tif", square(3, 1, dtype="uint8"), left=50_000
        ),
        "landcover",
        "does not overlap Kelurahan Rejomulyo",
    ),
    "truncated": (truncated, "landcover", "damaged or cut short"),
    "corrupt": (garbage, "landcover", "damaged or cut short"),
    "zip in disguise": (zip_bomb, "orthophoto", "is a ZIP archive, not a GeoTIFF"),
    "decompression bomb": (
        lambda t: _empty_giant(t / "kecil.tif"),
        "landcover",
        "decompression bomb",
    ),
    "0 bands": (zero_bands, "landcover", r"has no bands \(0 bands\)"),
    "1 x 1": (
        lambda t: write_raster(t / "titik.tif", np.ones((1, 1), "uint8")),
        "landcover",
        "is 1 × 1 pixels: too small",
    ),
    "orthophoto with one band": (
        lambda t: write_raster(t / "abu.tif", np.ones((20, 20), "uint8")),
        "orthophoto",
        "has 1 bands; orthophoto rasters have 3",
    ),
    "land cover of floats": (
        lambda t: write_raster(t / "lc.tif", np.ones((20, 20), "float32")),
        "landcover",
        "holds float32 values",
    ),
    "ndvi out of range": (
        lambda t: write_raster(t / "ndvi.tif", square(4500.0, 500.0, dtype="float32")),
        "ndvi",
        "NDVI lies between -1 and 1",
    ),
    "only nodata": (
        lambda t: write_raster(t / "lc.tif", np.zeros((20, 20), "uint8"), nodata=0),
        "landcover",
        "every pixel is nodata",
    ),
}


def _plain_tiff(tmp_path):
    path = tmp_path / "polos.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=20, height=20, count=1, dtype="uint8"
    ) as dst:
        dst.write(np.ones((1, 20, 20), "uint8"))
    return path


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_refused_with_its_reason_and_nothing_stored(
    case, tmp_path, kelurahan, lurah, settings
):
    make, kind, reason = BAD[case]
    path = make(tmp_path)
    with pytest.raises(InvalidInput, match=reason) as refused:
        import_(path, kelurahan, lurah, kind=kind)
    assert refused.value.message.startswith(path.name)
    assert not Raster.objects.exists() and not LandCoverClass.objects.exists()
    assert stored_files(settings) == []


def test_the_command_exits_with_the_reason(tmp_path, kelurahan):
    path = zip_bomb(tmp_path)
    with pytest.raises(CommandError, match="ZIP archive"):
        call_command(
            "import_raster",
            str(path),
            "--kelurahan",
            kelurahan.slug,
            "--kind",
            "orthophoto",
        )
    assert not Raster.objects.exists()


def test_a_class_value_the_classes_file_lacks_is_refused(
    tmp_path, kelurahan, lurah, settings
):
    path = write_raster(tmp_path / "lc.tif", square(7, 1, dtype="uint8"))
    with pytest.raises(InvalidInput, match="holds class values 7 that c.csv"):
        import_(path, kelurahan, lurah, classes=CLASSES_CSV, classes_name="c.csv")
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    "csv, reason",
    [
        (b"value,label\n1,Sawah\n", "has no column idle"),
        (b"value,label,idle\n1,Sawah,maybe\n", "row 2: idle is 'maybe'"),
        (b"value,label,idle\n1,Sawah,no\n1,Semak,yes\n", "row 3: value 1 is listed"),
        (b"value,label,idle\nsatu,Sawah,no\n", "row 2: value 'satu' is not a whole"),
    ],
)
def test_a_bad_classes_file_is_refused_by_row(tmp_path, kelurahan, lurah, csv, reason):
    path = write_raster(tmp_path / "lc.tif", square(1, 1, dtype="uint8"))
    with pytest.raises(InvalidInput, match=reason):
        import_(path, kelurahan, lurah, classes=csv, classes_name="kelas.csv")
    assert not Raster.objects.exists()


def test_the_same_file_twice_is_refused(tmp_path, kelurahan, lurah):
    path = write_raster(tmp_path / "lc.tif", square(1, 2, dtype="uint8"))
    first = import_(path, kelurahan, lurah)
    with pytest.raises(InvalidInput, match=f"already imported .* #{first.pk}"):
        import_(path, kelurahan, lurah)
    assert Raster.objects.count() == 1


def test_classes_go_with_land_cover_only(tmp_path, kelurahan, lurah):
    path = write_raster(tmp_path / "ndvi.tif", square(0.5, 0.1, dtype="float32"))
    with pytest.raises(InvalidInput, match="land-cover raster only"):
        import_(path, kelurahan, lurah, kind="ndvi", classes=CLASSES_CSV)


def test_a_file_over_the_upload_limit_is_refused(tmp_path, kelurahan, lurah, settings):
    settings.WAKUNCAR_RASTER_MAX_UPLOAD_MB = 0
    path = write_raster(tmp_path / "lc.tif", square(1, 2, dtype="uint8"))
    with pytest.raises(InvalidInput, match="the most accepted is 0 MB"):
        import_(path, kelurahan, lurah)


@pytest.mark.parametrize("role", ["surveyor", "planner", "other lurah"])
def test_only_the_lurah_and_the_city_admin_import(
    role, tmp_path, kelurahan, other_kelurahan, users
):
    from spatial.models import Role
    from tests.factories import UserFactory

    user = (
        UserFactory(role=Role.LURAH, role__kelurahan=other_kelurahan)
        if role == "other lurah"
        else users[role]
    )
    path = write_raster(tmp_path / "lc.tif", square(1, 2, dtype="uint8"))
    with pytest.raises(NotPermitted):
        import_(path, kelurahan, user)
    assert not Raster.objects.exists()


def test_a_new_raster_computes_the_statistics_of_the_plots_it_covers(
    tmp_path, kelurahan, lurah, plot
):
    path = write_raster(tmp_path / "lc.tif", square(3, 1, dtype="uint8"))
    raster = import_(path, kelurahan, lurah)
    assert PlotStatistics.objects.filter(plot=plot, raster=raster).exists()
