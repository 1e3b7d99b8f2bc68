"""The client's address, aware of the reverse proxies in front of the app."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the outermost trusted proxy saw, or REMOTE_ADDR when there is none.

    With CT_TRUSTED_PROXY_COUNT=n (nginx, a load balancer...), the n-th address from
    the right of X-Forwarded-For is the client: everything left of it was written by
    the client itself and cannot be trusted.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "CT_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
