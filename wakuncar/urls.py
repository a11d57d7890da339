from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("mapui.urls")),
    path("api/", include("spatial.api.urls")),
    path("ogc/", include("ogc.urls")),
    path("tiles/", include("tiles.urls")),
    path("token/", include("ogc.token_urls")),
    path("ekspor/", include("exports.urls")),
    path("unggah/", include("surveys.urls")),
    path("perda/", include("perda.urls")),
    path("raster/", include("rasters.urls")),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler500 = "safeguards.faults.server_error"
