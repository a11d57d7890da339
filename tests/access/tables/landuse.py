"""Idle plots in the API."""

from tests.access.editable import editable_layer
from tests.access.matrix import ROLES
from tests.access.planted import feature_body

CASES = editable_layer(
    route="idle-plots",
    feature="plot_a",
    revision="plot_a_revision",
    create=feature_body("plot_new", status="reported"),
    update=feature_body("plot_a_moved", status="verified", notes="diubah"),
    adders=("lurah_a", "admin"),
    # Plot A is verified, so public.
    readers=ROLES,
    # Plots are checked through their status, not verified: refused to all.
    verifiers=(),
)
