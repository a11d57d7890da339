from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("peta/", views.map_editor, name="map-editor"),
]
