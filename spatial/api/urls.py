from rest_framework.routers import DefaultRouter

from spatial import layers

# Every registered layer's view, under the prefix its app chose.
router = DefaultRouter()
for layer in layers.registered():
    router.register(layer.api_prefix, layer.viewset, basename=layer.api_basename)

urlpatterns = router.urls
