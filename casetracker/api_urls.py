"""/api/v1/ (the REST API), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI, offline)."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, include, path, re_path, resolve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cases.api import views as cases
from detentions.api import views as detentions

from .api_auth import LogoutAllView, LogoutView, TokenView

app_name = "api"


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown /api/ paths answer in JSON instead of falling through to the admin's login page
    (a path missing only its trailing slash is redirected, as APPEND_SLASH would)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse({"detail": "Not found."}, status=404)


router = DefaultRouter()
router.register("people", cases.PersonViewSet, basename="person")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("hearings", cases.HearingViewSet, basename="hearing")
router.register("deadlines", cases.DeadlineViewSet, basename="deadline")
router.register("notes", cases.NoteViewSet, basename="note")
router.register("documents", cases.DocumentViewSet, basename="document")
router.register("courts", cases.CourtViewSet, basename="court")
router.register("codes", cases.ReferenceCodeViewSet, basename="referencecode")
router.register("litigation", cases.LitigationViewSet, basename="litigation")
router.register("facilities", detentions.FacilityViewSet, basename="facility")
router.register("airports", detentions.AirportViewSet, basename="airport")
router.register("custody", detentions.CustodyViewSet, basename="custody")
router.register("incidents", detentions.IncidentViewSet, basename="incident")
router.register("flights", detentions.FlightViewSet, basename="flight")
router.register("passengers", detentions.PassengerViewSet, basename="passenger")

urlpatterns = [
    path("api/v1/auth/token/", TokenView.as_view(), name="token"),
    path("api/v1/auth/logout/", LogoutView.as_view(), name="logout"),
    path("api/v1/auth/logout-all/", LogoutAllView.as_view(), name="logout-all"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its init script as a file (?script), so a strict CSP
    # (script-src 'self') needs no inline script for the docs page.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    re_path(r"^api/(?P<rest>.*)$", not_found),
]
