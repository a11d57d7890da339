from django.urls import path

from . import views

app_name = "ogc"

urlpatterns = [
    path("", views.Landing.as_view(), name="landing"),
    path("conformance", views.Conformance.as_view(), name="conformance"),
    path("api", views.Api.as_view(), name="api"),
    path("collections", views.Collections.as_view(), name="collections"),
    path(
        "collections/<str:collection_id>",
        views.CollectionView.as_view(),
        name="collection",
    ),
    path(
        "collections/<str:collection_id>/items",
        views.Items.as_view(),
        name="items",
    ),
    path(
        "collections/<str:collection_id>/items/<str:fid>",
        views.Item.as_view(),
        name="item",
    ),
]
