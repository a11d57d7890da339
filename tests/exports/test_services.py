"""Layer exports read back with GDAL 3.6's ogrinfo (the reader QGIS uses) and
imported again; personal data only for those allowed; every export logged."""

import csv
import datetime as dt
import re
import zipfile

import pytest
import shapely
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from exports import services as exports
from exports.models import ExportLog
from exports.services import layer_export
from households.models import Household
from spatial import layers as registry
from spatial.errors import InvalidInput, NotFound, NotPermitted
from spatial.io.readers import read_vector
from spatial.io.writers import Column, check_shapefile_names
from spatial.measure import UTM_48S
from spatial.models import RT, Kelurahan, PersonalDataAccess
from spatial.services.boundaries import boundary_import
from tests.factories import (
    X0,
    Y0,
    HouseholdFactory,
    IdlePlotFactory,
    KelurahanFactory,
    RTFactory,
    WastePointFactory,
    utm_box,
    utm_point,
)
from tests.ogrinfo import layers, ogrinfo

pytestmark = pytest.mark.django_db

HEAD = "Ni Ketut Ayu Sriwahyuni Ñoman"
PERSONAL = {"head_name", "kk_numbers", "address"}
SUFFIX = {"shp": "zip", "gpkg": "gpkg", "geojson": "geojson", "csv": "csv"}
SUFFIX |= {"kml": "kml", "xlsx": "xlsx"}
# How ogrinfo reaches the households layer of each format.
OPENED = {
    "shp": "/vsizip/{path}/households.shp",
    "gpkg": "{path}",
    "geojson": "{path}",
    "csv": "{path}",
    "kml": "{path}",
    "xlsx": "{path}",
}
POINT = re.compile(r"POINT \(([-\d.]+) ([-\d.]+)\)")


def same_shape(a, b):
    """Equal to 1e-7 degrees, whichever way a format winds its rings."""
    return a.normalize(clone=True).equals_exact(b.normalize(clone=True), 1e-7)


@pytest.fixture
def kelurahan(db):
    return KelurahanFactory(name="Hadimulyo Barat", slug="hadimulyo-barat")


@pytest.fixture
def households(rt):
    return [
        HouseholdFactory(
            rt=rt,
            geom=utm_point(100, 100),
            head_name=HEAD,
            kk_numbers=["1872010101010001", "1872010101010002"],
            address="Jl. Mawar No. 12",
            members=5,
            dasawisma="Melati 1",
            reported_rt=1,
            reported_rw=1,
            external_id="kobo-1",
            waste_sorted=True,
            waste_disposal="bank_sampah",
            latrine="own",
            septic_tank=True,
            last_desludged=dt.date(2023, 5, 2),
            survey_date=dt.date(2024, 1, 15),
            gps_accuracy_m=4.5,
            elevation_m=-1.5,
            captured_at=dt.datetime(2024, 1, 15, 2, 30, 15, tzinfo=dt.UTC),
            device="Android 13",
            gps_source="phone",
        ),
        HouseholdFactory(rt=rt, geom=utm_point(200, 150), head_name="José Évora"),
    ]


def export(tmp_path, user, format="gpkg", layer="households", **filters):
    out = tmp_path / f"{layer}.{SUFFIX[format]}"
    return layer_export(user=user, layer=layer, format=format, out=out, **filters)


def opened(result, format="gpkg"):
    return OPENED[format].format(path=result.path)


CSV = ("-oo", "AUTODETECT_TYPE=YES")


@pytest.mark.parametrize(
    "format, options, epsg, types",
    [
        (
            "shp",
            (),
            4326,
            {"id": "Integer64", "members": "Integer", "survey_dt": "Date"}
            | {"gps_acc_m": "Real", "desludged": "Date"},
        ),
        (
            "gpkg",
            (),
            4326,
            {"id": "Integer64", "members": "Integer", "survey_date": "Date"}
            | {"waste_sorted": "Integer(Boolean)", "captured_at": "DateTime"},
        ),
        (
            "geojson",
            (),
            4326,
            {"members": "Integer", "survey_date": "Date", "gps_accuracy_m": "Real"},
        ),
        (
            "csv",
            CSV,
            None,
            {"members": "Integer", "survey_date": "Date", "latitude": "Real"},
        ),
        ("kml", (), 4326, {"members": "Integer", "gps_accuracy_m": "Real"}),
        ("xlsx", (), None, {"members": "Integer", "survey_date": "Date"}),
    ],
)
def test_every_format_opens_in_ogrinfo_with_typed_fields(
    tmp_path, users, households, format, options, epsg, types
):
    result = export(tmp_path, users["admin"], format)
    info = layers(opened(result, format), *options)["households"]
    assert (info.features, info.epsg) == (2, epsg)
    assert info.fields.items() >= types.items()
    assert result.features == {"households": 2}


