from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("cases.reminder_urls")),
    path("", include("cases.ui_urls")),
    # The admin site is the browser UI: "/" is its dashboard, "/login/" its login page.
    path("", admin.site.urls),
]
