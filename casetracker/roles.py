"""Who may do what, by organization role. Object visibility lives in the selectors."""

from .models import Membership, Organization, User

Role = Membership.Role

# Roles that see every case of their organization; the others see assigned cases only.
SEES_ALL_CASES = frozenset({Role.COORDINATOR, Role.ADVOCATE})
# Roles that may create and change case data.
WRITES = frozenset({Role.COORDINATOR, Role.ADVOCATE, Role.LAWYER})


def role_in(user: User, organization: Organization | int) -> str | None:
    """The user's role in the organization, or None when not a member."""
    org_id = organization if isinstance(organization, int) else organization.pk
    if not user.is_authenticated:
        return None
    roles = getattr(user, "_ct_roles", None)
    if roles is None:
        roles = dict(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        user._ct_roles = roles
    return roles.get(org_id)


def can_write(user: User, organization: Organization | int) -> bool:
    return user.is_superuser or role_in(user, organization) in WRITES


def is_coordinator(user: User, organization: Organization | int) -> bool:
    return user.is_superuser or role_in(user, organization) == Role.COORDINATOR