@pytest.mark.parametrize("format", list(SUFFIX))
def test_indonesian_text_survives_every_format(tmp_path, users, households, format):
    listing = ogrinfo(opened(export(tmp_path, users["admin"], format), format))
    assert HEAD in listing
    assert "José Évora" in listing
    assert "Hadimulyo Barat" in listing


@pytest.mark.parametrize("format", ["shp", "gpkg", "geojson"])
def test_a_known_point_lands_where_geodjango_puts_it_in_utm_48s(
    tmp_path, users, households, format
):
    result = export(tmp_path, users["admin"], format, srid=UTM_48S)
    listing = ogrinfo(opened(result, format))
    first = [float(v) for v in POINT.search(listing).groups()]
    expected = households[0].geom.transform(UTM_48S, clone=True)
    assert first == pytest.approx([expected.x, expected.y], abs=1e-3)
    assert first == pytest.approx([X0 + 100, Y0 + 100], abs=1e-3)
    assert layers(opened(result, format))["households"].epsg == UTM_48S


def test_csv_in_utm_keeps_latitude_and_longitude_in_wgs84(tmp_path, users, households):
    result = export(tmp_path, users["admin"], "csv", srid=UTM_48S)
    with open(result.path, newline="", encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    utm = shapely.from_wkt(first["wkt"])
    assert (utm.x, utm.y) == pytest.approx((X0 + 100, Y0 + 100), abs=1e-3)
    stored = households[0].geom
    assert (float(first["longitude"]), float(first["latitude"])) == (
        stored.x,
        stored.y,
    )


@pytest.mark.parametrize("format", list(SUFFIX))
def test_planner_export_has_no_personal_field(tmp_path, users, households, format):
    result = export(tmp_path, users["planner"], format)
    listing = ogrinfo(opened(result, format))
    assert not PERSONAL & set(layers(opened(result, format))["households"].fields)
    assert HEAD not in listing
    assert "1872010101010001" not in listing
    assert result.personal_data is False


def test_planner_shapefile_dictionary_names_no_personal_field(
    tmp_path, users, households
):
    with zipfile.ZipFile(export(tmp_path, users["planner"], "shp").path) as archive:
        dictionary = archive.read("households_fields.csv").decode()
    assert not [name for name in PERSONAL if name in dictionary]


@pytest.mark.parametrize("role", ["admin", "granted_planner", "lurah"])
def test_allowed_roles_get_personal_fields(tmp_path, users, households, role):
    result = export(tmp_path, users[role])
    listing = ogrinfo(result.path)
    assert set(layers(result.path)["households"].fields) >= PERSONAL
    assert "kk_numbers (String) = 1872010101010001;1872010101010002" in listing
    assert result.personal_data is True


def test_lurah_exports_only_their_own_kelurahan(tmp_path, users, households, other_rt):
    HouseholdFactory(rt=other_rt, geom=utm_point(2100, 100), head_name="Margodadi")
    result = export(tmp_path, users["lurah"])
    assert result.features == {"households": 2}
    assert "Margodadi" not in ogrinfo(result.path)


def test_lurah_asking_for_another_kelurahan_is_refused_not_given_an_empty_file(
    tmp_path, users, households, other_rt
):
    HouseholdFactory(rt=other_rt, geom=utm_point(2100, 100))
    with pytest.raises(NotPermitted, match="households of Kelurahan Margodadi"):
        export(tmp_path, users["lurah"], kelurahan="margodadi")
    assert not list(tmp_path.iterdir())
    assert not ExportLog.objects.exists()


def test_lurah_may_export_another_kelurahans_boundaries(tmp_path, users, other_rt):
    result = layer_export(
        user=users["lurah"],
        layer="rt",
        format="gpkg",
        out=tmp_path / "rt.gpkg",
        kelurahan="margodadi",
    )
    assert result.features == {"rt": 1}


@pytest.mark.parametrize("role, shown", [("planner", False), ("granted_planner", True)])
def test_plot_owner_is_personal(tmp_path, users, kelurahan, role, shown):
    IdlePlotFactory(kelurahan=kelurahan, owner_name="Siti Aminah")
    result = export(tmp_path, users[role], layer="idle_plots")
    assert ("owner_name" in layers(result.path)["idle_plots"].fields) is shown


def test_export_is_logged_with_its_filters(tmp_path, users, households):
    export(tmp_path, users["planner"], "shp", kelurahan="hadimulyo-barat")
    log = ExportLog.objects.get()
    assert (log.user, log.layer, log.format) == (users["planner"], "households", "shp")
    assert log.filters == {"kelurahan": "hadimulyo-barat", "srid": 4326}
    assert (log.personal_data, log.features) == (False, 2)
    assert "members" in log.fields and "head_name" not in log.fields
    assert not PersonalDataAccess.objects.exists()


def test_personal_data_in_an_export_is_logged_as_an_access(
    tmp_path, users, households, kelurahan
):
    export(tmp_path, users["lurah"], "csv")
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.channel, access.records) == (
        users["lurah"],
        "export",
        2,
    )
    assert (access.model, access.kelurahan) == ("households.Household", kelurahan)
    assert access.detail == "households.csv: head_name, kk_numbers, address"
    assert ExportLog.objects.get().personal_data is True


