"""The project's URLs plus one sensitive view, for the re-authentication tests."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path

from casetracker.security.reauth import needs_reauthentication, redirect_to_reauthenticate, reauthentication_required


@login_required
@reauthentication_required
def export(request):
    return HttpResponse(f"exported by {request.method}")


@login_required
def create_token(request):
    if needs_reauthentication(request):
        return redirect_to_reauthenticate(request)
    return HttpResponse("token created")


urlpatterns = [
    path("sensitive/export/", export),
    path("sensitive/token/", create_token),
    path("", include("casetracker.urls")),
]
