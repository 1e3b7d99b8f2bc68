"""API tokens: POST email + password to /api/v1/auth/token/, send `Authorization: Token <key>`.

Tokens are knox tokens: stored only as a hash, expiring (REST_KNOX TOKEN_TTL, 10 h by
default), revoked one at a time by logout or all at once by logout-all.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from knox.models import AuthToken
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import audit


class TokenRequest(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=256, trim_whitespace=False, style={"input_type": "password"})


class TokenResponse(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`. Shown once.")
    expiry = serializers.DateTimeField(allow_null=True)


@extend_schema(
    tags=["auth"],
    request=TokenRequest,
    responses={200: TokenResponse},
    examples=[OpenApiExample("Sign in", value={"email": "advocate@example.org", "password": "..."}, request_only=True)],
)
class TokenView(APIView):
    """Exchange an email and password for an API token."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    def get_authenticate_header(self, request) -> str:
        return "Token"  # a refused sign-in is 401, like any failed authentication

    def post(self, request):
        body = TokenRequest(data=request.data)
        body.is_valid(raise_exception=True)
        user = authenticate(request, username=body.validated_data["email"], password=body.validated_data["password"])
        if user is None or not user.is_active:
            audit.record("login_failed", request=request, channel="api")
            raise exceptions.AuthenticationFailed(_("Email or password is not right."))
        instance, token = AuthToken.objects.create(user)
        audit.record("login", actor=user, request=request, channel="api")
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_200_OK)


@extend_schema(tags=["auth"], request=None, responses={204: None})
class LogoutView(KnoxLogoutView):
    """Revoke the token this request was made with."""


@extend_schema(tags=["auth"], request=None, responses={204: None})
class LogoutAllView(KnoxLogoutAllView):
    """Revoke every token of the signed-in user."""


