from django.urls import path

from . import views

app_name = "tiles"

# z/x/y are matched as text so that a bad one is a 400 with a reason, not the
# resolver's 404 page.
urlpatterns = [
    path("<str:layer>/preview/", views.preview, name="preview"),
    path("<str:layer>.json", views.TileJson.as_view(), name="tilejson"),
    path("<str:layer>/<str:z>/<str:x>/<str:y>.mvt", views.Tile.as_view(), name="tile"),
]