@pytest.mark.parametrize("role", ["surveyor", None])
def test_households_are_not_exported_to_the_public_or_surveyors(
    tmp_path, users, households, role
):
    user = users[role] if role else AnonymousUser()
    with pytest.raises(NotPermitted, match="You may not export households"):
        export(tmp_path, user)
    assert not (tmp_path / "households.gpkg").exists()
    assert not ExportLog.objects.exists()


def test_the_public_exports_boundaries_and_is_logged_without_a_user(tmp_path, rt):
    result = export(tmp_path, AnonymousUser(), "geojson", layer="rt")
    assert result.features == {"rt": 1}
    assert ExportLog.objects.get().user is None


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"format": "kml", "srid": UTM_48S}, InvalidInput, "KML is always in WGS 84"),
        ({"srid": 9470}, InvalidInput, "EPSG:4326 .* or EPSG:32748"),
        ({"format": "dxf"}, InvalidInput, "Unknown format dxf"),
        ({"layer": "parcels"}, InvalidInput, "Unknown layer parcels"),
        ({"layer": "all", "format": "csv"}, InvalidInput, "Only a GeoPackage"),
        (
            {"layer": "kelurahan", "rt": "x"},
            InvalidInput,
            "cannot be narrowed to an RT",
        ),
        ({"layer": "all", "status": "verified"}, InvalidInput, "one layer at a time"),
        ({"status": "verified"}, InvalidInput, "households has no status verified"),
        ({"kelurahan": "atlantis"}, NotFound, "no kelurahan atlantis"),
        ({"rt": "18.72.99"}, NotFound, "no RT with code 18.72.99"),
    ],
)
def test_wrong_requests_are_refused_before_anything_is_written(
    tmp_path, users, households, kwargs, error, message
):
    args = {"layer": "households", "format": "gpkg"} | kwargs
    out = tmp_path / "out.gpkg"
    with pytest.raises(error, match=message):
        layer_export(user=users["admin"], out=out, **args)
    assert not out.exists()


def test_filters_narrow_by_rt_and_status(tmp_path, users, kelurahan, rt):
    second = RTFactory(rw=rt.rw, number=2, geom=utm_box(500, 0, 1000, 500))
    HouseholdFactory(rt=rt)
    HouseholdFactory(rt=second, geom=utm_point(600, 100))
    IdlePlotFactory(kelurahan=kelurahan, status="verified")
    IdlePlotFactory(
        kelurahan=kelurahan, status="planned", geom=utm_box(300, 300, 350, 340)
    )
    by_rt = export(tmp_path, users["planner"], rt=second.code)
    by_status = export(tmp_path, users["planner"], layer="idle_plots", status="planned")
    assert by_rt.features == {"households": 1}
    assert by_status.features == {"idle_plots": 1}


def test_one_geopackage_holds_every_layer_a_planner_may_export(
    tmp_path, users, households, kelurahan
):
    WastePointFactory(kelurahan=kelurahan, name="TPS Hadimulyo Barat")
    result = export(tmp_path, users["planner"], layer="all")
    found = layers(result.path)
    assert list(found) == list(registry.exported())
    assert found["households"].features == 2
    assert not PERSONAL & set(found["households"].fields)
    assert ExportLog.objects.count() == len(registry.exported())


