import pytest

from spatial.models import Role
from tests.factories import HouseholdFactory, IdlePlotFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(rt, kelurahan):
    IdlePlotFactory(kelurahan=kelurahan, notes="<img src=x onerror=alert(1)>")
    HouseholdFactory.create_batch(3, rt=rt)
    return kelurahan


def test_public_map_draws_kelurahan_and_verified_plots(page, city):
    page.goto("/")
    page.wait_for_selector("body[data-map-ready='true']")
    assert page.locator("body").get_attribute("data-layer-error") is None
    # one kelurahan, one RT and one plot are drawn as SVG paths
    assert page.locator("path.leaflet-interactive").count() == 3
    assert page.locator(".leaflet-control-scale").is_visible()
    assert page.get_by_text("Latar polos").count() == 1


def test_popup_shows_markup_as_text(page, city):
    page.goto("/")
    page.wait_for_selector("body[data-map-ready='true']")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.locator("path.leaflet-interactive[stroke='#f4a261']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<img src=x onerror=alert(1)>" in popup.inner_text()
    assert popup.locator("img").count() == 0 and dialogs == []


def test_lurah_logs_in_on_their_dashboard_and_opens_the_map(page, city):
    UserFactory(username="lurah-x", role=Role.LURAH, role__kelurahan=city)
    page.goto("/masuk/")
    page.fill("input[name=username]", "lurah-x")
    page.fill("input[name=password]", "secret-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/perda/{city.slug}/")
    page.get_by_role("link", name="Buka peta").click()
    page.wait_for_selector("body[data-map-ready='true']")
    assert "/peta/" in page.url
    drawn = page.evaluate(
        "() => window.wakuncarEditor.layers.households.getLayers().length"
    )
    assert drawn == 3
