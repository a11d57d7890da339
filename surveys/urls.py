from django.urls import path

from . import views

app_name = "uploads"

urlpatterns = [
    path("", views.upload, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/periksa/", views.check, name="check"),
    path("<int:pk>/simpan/", views.commit, name="commit"),
    path("<int:pk>/ditolak.csv", views.rejected, name="rejected"),
    path(
        "<int:pk>/ditolak.xlsx",
        views.rejected,
        {"format": "xlsx"},
        name="rejected-xlsx",
    ),
    path("kemajuan/<str:token>/", views.progress, name="progress"),
]
