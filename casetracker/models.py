"""Cross-cutting models: users, organizations and their members' roles."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


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
        ENGLISH = "en", "English"
        RUSSIAN = "ru", "Русский"

    username = None
    email = models.EmailField("email address", unique=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    time_zone = models.CharField(max_length=64, default="America/New_York", help_text="IANA time zone name.")
    email_reminders = models.BooleanField(default=True, help_text="Send hearing and deadline reminders by email.")
    email_digest = models.BooleanField(default=True, help_text="Send a daily digest of the next 7 days.")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Organization(models.Model):
    """An advocacy group, law clinic or firm that owns cases."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    case_prefix = models.CharField(
        max_length=8,
        unique=True,
        help_text="Upper-case letters that start this organization's case references, e.g. RADR.",
    )
    rule_offsets = models.JSONField(
        default=dict,
        blank=True,
        help_text='Deadline rule offsets that differ from the defaults, e.g. {"bia_appeal": 30}.',
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organization."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        ADVOCATE = "advocate", "Advocate"
        LAWYER = "lawyer", "Lawyer"
        VIEWER = "viewer", "Viewer"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
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

    name = models.CharField(max_length=40, primary_key=True)
    seen_at = models.DateTimeField()

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
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Failed login"
        LOGOUT = "logout", "Logged out"
        VIEW = "view", "Viewed"
        SEARCH = "search", "Searched"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        ARCHIVE = "archive", "Archived"
        RESTORE = "restore", "Restored from the archive"
        DOWNLOAD = "download", "Downloaded a document"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        FEED = "feed", "Calendar feed created, rotated or revoked"
        SECURITY = "security", "Security setting changed"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT, not SET_NULL: the database refuses any UPDATE of an audit row, so a user
    # or organization with a history is deactivated, never deleted.
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Empty for the system."
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=60, blank=True, help_text="app_label.model of the object, if any.")
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(
        max_length=120, blank=True, help_text="A reference, never a name or an A-number (e.g. RADR-2025-0042)."
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="Filters, row counts, channel (ui/api): no personal data.")

    objects = AuditQuerySet.as_manager()

    class Meta:
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
