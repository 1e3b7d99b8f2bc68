"""The advocates' pages (cases/ui_views.py), behind the admin site's login."""

from django.contrib import admin
from django.urls import path

from casetracker.i18n import set_language

from . import document_views, ui_views

site = admin.site

urlpatterns = [
    path("search/", site.admin_view(ui_views.search_view), name="ui-search"),
    path("intake/", site.admin_view(ui_views.intake_view), name="ui-intake"),
    path("case/<int:pk>/", site.admin_view(ui_views.case_view), name="ui-case"),
    path(
        "case/<int:pk>/<slug:action>/",
        site.admin_view(ui_views.case_action),
        name="ui-case-action",
    ),
    # The same URL as "document-download" (casetracker/audit_urls.py), served by the one
    # hardened view: attachment, nosniff, sandbox CSP, audited.
    path("documents/<int:pk>/download/", site.admin_view(document_views.document_download), name="ui-document"),
    path("language/", set_language, name="ui-language"),
]
