"""The map's controls leave the map to the user: at desktop and phone size they
cover at most a tenth of it, so nothing swallows a click or hides data."""

import pytest

from spatial.models import Role
from tests.e2e.editor import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = [(1280, 720), (390, 844)]

# The union of the controls' boxes, clipped to the map, as a share of the map.
COVERED = """
() => {
  const map = document.getElementById("map").getBoundingClientRect();
  const boxes = [...document.querySelectorAll("#map .leaflet-control")]
    .map((c) => c.getBoundingClientRect())
    .filter((b) => b.width > 0 && b.height > 0);
  // Rasterise at 4 px: exact enough, and overlapping controls count once.
  const step = 4;
  let covered = 0, total = 0;
  for (let y = map.top; y < map.bottom; y += step) {
    for (let x = map.left; x < map.right; x += step) {
      total += 1;
      if (boxes.some((b) => x >= b.left && x < b.right && y >= b.top && y < b.bottom)) {
        covered += 1;
      }
    }
  }
  return covered / total;
}
"""


@pytest.fixture
def lurah(rt, kelurahan):
    return UserFactory(username="lurah-e2e", role=Role.LURAH, role__kelurahan=kelurahan)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_editor_controls_cover_at_most_a_tenth_of_the_map(page, lurah, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    log_in(page, "lurah-e2e")
    assert page.evaluate(COVERED) <= 0.10


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_map_controls_cover_at_most_a_tenth_of_the_map(page, rt, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto("/")
    page.wait_for_selector("body[data-map-ready='true']")
    assert page.evaluate(COVERED) <= 0.10


TOP_BAR_TARGETS = """
() => [...document.querySelectorAll(".topbar a, .topbar button, .topbar select")]
  .filter((e) => e.getClientRects().length)
  .filter((e) => getComputedStyle(e).visibility !== "hidden")
  .map((e) => ({
    text: e.textContent.trim() || e.name,
    height: e.getBoundingClientRect().height,
  }))
"""


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_top_bar_is_within_reach_at_both_sizes(page, lurah, width, height):
    """On a phone the links fold behind one 44 px Menu button and, opened,
    every link, the language and Log out are 44 px tall; on a desktop they
    stand in the bar."""
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "lurah-e2e")
    toggle = page.locator(".menu-toggle")
    if width >= 600:
        assert not toggle.is_visible()
        assert page.get_by_role("link", name="Ekspor").is_visible()
        return
    assert toggle.is_visible()
    assert not page.get_by_role("link", name="Ekspor").is_visible()
    assert toggle.bounding_box()["height"] >= 44
    toggle.click()
    targets = page.evaluate(TOP_BAR_TARGETS)
    assert {"Ekspor", "Peta", "Keluar"} <= {t["text"] for t in targets}
    small = [t for t in targets if t["height"] < 44]
    assert small == []
    page.get_by_role("link", name="Ekspor").click()
    page.wait_for_url("**/ekspor/**")
