from django.urls import path, register_converter

from . import report_views


class ExportFormat:
    regex = "csv|xlsx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export_format")

urlpatterns = [
    path("reports/", report_views.index, name="reports"),
    path("reports/case-summary/<int:case_id>.pdf", report_views.case_summary, name="report-case-summary"),
    path("reports/jobs/<int:pk>/", report_views.job_page, name="report-job"),
    path("reports/jobs/<int:pk>/status.json", report_views.job_status, name="report-job-status"),
    path("reports/jobs/<int:pk>/download/", report_views.job_download, name="report-job-download"),
    path("reports/<slug:slug>.<export_format:fmt>", report_views.report_export, name="report-export"),
    path("reports/<slug:slug>/", report_views.report_page, name="report"),
]
