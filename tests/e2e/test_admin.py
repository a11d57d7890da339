"""The city admin's Django admin in a browser: the geometry widget draws the
boundaries around the feature, the household list fits a laptop screen, and
the kelurahan filter reads in alphabetical order."""

import pytest

from tests.e2e.editor import PASSWORD
from tests.factories import (
    HouseholdFactory,
    KelurahanFactory,
    UserFactory,
    utm_box,
    utm_point,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(page, rt):
    UserFactory(username="admin-e2e", is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/admin/login/?next=/admin/")
    page.fill("input[name=username]", "admin-e2e")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_the_geometry_widget_draws_the_boundaries_around_a_household(admin_page, rt):
    household = HouseholdFactory(rt=rt, geom=utm_point(150, 150))
    admin_page.goto(f"/admin/households/household/{household.pk}/change/")
    admin_page.wait_for_selector("body[data-boundaries-drawn]")
    # kelurahan, RW and RT, drawn under the point and taking no clicks
    assert admin_page.locator("body").get_attribute("data-boundaries-drawn") == "3"
    assert admin_page.locator(".leaflet-container path").count() >= 3


def test_the_household_list_fits_the_screen(admin_page, rt):
    HouseholdFactory.create_batch(5, rt=rt, address="Jl. Kenanga Raya No. 120")
    admin_page.goto("/admin/households/household/")
    overflow = admin_page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0


def test_kelurahan_filter_is_sorted_by_name(admin_page, kelurahan):
    # Beside Rejomulyo (0–2000 m), inside its kecamatan (0–4000 m).
    for name, y in (("Yosomulyo", 2000), ("Banjarsari", 2600), ("Metro", 3200)):
        KelurahanFactory(
            kecamatan=kelurahan.kecamatan, name=name, geom=utm_box(0, y, 2000, y + 600)
        )
    admin_page.goto("/admin/households/household/")
    options = admin_page.locator(
        "#changelist-filter details[data-filter-title='kelurahan'] li a"
    ).all_inner_texts()
    listed = options[1:]  # after "All"
    assert listed == sorted(listed) and len(listed) == 4, listed
