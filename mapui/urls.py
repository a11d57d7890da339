from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("mulai/", views.start, name="start"),
    path("peta/", views.map_editor, name="map-editor"),
    path("peta/cari/", views.search, name="map-search"),
]
