from django.urls import path

from nestling.reports import views

urlpatterns = [
    path("reports/", views.dashboard, name="reports_dashboard"),
    path("reports/measures/<slug:measure_key>/families/", views.measure_drilldown, name="reports_drilldown"),
    path("reports/funder/", views.funder_table, name="reports_funder"),
    path("reports/funder/download/", views.funder_download, name="reports_funder_download"),
    path("reports/data-quality/", views.data_quality, name="reports_data_quality"),
    path("reports/exports/", views.exports, name="reports_exports"),
    path("reports/exports/<uuid:export_uuid>/", views.export_detail, name="reports_export"),
    path(
        "reports/exports/<uuid:export_uuid>/download/", views.export_download, name="reports_export_download"
    ),
]