def test_the_public_geopackage_holds_boundaries_only(tmp_path, households):
    result = export(tmp_path, AnonymousUser(), layer="all")
    assert list(layers(result.path)) == ["kecamatan", "kelurahan", "rw", "rt"]


@pytest.mark.parametrize(
    "format, srid", [("gpkg", None), ("shp", None), ("geojson", None), ("csv", 4326)]
)
def test_rt_boundaries_round_trip_through_the_boundary_importer(
    tmp_path, users, rt, format, srid
):
    second = RTFactory(rw=rt.rw, number=2, geom=utm_box(500, 0, 1000, 500))
    before = {u.code: u for u in RT.objects.all()}
    result = export(tmp_path, users["admin"], format, layer="rt")
    RT.objects.all().delete()
    report = boundary_import(path=result.path, level="rt", srid=srid)
    assert report.created == 2
    for code, old in before.items():
        new = RT.objects.get(code=code)
        assert (new.name, new.number, new.slug, new.rw) == (
            old.name,
            old.number,
            old.slug,
            old.rw,
        )
        assert same_shape(new.geom, old.geom)
    assert second.code in before


def test_kelurahan_round_trip_through_a_zipped_shapefile(
    tmp_path, kelurahan, other_kelurahan
):
    before = {k.code: k for k in Kelurahan.objects.all()}
    result = export(tmp_path, AnonymousUser(), "shp", layer="kelurahan")
    Kelurahan.objects.all().delete()
    boundary_import(path=result.path, level="kelurahan")
    for code, old in before.items():
        new = Kelurahan.objects.get(code=code)
        assert (new.name, new.slug, new.kecamatan) == (
            old.name,
            old.slug,
            old.kecamatan,
        )
        assert same_shape(new.geom, old.geom)


