"""Waste points in the API: surveyors add them too."""

from tests.access.editable import editable_layer
from tests.access.matrix import ROLES
from tests.access.planted import feature_body

CASES = editable_layer(
    route="waste-points",
    feature="point_a",
    revision="point_a_revision",
    create=feature_body("point_new", kind="tps", status="active"),
    update=feature_body("point_a_moved", kind="tps", status="active", notes="diubah"),
    adders=("surveyor_a", "lurah_a", "admin"),
    # An active TPS is a public facility.
    readers=ROLES,
    verifiers=("lurah_a", "admin"),
)
