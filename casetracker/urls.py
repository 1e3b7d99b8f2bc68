from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("cases.reminder_urls")),
    path("", include("casetracker.security.urls")),
    path("", include("casetracker.audit_urls")),
    path("", include("casetracker.api_urls")),
    path("", include("cases.calendar_urls")),
    path("", include("cases.report_urls")),
    path("", include("cases.import_urls")),
    path("", include("cases.ui_urls")),
    # The admin site is the browser UI: "/" is its dashboard, "/login/" its login page.
    path("", admin.site.urls),
]