def test_household_csv_round_trips_every_attribute(tmp_path, users, households):
    result = export(tmp_path, users["admin"], "csv")
    with open(result.path, newline="", encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    household = households[0]
    wkt = first.pop("wkt")
    assert first == {
        "id": str(household.pk),
        "kelurahan": "Hadimulyo Barat",
        "kelurahan_code": household.kelurahan.code,
        "rw": "1",
        "rt": "1",
        "rt_code": household.rt.code,
        "reported_rw": "1",
        "reported_rt": "1",
        "rt_mismatch": "false",
        "external_id": "kobo-1",
        "head_name": HEAD,
        "kk_numbers": "1872010101010001;1872010101010002",
        "address": "Jl. Mawar No. 12",
        "members": "5",
        "dasawisma": "Melati 1",
        "waste_sorted": "true",
        "waste_disposal": "bank_sampah",
        "waste_disposal_label": "Bank sampah",
        "latrine": "own",
        "latrine_label": "Own latrine",
        "septic_tank": "true",
        "last_desludged": "2023-05-02",
        "survey_date": "2024-01-15",
        "gps_source": "phone",
        "gps_source_label": "Phone GPS",
        "gps_accuracy_m": "4.5",
        "elevation_m": "-1.5",
        "captured_at": "2024-01-15T09:30:15+07:00",
        "device": "Android 13",
        "latitude": repr(household.geom.y),
        "longitude": repr(household.geom.x),
    }
    point = shapely.from_wkt(wkt)
    assert (point.x, point.y) == pytest.approx(household.geom.coords, abs=1e-7)


def test_household_csv_opens_as_points_in_the_importers_reader(
    tmp_path, users, households
):
    result = export(tmp_path, users["admin"], "csv")
    data = read_vector(result.path, srid=4326)
    first = data.features[0]
    assert first.geometry["type"] == "Point"
    assert first.geometry["coordinates"] == pytest.approx(
        households[0].geom.coords, abs=1e-7
    )
    assert first.properties["head_name"] == HEAD


def test_formulas_are_neutralised_but_numbers_stay_numbers(tmp_path, users, rt):
    HouseholdFactory(rt=rt, dasawisma='=HYPERLINK("http://x")', elevation_m=-2.0)
    result = export(tmp_path, users["planner"], "csv")
    with open(result.path, newline="", encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    assert first["dasawisma"] == '\'=HYPERLINK("http://x")'
    assert first["elevation_m"] == "-2.0"


@pytest.mark.parametrize("layer", list(registry.exported()))
def test_every_layer_fits_shapefile_names_and_names_its_personal_fields(layer):
    spec = registry.exported()[layer]
    check_shapefile_names(
        [Column(a.name, a.type, short=a.short) for a in spec.attributes]
    )
    names = {a.name for a in spec.attributes}
    assert set(getattr(spec.model, "PERSONAL_FIELDS", ())) <= names


def test_command_without_a_user_exports_what_a_planner_sees(tmp_path, households):
    out = tmp_path / "h.gpkg"
    call_command("export_layer", "households", "--format", "gpkg", "--out", str(out))
    assert not PERSONAL & set(layers(out)["households"].fields)
    assert ExportLog.objects.get().user is None


def test_command_exports_as_a_named_user(tmp_path, users, households):
    out = tmp_path / "h.zip"
    user = users["admin"].username
    call_command(
        "export_layer",
        "households",
        "--format",
        "shp",
        "--out",
        str(out),
        "--user",
        user,
    )
    assert "head_name" in layers(f"/vsizip/{out}/households.shp")["households"].fields


def test_command_refuses_an_unknown_user(tmp_path, households):
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        call_command(
            "export_layer",
            "households",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "h.csv"),
            "--user",
            "nobody",
        )


def test_every_batch_from_the_cursor_is_written(tmp_path, users, rt, monkeypatch):
    monkeypatch.setattr(exports, "BATCH_ROWS", 2)
    Household.objects.bulk_create(
        [
            Household(
                rt=rt,
                kelurahan=rt.rw.kelurahan,
                geom=utm_point(10 + i, 10),
                head_name=f"H{i}",
            )
            for i in range(7)
        ]
    )
    result = export(tmp_path, users["planner"], "gpkg")
    assert result.features == {"households": 7}
    assert layers(result.path)["households"].features == 7


def test_shapefile_text_fields_are_as_wide_as_their_longest_value(
    tmp_path, users, households
):
    result = export(tmp_path, users["admin"], "shp")
    widths = layers(opened(result, "shp"))["households"].widths
    assert widths["head_name"] == len(HEAD.encode())
    assert widths["kelurahan"] == len("Hadimulyo Barat")


def test_codes_carry_their_labels_and_the_dictionary_both_languages(
    tmp_path, users, kelurahan
):
    """A planner's shapefile reads "Terverifikasi" beside "verified", and its
    field dictionary gives every code in Indonesian and English."""
    from django.utils import translation

    IdlePlotFactory(kelurahan=kelurahan, status="verified", proposed_use="rth")
    with translation.override("id"):
        result = export(tmp_path, users["planner"], "shp", layer="idle_plots")
    listing = ogrinfo(f"/vsizip/{result.path}/idle_plots.shp")
    assert "status (String) = verified" in listing
    assert "status_lbl (String) = Terverifikasi" in listing
    assert "prop_u_lbl (String) = Ruang terbuka hijau (RTH)" in listing
    with zipfile.ZipFile(result.path) as archive:
        dictionary = list(
            csv.DictReader(archive.read("idle_plots_fields.csv").decode().splitlines())
        )
    status = next(row for row in dictionary if row["name"] == "status")
    assert (status["label_id"], status["label_en"]) == ("status", "status")
    assert "verified = Terverifikasi" in status["codes_id"]
    assert "verified = Verified" in status["codes_en"]
    label = next(row for row in dictionary if row["name"] == "status_label")
    assert label["short_name"] == "status_lbl"


def test_a_geopackage_carries_the_labels_in_the_export_s_language(
    tmp_path, users, kelurahan
):
    from django.utils import translation

    IdlePlotFactory(kelurahan=kelurahan, status="in_use")
    with translation.override("en"):
        result = export(tmp_path, users["planner"], "gpkg", layer="idle_plots")
    assert "status_label (String) = In use" in ogrinfo(result.path)


def test_file_names_carry_the_day_in_wib(tmp_path, users, households, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(
        timezone, "now", lambda: dt.datetime(2026, 12, 1, 17, 5, tzinfo=dt.UTC)
    )
    result = layer_export(user=users["planner"], layer="households", format="csv")
    assert result.filename == "households-kota-metro-20261202.csv"


def test_a_lurah_s_export_is_named_after_their_kelurahan(users, kelurahan, rt):
    HouseholdFactory(rt=rt)
    result = layer_export(user=users["lurah"], layer="households", format="csv")
    assert result.filename.startswith(f"households-{kelurahan.slug}-")


def test_a_lurah_asking_for_an_rt_of_another_kelurahan_is_refused_by_name(
    tmp_path, users, households, other_rt
):
    with pytest.raises(NotPermitted, match="households of Kelurahan Margodadi"):
        export(tmp_path, users["lurah"], rt=other_rt.code)
    assert not ExportLog.objects.exists()
