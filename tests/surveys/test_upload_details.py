"""Details of the preview a surveyor asked for (issue 9): each row counted in
one category, zero counts not in alarm colours, choice values matched by the
model's own labels in both languages and their obvious variants, and reasons
that list labels rather than internal codes."""

import pytest
from django.urls import reverse

from households.models import Household
from surveys.models import SurveyImport
from tests.surveys.fixtures import DATA, A, B, import_file, lat_lon, reasons, write_csv
from tests.surveys.test_views import upload
from waste.models import Kind, WastePoint

pytestmark = pytest.mark.django_db

CATEGORIES = ("new", "duplicates", "outside", "swapped", "invalid")


def test_each_row_is_counted_in_exactly_one_category(survey_area):
    record = import_file(DATA / "bad_values.csv", kelurahan=survey_area, dry_run=True)
    report = record.report.as_json()
    assert {k: report[k] for k in CATEGORIES} == {
        "new": 1,
        "duplicates": 0,
        "outside": 0,
        "swapped": 1,
        "invalid": 4,
    }
    assert sum(report[k] for k in CATEGORIES) == report["rows"] == 6
    assert record.rejected == 5


def test_a_fixed_swapped_row_is_counted_as_new_only(survey_area):
    record = import_file(
        DATA / "bad_values.csv", kelurahan=survey_area, dry_run=True, fix_swapped=True
    )
    report = record.report.as_json()
    assert (report["new"], report["swapped"]) == (2, 0)
    assert sum(report[k] for k in CATEGORIES) == report["rows"]


def test_a_zero_count_is_not_shown_in_an_alarm_colour(client, users, survey_area):
    client.cookies.load({"django_language": "en"})
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    html = client.get(reverse("uploads:detail", args=[record.pk])).content.decode()
    assert (
        record.report.as_json()["outside"],
        record.report.as_json()["duplicates"],
    ) == (1, 0)
    assert '<div class="outside"><dt>Outside the kelurahan</dt><dd>1</dd>' in html
    assert '<div class="duplicate zero"><dt>Duplicates</dt><dd>0</dd>' in html


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("pembakaran terbuka", Kind.OPEN_BURNING),
        ("Titik pembakaran sampah terbuka", Kind.OPEN_BURNING),
        ("Open burning spot", Kind.OPEN_BURNING),
        ("  OPEN   burning ", Kind.OPEN_BURNING),
        ("Titik Sampah Liar", Kind.ILLEGAL_DUMPING),
        ("illegal dumping", Kind.ILLEGAL_DUMPING),
        ("waste bank", Kind.BANK_SAMPAH),
        ("temporary collection point", Kind.TPS),
        ("Tempat pengomposan", Kind.COMPOSTING),
    ],
)
def test_a_choice_is_matched_by_its_labels_and_their_variants(
    survey_area, tmp_path, written, kind
):
    path = write_csv(
        tmp_path / "titik.csv",
        ["latitude", "longitude", "nama", "jenis"],
        [[*lat_lon(A), "Titik", written]],
    )
    record = import_file(path, kelurahan=survey_area, layer="waste_points")
    assert (record.created, WastePoint.objects.get().kind) == (1, kind)


def test_a_bad_choice_lists_the_labels_not_the_codes(survey_area, tmp_path):
    path = write_csv(
        tmp_path / "rumah.csv",
        ["nama", "latitude", "longitude", "cara_buang"],
        [["Budi", *lat_lon(A), "ke laut"], ["Sari", *lat_lon(B), "Dibakar"]],
    )
    record = import_file(path, kelurahan=survey_area)
    reason = reasons(record)[2]
    assert reason.startswith("cara_buang: 'ke laut' is not one of: Collected by the")
    assert "Dumped in a river" in reason
    assert "dumped_river" not in reason and "bank_sampah" not in reason
    assert Household.objects.get().waste_disposal == "burned"
