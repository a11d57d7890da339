from django.urls import path

from . import views

app_name = "perda"

urlpatterns = [
    path("", views.city, name="city"),
    path("ambang/", views.thresholds, name="thresholds"),
    path("fasilitas/<int:pk>/layanan.json", views.service_area, name="service-area"),
    path("<slug:slug>/", views.kelurahan, name="kelurahan"),
    path("<slug:slug>/rt/<int:rt_id>.json", views.rt_records, name="rt-records"),
    path("<slug:slug>/laporan/", views.report_index, name="report-index"),
    path("<slug:slug>/laporan/<str:month>/", views.report_page, name="report"),
    path("<slug:slug>/laporan/<str:month>.pdf", views.report_pdf, name="report-pdf"),
]
