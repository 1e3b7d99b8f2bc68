"""Model permissions from organization roles (object visibility lives in the selectors).

Which rows a user sees is decided by the scoping functions in cases/selectors.py and
detentions/selectors.py; this backend only answers "may this user view / add /
change this kind of record at all", from the strongest role the user holds in any
organization. Nobody but a superuser gets a delete permission: records are archived,
not deleted.
"""

from collections.abc import Iterable

from django.contrib.auth.backends import ModelBackend

from .models import Membership, User

Role = Membership.Role

# Models holding case data, as "app_label.model_name".
DOMAIN_MODELS = (
    "cases.person",
    "cases.personrelationship",
    "cases.case",
    "cases.caseassignment",
    "cases.hearing",
    "cases.deadline",
    "cases.note",
    "cases.document",
    "cases.litigation",
    "cases.litigationparty",
    "detentions.custody",
    "detentions.incident",
    "detentions.flight",
    "detentions.flightleg",
    "detentions.passenger",
)
# Shared reference tables: every member reads them, only superusers change them.
REFERENCE_MODELS = (
    "cases.country",
    "cases.language",
    "cases.immigrationcourt",
    "cases.referencecode",
    "detentions.facility",
    "detentions.airport",
)
# What a lawyer records on the cases they are assigned to.
LAWYER_WRITES = (
    "cases.hearing",
    "cases.note",
    "cases.document",
    "cases.deadline",
    "detentions.incident",
    "detentions.passenger",
)
READ = ("view",)
WRITE = ("view", "add", "change")


def _grant(models: Iterable[str], actions: Iterable[str]) -> frozenset[str]:
    """Permission names ("cases.view_case") for every model and action."""
    perms = set()
    for label in models:
        app_label, model_name = label.split(".")
        perms.update(f"{app_label}.{action}_{model_name}" for action in actions)
    return frozenset(perms)


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: _grant(DOMAIN_MODELS, WRITE)
    | _grant(REFERENCE_MODELS, READ)
    | _grant(["casetracker.membership"], WRITE)
    | _grant(["casetracker.organization"], READ),
    Role.ADVOCATE: _grant(DOMAIN_MODELS, WRITE) | _grant(REFERENCE_MODELS, READ),
    Role.LAWYER: _grant(DOMAIN_MODELS + REFERENCE_MODELS, READ) | _grant(LAWYER_WRITES, WRITE),
    Role.VIEWER: _grant(DOMAIN_MODELS + REFERENCE_MODELS, READ),
}
# Everyone reads their own reminders and alerts (coordinators: the organization's).
for _role in ROLE_PERMISSIONS:
    ROLE_PERMISSIONS[_role] |= _grant(["cases.delivery"], READ)

# Strongest first: a user's model permissions come from the first role they hold.
ROLE_STRENGTH = (Role.COORDINATOR, Role.ADVOCATE, Role.LAWYER, Role.VIEWER)


def strongest_role(roles: Iterable[str]) -> str | None:
    held = set(roles)
    return next((role for role in ROLE_STRENGTH if role in held), None)


def role_permissions(user: User) -> frozenset[str]:
    """Permissions the user's strongest role grants, cached on the user for the request."""
    cached = getattr(user, "_ct_role_perm_cache", None)
    if cached is not None:
        return cached
    perms: frozenset[str] = frozenset()
    if user.is_active and user.is_staff and not user.is_anonymous:
        roles = Membership.objects.filter(user=user).values_list("role", flat=True)
        role = strongest_role(roles)
        perms = ROLE_PERMISSIONS.get(role, frozenset())
    user._ct_role_perm_cache = perms
    return perms


class RoleBackend(ModelBackend):
    """Email + password login; permissions derived from the user's roles."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        # ModelBackend gives superusers every permission and caches per user object.
        perms = super().get_all_permissions(user_obj, obj)
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous or user_obj.is_superuser:
            return perms
        if not hasattr(user_obj, "_ct_all_perm_cache"):
            user_obj._ct_all_perm_cache = {*perms, *role_permissions(user_obj)}
        return user_obj._ct_all_perm_cache

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return user_obj.is_active and perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        prefix = f"{app_label}."
        return user_obj.is_active and any(perm.startswith(prefix) for perm in self.get_all_permissions(user_obj))
