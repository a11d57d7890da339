import fiona
import pytest
from django.core.management import CommandError, call_command
from fiona.crs import CRS
from fiona.transform import transform

from spatial.io.errors import FeatureErrors, UnknownCRS
from spatial.models import Kelurahan
from spatial.services.boundaries import boundary_import
from tests.factories import X0, Y0, KecamatanFactory, utm_ring

pytestmark = pytest.mark.django_db

SCHEMA = {"geometry": "Polygon", "properties": {"NAMOBJ": "str", "KDEPUM": "str"}}


def box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [utm_ring(x0, y0, x1, y1)]}


def write_shp(path, features, *, epsg=32748, encoding="utf-8", schema=SCHEMA):
    with fiona.open(
        path,
        "w",
        driver="ESRI Shapefile",
        schema=schema,
        crs=CRS.from_epsg(epsg),
        encoding=encoding,
    ) as dst:
        for geom, props in features:
            dst.write({"geometry": geom, "properties": props})
    return path


@pytest.fixture
def kecamatan():
    from tests.factories import utm_box

    return KecamatanFactory(code="18.72.05", geom=utm_box(0, 0, 4000, 4000))


def test_shapefile_in_utm_48s_is_reprojected_and_measured(tmp_path, kecamatan):
    shp = write_shp(
        tmp_path / "kelurahan.shp",
        [
            (box(0, 0, 2000, 1000), {"NAMOBJ": "Rejomulyo", "KDEPUM": "18.72.05.1001"}),
            (
                box(0, 1000, 2000, 2000),
                {"NAMOBJ": "Margodadi", "KDEPUM": "18.72.05.1002"},
            ),
        ],
    )
    call_command("import_boundaries", str(shp), "--level", "kelurahan")
    rejomulyo = Kelurahan.objects.get(slug="rejomulyo")
    assert rejomulyo.kecamatan == kecamatan
    assert rejomulyo.code == "18.72.05.1001"
    assert rejomulyo.area_m2 == pytest.approx(2_000_000, rel=1e-6)
    # The south-west corner, reprojected by fiona's own PROJ for comparison.
    (lon,), (lat,) = transform("EPSG:32748", "EPSG:4326", [X0], [Y0])
    assert rejomulyo.geom[0][0][0] == pytest.approx((lon, lat), abs=1e-9)


def test_reimport_updates_by_code_and_creates_nothing(tmp_path, kecamatan):
    feature = (
        box(0, 0, 2000, 1000),
        {"NAMOBJ": "Rejomulyo", "KDEPUM": "18.72.05.1001"},
    )
    shp = write_shp(tmp_path / "k.shp", [feature])
    first = boundary_import(path=shp, level="kelurahan")
    second = boundary_import(path=shp, level="kelurahan")
    assert (first.created, second.created, second.updated) == (1, 0, 1)
    assert Kelurahan.objects.count() == 1


def test_parent_found_by_location_without_codes(tmp_path, kecamatan):
    shp = write_shp(
        tmp_path / "k.shp",
        [(box(100, 100, 900, 900), {"NAMOBJ": "Imopuro", "KDEPUM": "X-1"})],
    )
    boundary_import(path=shp, level="kelurahan")
    assert Kelurahan.objects.get(code="X-1").kecamatan == kecamatan


def test_overlapping_features_fail_the_whole_file(tmp_path, kecamatan):
    shp = write_shp(
        tmp_path / "k.shp",
        [
            (box(0, 0, 2000, 1000), {"NAMOBJ": "Rejomulyo", "KDEPUM": "18.72.05.1001"}),
            (
                box(0, 500, 2000, 2000),
                {"NAMOBJ": "Margodadi", "KDEPUM": "18.72.05.1002"},
            ),
        ],
    )
    with pytest.raises(FeatureErrors) as exc:
        boundary_import(path=shp, level="kelurahan")
    assert exc.value.details == [
        {"row": 2, "reason": "Margodadi overlaps Rejomulyo (row 1) by 1000000 m²."}
    ]
    assert not Kelurahan.objects.exists()


