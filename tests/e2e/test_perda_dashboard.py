"""The Perda dashboard in headless chromium, per role and at desktop and
phone size: what each role sees on the map, in the panel and in the table."""

import pytest

from households.models import WasteDisposal
from spatial.models import Role
from tests.factories import RTFactory, UserFactory, utm_box
from tests.perda.places import facility, households, plot, spot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-pass-123"
SIZES = [(1280, 720), (390, 844)]
MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture
def scene(kelurahan, rt):
    """RT 001 (3 households, too few to judge) and RT 002 (12 households far
    from the TPS, an open dump named with markup, an old plot report)."""
    rt2 = RTFactory(rw=rt.rw, number=2, geom=utm_box(500, 0, 1000, 500))
    households(rt, 3, waste_disposal=WasteDisposal.BURNED, head_name="Siti Rahayu")
    households(rt2, 12, at=(900, 400), waste_sorted=True, head_name="Joko Widodo")
    facility(kelurahan, 100, 120, name="TPS Mawar")
    spot(rt2, reported_days_ago=40, at=(800, 300), name=MARKUP)
    plot(rt2, box=(600, 100, 650, 140), created_days_ago=90)
    for role in (Role.LURAH, Role.SURVEYOR):
        UserFactory(username=role, role=role, role__kelurahan=kelurahan)
    UserFactory(username="planner", role=Role.PLANNER)
    UserFactory(username="admin", role=Role.CITY_ADMIN, is_staff=True)
    return {"kelurahan": kelurahan, "rt": rt, "rt2": rt2}


def open_dashboard(page, who, path="/perda/rejomulyo/", size=SIZES[0]):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(d.message), d.dismiss()))
    if who == "anonymous":
        page.goto(path)
    else:
        page.goto(f"/masuk/?next={path}")
        page.fill("input[name=username]", who)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
    page.wait_for_selector("body[data-perda-ready='true']")
    return errors


def click_rt(page, rt):
    page.evaluate("(id) => window.perdaDashboard.byId.get(id).fire('click')", rt.pk)
    page.wait_for_function(
        "(label) => document.getElementById('rt-panel-title').textContent"
        ".startsWith(label)",
        arg=str(rt),
    )


def no_horizontal_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_anonymous_visitors_see_the_public_choropleth(page, scene, size):
    errors = open_dashboard(page, "anonymous", size=size)
    assert errors == []
    assert page.locator("#public-notice").is_visible()
    assert page.locator("#perda-map path.leaflet-interactive").count() >= 2
    cells = page.locator("#rt-table tbody tr").first.locator("td").all_inner_texts()
    assert "<5" in cells  # RT 001's 3 households
    click_rt(page, scene["rt2"])
    panel = page.locator("#rt-panel-body")
    assert "Merah" in panel.inner_text()
    # No records behind the warning for the public: no names, no dump.
    page.wait_for_timeout(300)
    assert page.locator("#rt-panel .records").count() == 0
    assert "Joko Widodo" not in page.content()
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_the_lurah_lists_what_lies_behind_a_warning(page, scene, size):
    errors = open_dashboard(page, "lurah", size=size)
    click_rt(page, scene["rt2"])
    page.wait_for_selector(f"body[data-rt-records='{scene['rt2'].pk}']")
    records = page.locator("#rt-panel .records")
    text = records.inner_text()
    assert "Joko Widodo" in text
    assert MARKUP in text and records.locator("img").count() == 0
    assert "(12)" in text  # far households
    assert errors == []
    # Far households, the dump and the plot are drawn on the map.
    drawn = page.evaluate(
        "() => document.querySelectorAll('.leaflet-records-pane path').length"
    )
    assert drawn >= 12 + 1 + 1
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_the_surveyor_sees_records_without_names(page, scene, size):
    open_dashboard(page, "surveyor", size=size)
    click_rt(page, scene["rt2"])
    page.wait_for_selector(f"body[data-rt-records='{scene['rt2'].pk}']")
    text = page.locator("#rt-panel .records").inner_text()
    assert "(12)" in text and "Joko Widodo" not in text


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_the_planner_sees_the_city_and_colours_by_an_indicator(page, scene, size):
    open_dashboard(page, "planner", path="/perda/", size=size)
    assert page.locator("#public-notice").count() == 0
    assert page.locator("#kelurahan-table tbody tr").count() == 1
    legend = page.locator(".perda-legend")
    if not legend.evaluate("el => el.open"):
        legend.locator("summary").click()
    assert "Merah" in legend.inner_text()
    page.select_option("#colour-by", "far_pct")
    page.wait_for_selector("body[data-colour-by='far_pct']")
    assert "Jauh dari layanan sampah" in legend.inner_text()
    assert "100" in legend.inner_text()
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_the_admin_sorts_the_table_and_sees_a_service_area(page, scene, size):
    open_dashboard(page, "admin", size=size)
    assert page.get_by_role("link", name="Ambang peringatan dini").count() == 1
    rows = page.locator("#rt-table tbody tr")
    heading = page.locator("#rt-table thead th", has_text="Rumah tangga").locator(
        "button"
    )
    heading.click()
    first = rows.first.get_attribute("data-rt")
    heading.click()
    assert rows.first.get_attribute("data-rt") != first
    assert rows.first.get_attribute("data-rt") == str(scene["rt2"].pk)  # 12 > 3
    page.evaluate("() => window.perdaDashboard.facilities.getLayers()[0].fire('click')")
    page.wait_for_selector("body[data-service-area]")
    served = page.locator("#rt-panel .served")
    # All 15 households have TPS Mawar as their nearest (the only one).
    assert served.get_attribute("data-count") == "15"
    assert page.locator("#perda-map canvas, #chart-levels").count() >= 1
