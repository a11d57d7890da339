import pytest

from households.models import Household
from spatial.models import Role
from surveys.models import SurveyImport
from tests.e2e.editor import PASSWORD
from tests.factories import UserFactory
from tests.surveys.fixtures import lat_lon, write_csv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def surveyor(survey_area):
    kelurahan = survey_area
    return UserFactory(
        username="surveyor-e2e", role=Role.SURVEYOR, role__kelurahan=kelurahan
    )


def test_surveyor_uploads_previews_and_commits(page, surveyor, tmp_path):
    """Indonesian-locale spreadsheet: ';' and decimal commas, one row outside the
    kelurahan. The preview writes nothing; the commit writes the accepted rows."""
    inside = [lat_lon((100 + 50 * i, 120)) for i in range(3)]
    outside = lat_lon((2600, 120))
    rows = [
        [
            f"Warga {i}",
            f"187205120304{i:04d}",
            4,
            str(lat).replace(".", ","),
            str(lon).replace(".", ","),
        ]
        for i, (lat, lon) in enumerate([*inside, outside])
    ]
    csv_path = write_csv(
        tmp_path / "dasawisma_mawar.csv",
        ["nama_kepala_keluarga", "no_kk", "jumlah_anggota", "lintang", "bujur"],
        rows,
        delimiter=";",
    )
    page.goto("/masuk/?next=/unggah/")
    page.fill("input[name=username]", "surveyor-e2e")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.set_input_files("input[type=file]", str(csv_path))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/unggah/*/")
    text = page.locator("main").inner_text()
    assert "dasawisma_mawar.csv" in text
    assert "5" in text  # the rejected row is named by its spreadsheet row
    assert Household.objects.count() == 0
    assert page.locator("#preview-map .leaflet-interactive").count() >= 3
    # Options with an error: the page says nothing was checked, still draws
    # the points, and offers no import with the last options.
    page.locator("details.fill summary").click()
    page.fill("input[name=fill_members]", "banyak")
    page.locator("form[action$='/periksa/'] button[type=submit]").click()
    page.wait_for_selector(".error-box[role=alert]")
    assert page.locator("form[action$='/simpan/']").count() == 0
    page.wait_for_function(
        "() => document.querySelectorAll('#preview-map .leaflet-interactive')"
        ".length >= 3"
    )
    page.fill("input[name=fill_members]", "")
    page.locator("form[action$='/periksa/'] button[type=submit]").click()
    page.wait_for_selector("form[action$='/simpan/']")
    page.locator("form[action$='/simpan/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_function(
        "() => !document.querySelector('form[action$=\"/simpan/\"]')"
    )
    assert Household.objects.count() == 3
    assert SurveyImport.objects.get().status == "committed"
