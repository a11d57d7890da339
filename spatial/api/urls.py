from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from spatial import layers

# Every registered layer's view, under the prefix its app chose.
router = DefaultRouter()
for layer in layers.registered():
    router.register(layer.api_prefix, layer.viewset, basename=layer.api_basename)

urlpatterns = [
    # The split view serves Swagger UI's start-up script as a file of its own,
    # so the docs page needs no inline script under a Content-Security-Policy;
    # our template moves its inline style to a file.
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    *router.urls,
]
