from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.export_page, name="page"),
    path("ringkasan/", views.summary_download, name="summary"),
]
