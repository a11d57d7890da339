from django.urls import path

from . import export_views

app_name = "exports"
urlpatterns = [
    path("", export_views.export_page, name="page"),
    path("ringkasan/", export_views.summary_download, name="summary"),
]
