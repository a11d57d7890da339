from django.urls import path

from . import api, views

app_name = "rasters"
urlpatterns = [
    path("", views.own_kelurahan, name="own"),
    path("k/<slug:slug>/", views.kelurahan_page, name="kelurahan"),
    path("k/<slug:slug>/unggah/", api.UploadView.as_view(), name="upload"),
    path("k/<slug:slug>/kandidat/", api.CandidatesView.as_view(), name="candidates"),
    path("k/<slug:slug>/kandidat/cari/", api.SearchView.as_view(), name="search"),
    path("unggahan/<int:pk>/", api.UploadStatusView.as_view(), name="upload-status"),
    path("<int:pk>/hapus/", api.RemoveView.as_view(), name="remove"),
    path("kandidat/<int:pk>/terima/", api.AcceptView.as_view(), name="accept"),
    path("kandidat/<int:pk>/tolak/", api.DismissView.as_view(), name="dismiss"),
    path(
        "petak/<int:pk>/statistik/",
        api.PlotStatisticsView.as_view(),
        name="plot-statistics",
    ),
    path(
        "<int:pk>/ubin/<int:z>/<int:x>/<int:y>.png",
        api.TileView.as_view(),
        name="tile",
    ),
]
