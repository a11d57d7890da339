"""Households in the API: edited like plots; single homes are never public,
and seen only in their own kelurahan (and by planners and the city admin)."""

from tests.access.editable import editable_layer
from tests.access.matrix import every, methods
from tests.access.planted import feature_body

CASES = [
    *editable_layer(
        route="households",
        feature="household_a",
        revision="household_a_revision",
        create=feature_body(
            "household_new",
            head_name="Warga Baru",
            kk_numbers=["1872051203040009"],
            members=3,
        ),
        update=feature_body(
            "household_a_moved",
            head_name="Warga Lama",
            kk_numbers=["1872051203040008"],
            members=4,
        ),
        adders=("surveyor_a", "lurah_a", "admin"),
        readers=("surveyor_a", "lurah_a", "planner", "granted_planner", "admin"),
        verifiers=("lurah_a", "admin"),
    ),
    *methods(
        "api/^households/$",
        "/api/households/?kelurahan={kelurahan_b_slug}",
        {"GET": every(200)},
    ),
]
