from django.urls import path

from nestling.reports import views

urlpatterns = [
    path("reports/", views.dashboard, name="reports_dashboard"),
    path("reports/measures/<slug:measure_key>/families/", views.measure_drilldown, name="reports_drilldown"),
    path("reports/funder/", views.funder_table, name="reports_funder"),
    path("reports/funder/download/", views.funder_download, name="reports_funder_download"),
    path("reports/data-quality/", views.data_quality, name="reports_data_quality"),
]
