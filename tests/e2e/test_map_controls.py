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
