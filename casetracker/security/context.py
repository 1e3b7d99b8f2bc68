"""Template context for allauth's pages, so that they sit inside the admin layout."""

from django.contrib import admin
from django.http import HttpRequest

ALLAUTH_PREFIX = "/accounts/"


def admin_layout(request: HttpRequest) -> dict:
    if not request.path.startswith(ALLAUTH_PREFIX):
        return {}
    return {**admin.site.each_context(request), "allauth_page": True}
