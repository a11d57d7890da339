import pytest
from django.urls import reverse

from landuse.models import IdlePlot
from spatial.models import Role
from tests.e2e.editor import draw_polygon, log_in, save, screen_xy, zoom_to
from tests.factories import IdlePlotFactory, UserFactory, utm_box

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lurah(rt, kelurahan):
    return UserFactory(username="lurah-e2e", role=Role.LURAH, role__kelurahan=kelurahan)


def test_draw_fill_save_reload_and_find_the_plot(page, lurah):
    log_in(page, "lurah-e2e")
    zoom_to(page, 150, 150)
    draw_polygon(page, [(100, 100), (200, 100), (200, 180), (100, 180)])
    assert "m²" in page.locator("#live-area").inner_text()
    page.select_option("select[name=status]", "verified")
    page.select_option("select[name=proposed_use]", "urban_farming")
    page.fill("textarea[name=notes]", "Lahan bekas sawah, cocok untuk KWT")
    save(page)
    page.wait_for_selector("body[data-last-saved]")
    plot = IdlePlot.objects.get()
    assert (plot.status, plot.proposed_use, plot.created_by) == (
        "verified",
        "urban_farming",
        lurah,
    )
    assert plot.area_m2 == pytest.approx(8000, rel=0.01)
    page.reload()
    page.wait_for_selector("body[data-map-ready='true']")
    page.fill("input[name=q]", f"#{plot.pk}")
    page.press("input[name=q]", "Enter")
    page.get_by_role("button", name=f"#{plot.pk}").click()
    assert (
        page.locator("textarea[name=notes]").input_value()
        == "Lahan bekas sawah, cocok untuk KWT"
    )


def test_drag_a_vertex_and_see_the_new_area(page, lurah, kelurahan):
    plot = IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(100, 100, 200, 200))
    log_in(page, "lurah-e2e")
    zoom_to(page, 150, 150)
    page.mouse.click(*screen_xy(page, 150, 150))
    before = page.locator("#live-area").inner_text()
    page.get_by_role("button", name="Ubah bentuk").click()
    page.mouse.move(*screen_xy(page, 200, 200))
    page.mouse.down()
    page.mouse.move(*screen_xy(page, 250, 250), steps=5)
    page.mouse.up()
    after = page.locator("#live-area").inner_text()
    assert after != before
    save(page)
    page.wait_for_selector("body[data-last-saved]")
    plot.refresh_from_db()
    assert plot.version == 2
    assert plot.area_m2 > 10_500


def test_overlapping_plot_shows_the_error_and_saves_nothing(page, lurah, kelurahan):
    IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(100, 100, 200, 200))
    log_in(page, "lurah-e2e")
    zoom_to(page, 180, 180)
    draw_polygon(page, [(150, 150), (260, 150), (260, 260), (150, 260)])
    save(page)
    page.wait_for_selector("body[data-last-error='overlaps_plot']")
    assert "tumpang tindih" in page.locator("#feature-messages").inner_text()
    assert IdlePlot.objects.count() == 1


def test_another_kelurahan_is_refused(page, lurah, other_kelurahan):
    other = IdlePlotFactory(
        kelurahan=other_kelurahan, status="reported", geom=utm_box(2100, 100, 2200, 200)
    )
    log_in(page, "lurah-e2e")
    refused = page.goto(f"/peta/?kelurahan={other_kelurahan.slug}")
    assert refused.status == 403
    api = page.request.get(reverse("idleplot-detail", args=[other.pk]))
    assert api.status == 404


def test_two_sessions_editing_one_plot_get_a_conflict(
    browser, live_server, lurah, kelurahan
):
    plot = IdlePlotFactory(
        kelurahan=kelurahan, geom=utm_box(100, 100, 200, 200), notes="awal"
    )
    pages = []
    for _ in range(2):
        context = browser.new_context(base_url=live_server.url, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, "lurah-e2e")
        zoom_to(page, 150, 150)
        page.mouse.click(*screen_xy(page, 150, 150))
        pages.append(page)
    first, second = pages
    first.fill("textarea[name=notes]", "disimpan pertama")
    save(first)
    first.wait_for_selector("body[data-last-saved]")
    second.fill("textarea[name=notes]", "disimpan kedua")
    save(second)
    second.wait_for_selector("body[data-last-error='conflict']")
    assert "disimpan pertama" not in second.locator("#feature-messages").inner_text()
    assert "versi 2" in second.locator("#feature-messages").inner_text()
    plot.refresh_from_db()
    assert (plot.notes, plot.version) == ("disimpan pertama", 2)
    for page in pages:
        page.context.close()


def test_a_rectangle_shows_its_area_and_a_cancelled_drawing_leaves_no_panel(
    page, lurah
):
    """The rectangle tool measures as it goes without a script error, and a
    drawing given up half-way (Escape) puts the panel back to its hint."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "lurah-e2e")
    zoom_to(page, 150, 150)
    page.locator(".leaflet-pm-icon-rectangle").click()
    page.mouse.click(*screen_xy(page, 100, 100))
    page.mouse.move(*screen_xy(page, 180, 160))
    page.mouse.click(*screen_xy(page, 200, 180))
    page.wait_for_selector("#feature:not([hidden])")
    assert "m²" in page.locator("#live-area").inner_text()
    assert errors == []
    page.get_by_role("button", name="Batal").click()
    page.wait_for_selector("#feature", state="hidden")
    page.locator(".leaflet-pm-icon-polygon").click()
    page.mouse.click(*screen_xy(page, 100, 100))
    page.mouse.click(*screen_xy(page, 200, 100))
    page.wait_for_selector("#feature:not([hidden])")
    page.keyboard.press("Escape")
    page.wait_for_selector("#feature", state="hidden")
    assert page.locator("#hint").is_visible()
    assert errors == []
    assert not IdlePlot.objects.exists()


def test_the_history_offers_every_version_but_the_one_on_screen(page, lurah):
    from spatial.services import editing

    plot = editing.feature_create(
        user=lurah,
        model=IdlePlot,
        geom=utm_box(100, 100, 200, 200),
        attrs={"status": "reported"},
    )
    editing.feature_update(
        user=lurah,
        model=IdlePlot,
        pk=plot.pk,
        expected_version=plot.version,
        attrs={"notes": "dicek ulang"},
    )
    log_in(page, "lurah-e2e")
    zoom_to(page, 150, 150)
    page.mouse.click(*screen_xy(page, 150, 150))
    page.wait_for_selector("#history-list li >> nth=1", state="attached")
    items = page.locator("#history-list li")
    assert items.count() == 2
    # Newest first: version 2 is on screen, version 1 can be brought back.
    assert items.nth(0).locator("button").count() == 0
    assert items.nth(1).locator("button").text_content() == "Pulihkan versi ini"
