"""Model permissions from organization roles (object visibility lives in the selectors)."""

from django.contrib.auth.backends import ModelBackend


class RoleBackend(ModelBackend):
    """Email + password login; permissions derived from the user's roles."""
