"""Cross-cutting models: users, organizations and their members' roles."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person who logs in: advocate, lawyer, coordinator, viewer or administrator."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        RUSSIAN = "ru", _("Русский")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York", help_text=_("IANA time zone name."))
    email_reminders = models.BooleanField(_("email reminders"), default=True, help_text=_("Send hearing and deadline reminders by email."))
    email_digest = models.BooleanField(_("email digest"), default=True, help_text=_("Send a daily digest of the next 7 days."))

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Organization(models.Model):
    """An advocacy group, law clinic or firm that owns cases."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    case_prefix = models.CharField(
        _("case prefix"),
        max_length=8,
        unique=True,
        help_text=_("Upper-case letters that start this organization's case references, e.g. RADR."),
    )
    rule_offsets = models.JSONField(
        _("rule offsets"),
        default=dict,
        blank=True,
        help_text=_('Deadline rule offsets that differ from the defaults, e.g. {"bia_appeal": 30}.'),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organization."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        ADVOCATE = "advocate", _("Advocate")
        LAWYER = "lawyer", _("Lawyer")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_user_org_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"

    @property
    def sees_all_cases(self) -> bool:
        """Coordinators and advocates see every case of their organization."""
        return self.role in {self.Role.COORDINATOR, self.Role.ADVOCATE}


class Heartbeat(models.Model):
    """Last time a background process proved it was alive (read by /healthz)."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    seen_at = models.DateTimeField(_("seen at"))

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class AuditQuerySet(models.QuerySet):
    """Audit rows are append-only: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self):
        raise PermissionError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One thing somebody did or saw: append-only, written through casetracker.audit.record."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        VIEW = "view", _("Viewed")
        SEARCH = "search", _("Searched")
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        ARCHIVE = "archive", _("Archived")
        RESTORE = "restore", _("Restored from the archive")
        DOWNLOAD = "download", _("Downloaded a document")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")
        FEED = "feed", _("Calendar feed created, rotated or revoked")
        SECURITY = "security", _("Security setting changed")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    # PROTECT, not SET_NULL: the database refuses any UPDATE of an audit row, so a user
    # or organization with a history is deactivated, never deleted.
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the system."),
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    object_type = models.CharField(_("object type"), max_length=60, blank=True, help_text=_("app_label.model of the object, if any."))
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(
        _("object label"),
        max_length=120, blank=True, help_text=_("A reference, never a name or an A-number (e.g. RADR-2025-0042).")
    )
    ip = models.GenericIPAddressField(_("ip"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, help_text=_("Filters, row counts, channel (ui/api): no personal data."))

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")
