"""Driving the map editor like a person: log in, click on the map, fill the
side panel. Coordinates are metres in UTM 48S from tests.factories.X0/Y0."""

from tests.factories import utm_point

PASSWORD = "secret-pass-123"


def log_in(page, username, next_url="/peta/"):
    page.goto(f"/masuk/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("body[data-map-ready='true']")


def screen_xy(page, x, y):
    """Where the UTM point (x, y) is on the screen."""
    p = utm_point(x, y)
    box = page.locator("#map").bounding_box()
    pt = page.evaluate(
        "([lat, lng]) => window.wakuncarEditor.map.latLngToContainerPoint([lat, lng])",
        [p.y, p.x],
    )
    return box["x"] + pt["x"], box["y"] + pt["y"]


def zoom_to(page, x, y, zoom=17):
    p = utm_point(x, y)
    page.evaluate(
        "([lat, lng, z]) => window.wakuncarEditor.map.setView([lat, lng], z, "
        "{animate: false})",
        [p.y, p.x, zoom],
    )


def draw_polygon(page, corners):
    page.locator(".leaflet-pm-icon-polygon").click()
    for x, y in [*corners, corners[0]]:
        page.mouse.click(*screen_xy(page, x, y))
    page.wait_for_selector("#feature:not([hidden])")


def save(page):
    page.get_by_role("button", name="Simpan").click()
