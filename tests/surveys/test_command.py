"""``manage.py import_survey``: the same service as the page, in one go."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from households.models import Household
from surveys.models import SurveyImport
from tests.surveys.fixtures import DATA, write_csv
from waste.models import Kind, WastePoint

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_survey", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_reports_what_was_written_and_every_rejected_row(survey_area):
    out, _ = run(
        DATA / "kobo.csv", "--layer", "households", "--kelurahan", "rejomulyo", "--json"
    )
    report = json.loads(out)
    assert (report["created"], report["duplicates"], report["rejected"]) == (3, 0, 2)
    assert report["errors"] == [
        {"row": 5, "reason": "lies 600 m outside Kelurahan Rejomulyo"},
        {"row": 6, "reason": "has no coordinates"},
    ]
    assert Household.objects.count() == 3


def test_plain_output_names_rejected_rows_and_the_counts(survey_area):
    out, err = run(
        DATA / "kobo.csv", "--layer", "households", "--kelurahan", "rejomulyo"
    )
    assert "  row 5: lies 600 m outside Kelurahan Rejomulyo" in err
    assert (
        "created 3, duplicates 0, rejected 2 households in Kelurahan Rejomulyo" in out
    )


def test_running_again_creates_nothing_and_says_when_it_was_imported(survey_area):
    run(DATA / "kobo.csv", "--layer", "households", "--kelurahan", "rejomulyo")
    out, _ = run(DATA / "kobo.csv", "--layer", "households", "--kelurahan", "rejomulyo")
    assert "kobo.csv was already imported on " in out
    assert "created 0, duplicates 3" in out
    assert Household.objects.count() == 3


def test_dry_run_writes_nothing(survey_area):
    out, _ = run(
        DATA / "waypoints.gpx",
        "--layer",
        "waste_points",
        "--kelurahan",
        "rejomulyo",
        "--dry-run",
    )
    assert "would create 3" in out
    assert not WastePoint.objects.exists()


def test_a_dry_run_is_recorded_but_cannot_be_committed_later(
    survey_area, users, client
):
    from django.urls import reverse

    run(DATA / "waypoints.gpx", "--layer", "waste_points", "--kelurahan", "rejomulyo")
    WastePoint.objects.all().delete()
    run(
        DATA / "kobo.csv",
        "--layer",
        "households",
        "--kelurahan",
        "rejomulyo",
        "--dry-run",
    )
    record = SurveyImport.objects.get(layer="households")
    assert record.status == SurveyImport.Status.CHECKED
    client.force_login(users["lurah"])
    client.cookies.load({"django_language": "en"})
    page = client.get(reverse("uploads:detail", args=[record.pk])).content.decode()
    assert "Import 3 new rows" not in page
    assert "only checked from the command line" in page
    response = client.post(reverse("uploads:commit", args=[record.pk]), follow=True)
    assert "upload it again to import it" in response.content.decode()
    assert not Household.objects.exists()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("no_coordinates.csv", "no_coordinates.csv: no coordinate columns found"),
        ("xxe.gpx", "xxe.gpx: XML entity declarations and external references"),
        ("empty.csv", "empty.csv: is empty"),
        ("notes.docx", "notes.docx: unsupported file type .docx"),
    ],
)
def test_an_unusable_file_exits_with_a_one_line_reason(survey_area, name, reason):
    with pytest.raises(CommandError, match=reason) as failure:
        run(DATA / name, "--layer", "households", "--kelurahan", "rejomulyo")
    assert "\n" not in str(failure.value)
    assert not Household.objects.exists()


def test_every_row_rejected_exits_non_zero_but_still_prints_json(survey_area, tmp_path):
    path = write_csv(
        tmp_path / "jauh.csv", ["nama", "lat", "lon"], [["Jauh", -5.0, 105.0]]
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="every row was rejected"):
        call_command(
            "import_survey",
            str(path),
            "--layer",
            "households",
            "--kelurahan",
            "rejomulyo",
            "--json",
            stdout=out,
        )
    assert json.loads(out.getvalue())["errors"][0]["row"] == 2


def test_map_names_the_columns(survey_area, tmp_path):
    path = write_csv(
        tmp_path / "aneh.csv",
        ["siapa", "utara", "timur"],
        [["Wartini", -5.1196806, 105.2715763]],
    )
    run(
        path,
        "--layer",
        "households",
        "--kelurahan",
        "rejomulyo",
        "--map",
        "siapa=head_name",
        "--map",
        "utara=latitude",
        "--map",
        "timur=longitude",
    )
    assert Household.objects.get().head_name == "Wartini"


def test_a_bad_map_is_explained(survey_area):
    with pytest.raises(
        CommandError, match="cannot map 'nama' to 'nomor'; the fields are"
    ):
        run(
            DATA / "indonesian_locale.csv",
            "--layer",
            "households",
            "--kelurahan",
            "rejomulyo",
            "--map",
            "nama=nomor",
        )


def test_fill_gives_every_point_of_a_gpx_without_kinds_one_kind(survey_area, tmp_path):
    gpx = (DATA / "waypoints.gpx").read_text().replace("<type>", "<cmt>")
    path = tmp_path / "sampah_liar.gpx"
    path.write_text(gpx.replace("</type>", "</cmt>"))
    args = [path, "--layer", "waste_points", "--kelurahan", "rejomulyo"]
    with pytest.raises(CommandError, match="--fill kind=VALUE"):
        run(*args)
    run(*args, "--fill", "kind=sampah liar")
    assert set(WastePoint.objects.values_list("kind", flat=True)) == {
        Kind.ILLEGAL_DUMPING
    }
    assert WastePoint.objects.count() == 3


def test_a_bad_fill_is_explained_and_nothing_is_uploaded(survey_area):
    with pytest.raises(CommandError, match="kind for every row: 'gudang' is not"):
        run(
            DATA / "waypoints.gpx",
            "--layer",
            "waste_points",
            "--kelurahan",
            "rejomulyo",
            "--fill",
            "kind=gudang",
        )
    assert not SurveyImport.objects.exists()


def test_layer_name_reads_track_points(survey_area):
    run(
        DATA / "waypoints.gpx",
        "--layer",
        "waste_points",
        "--kelurahan",
        "rejomulyo",
        "--layer-name",
        "track_points",
    )
    assert WastePoint.objects.count() == 2


def test_srid_for_a_table_in_utm(survey_area, tmp_path):
    path = write_csv(
        tmp_path / "utm.csv", ["nama", "x", "y"], [["Ponirah", 530_100, 9_434_100]]
    )
    run(path, "--layer", "households", "--kelurahan", "rejomulyo", "--srid", "32748")
    assert Household.objects.get().rt.number == 1


def test_user_may_only_upload_where_permitted(survey_area, users, other_kelurahan):
    with pytest.raises(
        CommandError, match="may not upload households into Kelurahan Margodadi"
    ):
        run(
            DATA / "kobo.csv",
            "--layer",
            "households",
            "--kelurahan",
            "margodadi",
            "--user",
            users["surveyor"].username,
        )
    assert not SurveyImport.objects.exists()


def test_network_paths_are_refused(survey_area):
    with pytest.raises(
        CommandError, match="GDAL virtual and network paths are refused"
    ):
        run(
            "/vsicurl/http://127.0.0.1:9/kobo.csv",
            "--layer",
            "households",
            "--kelurahan",
            "rejomulyo",
        )


def test_progress_bar_on_request(survey_area):
    _, err = run(
        DATA / "kobo.csv",
        "--layer",
        "households",
        "--kelurahan",
        "rejomulyo",
        "--progress",
    )
    assert "reading   [" in err
    assert "writing   [##############################] 100% 3/3" in err


def test_a_missing_field_is_answered_with_the_options_that_give_it(
    survey_area, tmp_path
):
    path = write_csv(
        tmp_path / "titik.csv", ["latitude", "longitude"], [[-5.1196806, 105.2715763]]
    )
    with pytest.raises(CommandError) as failure:
        run(path, "--layer", "waste_points", "--kelurahan", "rejomulyo")
    assert str(failure.value) == (
        "titik.csv: no column for kind; choose the column that holds it or "
        "give one value for every row (--map COLUMN=kind or --fill kind=VALUE)"
    )


def test_a_missing_name_is_answered_with_a_column_not_a_fill(survey_area, tmp_path):
    path = write_csv(
        tmp_path / "rumah.csv", ["latitude", "longitude"], [[-5.1196806, 105.2715763]]
    )
    with pytest.raises(CommandError) as failure:
        run(path, "--layer", "households", "--kelurahan", "rejomulyo")
    assert str(failure.value) == (
        "rumah.csv: no column for head of household; choose the column that holds "
        "it (--map COLUMN=head_name)"
    )


def test_swapped_rows_are_answered_with_fix_swapped(survey_area):
    out, err = run(
        DATA / "bad_values.csv", "--layer", "households", "--kelurahan", "rejomulyo"
    )
    assert "latitude and longitude look swapped" in err
    assert "note: rows that look swapped: 1; --fix-swapped swaps them back" in out


def test_help_lists_the_fields_map_and_fill_take(survey_area):
    from django.core.management import load_command_class

    command = load_command_class("surveys", "import_survey")
    text = command.create_parser("manage.py", "import_survey").format_help()
    text = " ".join(text.split())
    for_map, for_fill = text.split("Fields for --map: ")[1].split("Fields for --fill: ")
    assert for_map.split("waste_points: ")[1].startswith("latitude, longitude")
    assert ", kind, status," in for_map
    households_fill = for_fill.split("households: ")[1].split(";")[0]
    assert "dasawisma" in households_fill
    assert "head_name" not in households_fill and "latitude" not in for_fill
