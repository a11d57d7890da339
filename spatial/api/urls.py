from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from households.api.views import HouseholdViewSet
from landuse.api.views import IdlePlotViewSet
from waste.api.views import WastePointViewSet

from . import views

router = DefaultRouter()
router.register("kecamatan", views.KecamatanViewSet, basename="kecamatan")
router.register("kelurahan", views.KelurahanViewSet, basename="kelurahan")
router.register("rw", views.RWViewSet, basename="rw")
router.register("rt", views.RTViewSet, basename="rt")
router.register("households", HouseholdViewSet, basename="household")
router.register("idle-plots", IdlePlotViewSet, basename="idleplot")
router.register("waste-points", WastePointViewSet, basename="wastepoint")

urlpatterns = [
    # The split view serves Swagger UI's start-up script as a file of its own,
    # so the docs page needs no inline script under a Content-Security-Policy.
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    *router.urls,
]
