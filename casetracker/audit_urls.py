"""The audit log for coordinators, and the permission-checked document download."""

from django.urls import path

from cases import document_views

from . import audit_views

urlpatterns = [
    path("audit/", audit_views.audit_log, name="audit-log"),
    path("audit/export.csv", audit_views.audit_log_export, name="audit-log-export"),
    path("documents/<int:document_id>/download/", document_views.document_download, name="document-download"),
]
