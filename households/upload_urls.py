from django.urls import path

from . import upload_views

app_name = "uploads"

urlpatterns = [
    path("", upload_views.upload, name="new"),
    path("<int:pk>/", upload_views.detail, name="detail"),
    path("<int:pk>/periksa/", upload_views.check, name="check"),
    path("<int:pk>/simpan/", upload_views.commit, name="commit"),
    path("<int:pk>/ditolak.csv", upload_views.rejected, name="rejected"),
    path(
        "<int:pk>/ditolak.xlsx",
        upload_views.rejected,
        {"format": "xlsx"},
        name="rejected-xlsx",
    ),
    path("kemajuan/<str:token>/", upload_views.progress, name="progress"),
]
