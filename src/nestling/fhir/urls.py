from django.urls import path

from nestling.fhir import views

urlpatterns = [
    path("fhir/metadata", views.metadata, name="fhir_metadata"),
    path("fhir/$import-family", views.import_family, name="fhir_import_family"),
    path("fhir/Patient/<uuid:patient_uuid>/$everything", views.everything, name="fhir_everything"),
    path("fhir/<str:resource_type>/<str:resource_id>", views.read, name="fhir_read"),
    path("fhir/<str:resource_type>", views.search, name="fhir_search"),
    path("families/<uuid:family_uuid>/copy/record.json", views.family_copy_json, name="fhir_family_bundle"),
    path("families/<uuid:family_uuid>/copy/summary.pdf", views.family_copy_pdf, name="fhir_family_summary"),
]
