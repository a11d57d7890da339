"""The tile layer module (tiles/static/tiles/js/tile_layer.js) on its preview
page: tiles drawn from the TileJSON, a click on a home opens what the user may
read, the public gets totals."""

import pytest

from spatial.models import PersonalDataAccess, Role
from tests.factories import HouseholdFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def home(rt):
    return HouseholdFactory(rt=rt, head_name="<b>Ibu Sumarni</b>", members=3)


def log_in(page, user):
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "secret-pass-123")
    page.click("button[type=submit]")
    # Each role lands on its own page (a lurah on the Perda dashboard).
    page.wait_for_url(lambda url: "/masuk/" not in url)


def open_preview(page, point, zoom):
    tiles = []
    page.on("response", lambda r: "/tiles/households/" in r.url and tiles.append(r))
    page.goto(f"/tiles/households/preview/?lat={point.y}&lon={point.x}&zoom={zoom}")
    page.wait_for_selector("body[data-tiles-ready='true']")
    return tiles


def click_centre(page):
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content")
    # The popup opens saying it is loading ("…"), then shows what was read.
    page.wait_for_function(
        "() => { const c = document.querySelector('.leaflet-popup-content');"
        " return c && c.textContent && !c.textContent.includes('…'); }"
    )
    return popup


def test_a_lurah_clicks_a_home_on_the_tiles_and_reads_its_details(
    page, home, kelurahan
):
    lurah = UserFactory(role=Role.LURAH, role__kelurahan=kelurahan)
    log_in(page, lurah)
    tiles = open_preview(page, home.geom, 17)
    assert tiles and all(r.status == 200 for r in tiles)
    popup = click_centre(page)
    assert "<b>Ibu Sumarni</b>" in popup.inner_text()  # as text, not markup
    assert popup.locator("b").count() == 0
    assert PersonalDataAccess.objects.filter(user=lurah, records=1).exists()


def test_the_public_sees_totals_never_a_name(page, home, rt):
    # The RT's total is drawn at a point inside the RT, not at the home.
    open_preview(page, rt.geom.point_on_surface, 17)
    popup = click_centre(page)
    # One home in the RT: its count is withheld from the public.
    assert "<5" in popup.inner_text() and "Sumarni" not in popup.inner_text()


def test_the_city_map_draws_households_from_tiles_not_one_document(page, home, users):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    log_in(page, users["planner"])  # the planner lands on the city map
    page.wait_for_selector("body[data-map-ready='true']")
    page.wait_for_selector("body[data-tiles-ready='true']")
    assert page.locator("body").get_attribute("data-layer-error") is None
    assert any("/tiles/households/" in url and url.endswith(".mvt") for url in requests)
    assert not any("/api/households/" in url for url in requests)
