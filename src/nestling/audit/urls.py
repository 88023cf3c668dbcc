from django.urls import path

from nestling.audit import views

urlpatterns = [path("audit/", views.audit_list, name="audit_list")]
