"""The rasters page and the rasters in the map editor, driven in chromium at
desktop and phone size: tiles decoded by the browser, a candidate found,
accepted and dismissed, a refused upload's reason shown, a plot's raster
statistics in its panel."""

import pytest

from landuse.models import IdlePlot, PlotStatus
from rasters.models import Candidate, CandidateState, Raster
from rasters.services.candidates import candidate_search
from rasters.services.imports import raster_import
from spatial.models import Role
from tests.e2e.editor import PASSWORD, screen_xy, zoom_to
from tests.factories import IdlePlotFactory, UserFactory, utm_box
from tests.rasters.rasters import CLASSES_CSV, run_worker, square, write_raster

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": (1280, 720), "phone": (390, 844)}


@pytest.fixture
def lurah(rt, kelurahan):
    return UserFactory(
        username="lurah-raster", role=Role.LURAH, role__kelurahan=kelurahan
    )


@pytest.fixture
def ndvi(tmp_path, kelurahan, lurah):
    return raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="ndvi",
        file=write_raster(tmp_path / "ndvi.tif", square(0.45, 0.05, dtype="float32")),
        name="ndvi_2026.tif",
    )


def open_page(page, size, url):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"/masuk/?next={url}")
    page.fill("input[name=username]", "lurah-raster")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.parametrize("size", SIZES)
def test_tiles_legend_search_and_accept_on_the_rasters_page(
    page, size, kelurahan, ndvi
):
    open_page(page, size, f"/raster/k/{kelurahan.slug}/")
    page.wait_for_selector("body[data-raster-page-ready='true']")
    # Tiles come from the server as PNG and the browser decoded them.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-rasters-pane img')]"
        ".some(i => i.complete && i.naturalWidth === 256)"
    )
    assert page.locator("#raster-legend").inner_text().startswith("NDVI")
    page.get_by_role("button", name="Cari kandidat").click()
    page.wait_for_selector("#candidate-list li[data-candidate]")
    candidate = Candidate.objects.get()
    assert page.locator("#candidate-messages").inner_text().startswith("1 kandidat")
    item = page.locator(f"li[data-candidate='{candidate.pk}']")
    item.get_by_role("button", name="Terima sebagai petak dilaporkan").click()
    page.wait_for_selector(f"body[data-last-decision='accept:{candidate.pk}']")
    plot = IdlePlot.objects.get()
    assert plot.status == PlotStatus.REPORTED
    assert f"#{plot.pk}" in page.locator("#candidate-messages").inner_text()
    assert page.locator("#candidate-list").inner_text().startswith("Tidak ada kandidat")


def test_dismissing_on_the_page_is_remembered(page, kelurahan, lurah, ndvi):
    [candidate] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    open_page(page, "desktop", f"/raster/k/{kelurahan.slug}/")
    page.wait_for_selector(f"li[data-candidate='{candidate.pk}']")
    page.get_by_role("button", name="Tolak").click()
    page.wait_for_selector(f"body[data-last-decision='dismiss:{candidate.pk}']")
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.DISMISSED
    page.get_by_role("button", name="Cari kandidat").click()
    page.wait_for_selector("#candidate-messages div.ok >> text=/^0 kandidat/")
    assert not IdlePlot.objects.exists()


def test_a_refused_upload_shows_its_reason(page, kelurahan, lurah, tmp_path):
    photo = tmp_path / "foto_drone.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    open_page(page, "phone", f"/raster/k/{kelurahan.slug}/")
    page.wait_for_selector("body[data-raster-page-ready='true']")
    page.set_input_files("#raster-upload input[name=file]", str(photo))
    page.select_option("#raster-upload select[name=kind]", "orthophoto")
    page.locator("#raster-upload button[type=submit]").click()
    # Stored and queued: the page says so while it waits for the worker.
    page.wait_for_selector("body[data-upload-state$=':queued']")
    assert "menunggu giliran diperiksa" in page.locator("#upload-messages").inner_text()
    run_worker()
    error = page.locator("#upload-messages .error")
    error.wait_for()
    assert "foto_drone.png: adalah gambar PNG tanpa georeferensi" in error.inner_text()
    assert not Raster.objects.exists()


