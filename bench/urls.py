"""The application's URLs plus the peer: a stock Django admin for the same models.

Mounted only while the benchmarks run (override_settings(ROOT_URLCONF="bench.urls")),
never in the application. The stock admins are what a team would write with the
Django documentation in hand: the same columns, filters and search, and nothing else
— default paginator with exact counts, no scoping function, no special indexes.
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import path

from casetracker.models import Membership
from casetracker.urls import urlpatterns as app_urlpatterns
from cases.models import Case, Person


class StockSite(admin.AdminSite):
    site_header = "Stock Django admin (benchmark peer)"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def get_urls(self) -> list:
        # The project's admin templates link to the header search box by name.
        return [path("search/", self.admin_view(lambda request: HttpResponse("")), name="search"), *super().get_urls()]


class ReadOnly(admin.ModelAdmin):
    list_per_page = 50  # as ours, so that page N holds the same rows
    def get_queryset(self, request: HttpRequest):
        # The same rows the coordinator sees: their organizations' records.
        orgs = Membership.objects.filter(user=request.user).values("organization_id")
        return super().get_queryset(request).filter(organization_id__in=orgs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return True

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class StockCaseAdmin(ReadOnly):
    list_display = ("reference", "person", "stage", "outcome", "court", "attorney", "representation")
    list_filter = ("stage", "outcome", "kind", "docket", "representation", "court")
    search_fields = ("reference", "person__family_name", "person__given_names", "person__native_name")


class StockPersonAdmin(ReadOnly):
    list_display = ("family_name", "given_names", "a_number", "date_of_birth", "citizenship", "organization")
    list_filter = ("organization", "citizenship", "sex", "interpreter_needed")
    search_fields = ("family_name", "given_names", "native_name", "a_number")


stock_site = StockSite(name="stock")
stock_site.register(Case, StockCaseAdmin)
stock_site.register(Person, StockPersonAdmin)

urlpatterns = [path("bench-stock/", stock_site.urls), *app_urlpatterns]