def test_feature_outside_the_parent_names_row_and_distance(tmp_path, kecamatan):
    shp = write_shp(
        tmp_path / "k.shp",
        [
            (box(0, 0, 1000, 1000), {"NAMOBJ": "Metro", "KDEPUM": "18.72.05.1001"}),
            (
                box(3500, 0, 4300, 800),
                {"NAMOBJ": "Yosodadi", "KDEPUM": "18.72.05.1002"},
            ),
        ],
    )
    with pytest.raises(CommandError, match="1 of 2 features are wrong; nothing was"):
        call_command("import_boundaries", str(shp), "--level", "kelurahan")
    assert not Kelurahan.objects.exists()


def test_bow_tie_is_repaired_with_a_note(tmp_path, kecamatan):
    ring = [(X0, Y0), (X0 + 400, Y0 + 400), (X0 + 400, Y0), (X0, Y0 + 400), (X0, Y0)]
    shp = write_shp(
        tmp_path / "k.shp",
        [
            (
                {"type": "Polygon", "coordinates": [ring]},
                {"NAMOBJ": "Hadimulyo Barat", "KDEPUM": "18.72.05.1003"},
            ),
        ],
    )
    report = boundary_import(path=shp, level="kelurahan")
    assert report.notes == [
        "Hadimulyo Barat: invalid polygon (Self-intersection[530200 9434200]) was "
        "repaired"
    ]
    kel = Kelurahan.objects.get()
    assert kel.geom.valid and kel.slug == "hadimulyo-barat"
    assert kel.area_m2 == pytest.approx(80_000, rel=1e-3)


def test_shapefile_without_prj_asks_for_the_crs(tmp_path, kecamatan):
    shp = write_shp(
        tmp_path / "k.shp",
        [(box(0, 0, 900, 900), {"NAMOBJ": "Metro", "KDEPUM": "18.72.05.1001"})],
    )
    (tmp_path / "k.prj").unlink()
    with pytest.raises(
        UnknownCRS, match=r"k.shp: the shapefile has no .prj.*EPSG code"
    ):
        boundary_import(path=shp, level="kelurahan")
    boundary_import(path=shp, level="kelurahan", srid=32748)
    assert Kelurahan.objects.get().area_m2 == pytest.approx(810_000, rel=1e-6)


def test_cp1252_dbf_without_cpg_keeps_its_accents(tmp_path, kecamatan):
    shp = write_shp(
        tmp_path / "k.shp",
        [(box(0, 0, 900, 900), {"NAMOBJ": "Tejosari Café", "KDEPUM": "18.72.05.1004"})],
        encoding="cp1252",
    )
    (tmp_path / "k.cpg").unlink(missing_ok=True)
    boundary_import(path=shp, level="kelurahan")
    assert Kelurahan.objects.get().name == "Tejosari Café"


def test_zipped_shapefile_in_dgn95_utm(tmp_path, kecamatan):
    import zipfile

    from fiona.transform import transform_geom

    geom = transform_geom("EPSG:32748", "EPSG:23878", box(0, 0, 900, 900))
    write_shp(
        tmp_path / "kel.shp",
        [(geom, {"NAMOBJ": "Purwosari", "KDEPUM": "18.72.05.1005"})],
        epsg=23878,
    )
    archive = tmp_path / "kel.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in tmp_path.glob("kel.*"):
            if part != archive:
                zf.write(part, part.name)
    boundary_import(path=archive, level="kelurahan")
    assert Kelurahan.objects.get().area_m2 == pytest.approx(810_000, rel=1e-3)


def test_dry_run_writes_nothing(tmp_path, kecamatan):
    shp = write_shp(
        tmp_path / "k.shp",
        [(box(0, 0, 900, 900), {"NAMOBJ": "Metro", "KDEPUM": "18.72.05.1001"})],
    )
    report = boundary_import(path=shp, level="kelurahan", dry_run=True)
    assert report.created == 1
    assert not Kelurahan.objects.exists()


def test_rts_numbered_from_a_column_under_their_rw(tmp_path, rt):
    schema = {"geometry": "Polygon", "properties": {"RT": "int"}}
    shp = write_shp(
        tmp_path / "rt.shp", [(box(500, 0, 1000, 500), {"RT": 2})], schema=schema
    )
    boundary_import(path=shp, level="rt")
    new = rt.rw.rts.get(number=2)
    assert (new.code, new.slug, str(new)) == (
        f"{rt.rw.code}.002",
        "rt-002",
        "RT 002/RW 001",
    )