@pytest.mark.parametrize("size", SIZES)
def test_the_editor_shows_a_plots_raster_statistics(
    page, size, tmp_path, kelurahan, lurah
):
    IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(100, 260, 140, 300))
    raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="landcover",
        file=write_raster(tmp_path / "lc.tif", square(3, 1, dtype="uint8")),
        name="tutupan.tif",
        classes=CLASSES_CSV,
        classes_name="c.csv",
    )
    open_page(page, size, "/peta/")
    page.wait_for_selector("body[data-map-ready='true']")
    zoom_to(page, 120, 280, 18)
    page.mouse.click(*screen_xy(page, 120, 280))
    page.wait_for_selector("body[data-statistics]")
    details = page.locator("#feature-details").inner_text()
    assert "Semak belukar" in details and "100,0 %" in details


@pytest.mark.parametrize("size", SIZES)
def test_removing_a_raster_from_the_list(page, size, kelurahan, lurah, ndvi):
    [waiting] = candidate_search(user=lurah, kelurahan=kelurahan).candidates
    open_page(page, size, f"/raster/k/{kelurahan.slug}/")
    page.wait_for_selector(f"li[data-candidate='{waiting.pk}']")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    row = page.locator(f"tr[data-raster='{ndvi.pk}']")
    row.get_by_role("button", name="Hapus").click()
    page.wait_for_selector(f"body[data-last-removal='{ndvi.pk}']")
    assert asked and asked[0].startswith("Hapus NDVI") and "ndvi_2026.tif" in asked[0]
    message = page.locator("#raster-messages .ok").inner_text()
    assert message.startswith("Dihapus:") and "1 kandidat" in message
    assert row.count() == 0
    assert page.locator(f"#raster-choice option[value='{ndvi.pk}']").count() == 0
    assert page.locator("#candidate-list").inner_text().startswith("Tidak ada kandidat")
    assert not Raster.objects.filter(pk=ndvi.pk).exists()
    assert not Candidate.objects.exists()
    assert not ndvi.file.exists()


def test_cancelling_the_removal_keeps_the_raster(page, kelurahan, ndvi):
    open_page(page, "desktop", f"/raster/k/{kelurahan.slug}/")
    page.wait_for_selector("body[data-raster-page-ready='true']")
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.locator(f"tr[data-raster='{ndvi.pk}']").get_by_role(
        "button", name="Hapus"
    ).click()
    page.wait_for_timeout(300)
    assert not [url for url in sent if "/hapus/" in url]
    assert page.locator(f"tr[data-raster='{ndvi.pk}']").count() == 1
    assert Raster.objects.filter(pk=ndvi.pk).exists() and ndvi.file.exists()


def test_a_refused_removal_shows_its_reason_and_keeps_the_row(page, kelurahan, ndvi):
    open_page(page, "phone", f"/raster/k/{kelurahan.slug}/")
    page.wait_for_selector("body[data-raster-page-ready='true']")
    # As when the browser has dropped the CSRF cookie since the page loaded.
    page.context.clear_cookies(name="csrftoken")
    page.on("dialog", lambda dialog: dialog.accept())
    row = page.locator(f"tr[data-raster='{ndvi.pk}']")
    row.get_by_role("button", name="Hapus").click()
    error = page.locator("#raster-messages .error")
    error.wait_for()
    assert error.inner_text().startswith("Tidak dihapus: CSRF")
    assert row.count() == 1 and row.get_by_role("button", name="Hapus").is_enabled()
    assert Raster.objects.filter(pk=ndvi.pk).exists() and ndvi.file.exists()


def test_an_upload_is_kept_and_shown_after_the_worker_checks_it(
    page, kelurahan, lurah, tmp_path
):
    path = write_raster(tmp_path / "ndvi_2027.tif", square(0.45, 0.05, dtype="float32"))
    open_page(page, "desktop", f"/raster/k/{kelurahan.slug}/")
    page.wait_for_selector("body[data-raster-page-ready='true']")
    page.set_input_files("#raster-upload input[name=file]", str(path))
    page.select_option("#raster-upload select[name=kind]", "ndvi")
    page.locator("#raster-upload button[type=submit]").click()
    page.wait_for_selector("body[data-upload-state$=':queued']")
    # Leaving and coming back: the page still follows the upload.
    page.reload()
    page.wait_for_selector("body[data-upload-state$=':queued']")
    with page.expect_navigation():  # kept: the page reloads with the raster
        run_worker()
    page.wait_for_selector("body[data-raster-page-ready='true']")
    raster = Raster.objects.get()
    assert raster.name == "ndvi_2027.tif"
    assert page.locator(f"tr[data-raster='{raster.pk}']").count() == 1
