"""The admin: the scoping and service plumbing every domain admin shares, and the
admins of users, organizations and memberships.

Every domain ModelAdmin derives from ScopedModelAdmin (every inline from
ScopedTabularInline / ScopedStackedInline) so that:

- lists, change pages, autocomplete results and inlines start from the scoping
  functions in cases/selectors.py and detentions/selectors.py: a row the user may
  not see "doesn't exist" (the admin redirects with that message);
- foreign-key and many-to-many choices come from the related model's admin, so a
  form never offers (or accepts) another organization's person or case;
- writes to an organization's records need a writing role in that organization, and
  nobody but a superuser deletes anything (records are archived);
- a ValidationError raised by a service while saving re-renders the form with the
  error on the right field instead of a 500 (see ServiceModelForm).
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from . import audit
from .models import AuditEntry, Heartbeat, Membership, Organization, User
from .pagination import EstimatedCountPaginator
from .roles import WRITES, can_write, is_coordinator

CONFLICT_MESSAGE = _(
    "This {name} was changed by someone else after you opened it. "
    "Reload it to see their changes, then make yours again."
)


# --- Who may write where -------------------------------------------------------------


def write_organizations(user: User) -> QuerySet[Organization]:
    """Organizations in which the user may create and change records."""
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=WRITES)


def coordinated_organizations(user: User) -> QuerySet[Organization]:
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user, memberships__role=Membership.Role.COORDINATOR)


def colleagues(user: User) -> QuerySet[User]:
    """Users who share an organization with the user (choices for 'assign to' fields)."""
    if user.is_superuser:
        return User.objects.all()
    member_orgs = Membership.objects.filter(user=user).values("organization_id")
    return User.objects.filter(is_active=True, memberships__organization_id__in=member_orgs).distinct()


def archive(queryset: QuerySet) -> int:
    """Archive instead of delete, for models without an archive service: stamp archived_at.

    People and cases go through cases.services.person_archive / case_archive instead
    (archived_by, reason, history and audit); see ScopedModelAdmin.archiver.
    """
    with transaction.atomic():
        return queryset.filter(archived_at__isnull=True).update(archived_at=timezone.now())


def confirmation_text(obj: models.Model) -> str:
    """What a superuser types to confirm a real delete: the case reference, or e.g. "person-12"."""
    return getattr(obj, "reference", "") or f"{obj._meta.model_name}-{obj.pk}"


class ArchivedListFilter(admin.SimpleListFilter):
    """Archived records drop out of the working lists unless asked for."""

    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("no", _("Active")), ("yes", _("Archived")), ("all", _("All"))]

    def choices(self, changelist):
        current = self.value() or "no"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or "no"
        if value == "all":
            return queryset
        return queryset.filter(archived_at__isnull=(value == "no"))


# --- Forms: optimistic locking and service errors ----------------------------------


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that refuses stale versions and shows service errors on their fields.

    The admin's save_model runs after validation, so a service that refuses the save
    raises there. ScopedModelAdmin then renders the page once more with that error
    attached to this form (service_error): the user sees it on the field it names and
    keeps what they typed.
    """

    service_error: ValidationError | None = None
    # Service argument names that differ from the form field they concern.
    service_error_fields: dict[str, str] = {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        version = cleaned.get("version")
        if "version" in self.fields and self.instance.pk and version is not None:
            current = type(self.instance).objects.filter(pk=self.instance.pk, version=version)
            if not current.exists():
                raise ValidationError(
                    CONFLICT_MESSAGE.format(name=self.instance._meta.verbose_name), code="conflict"
                )
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.service_error is not None:
            self.add_service_error(self.service_error)

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = self.service_error_fields.get(name, name)
            self.add_error(field if field in self.fields else None, errors)


def form_fields(form: forms.ModelForm, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Cleaned values of the form's concrete model fields (no many-to-many), for a create service."""
    opts = form._meta.model._meta
    skip = {"version", opts.pk.name, *exclude}
    concrete = {field.name for field in opts.concrete_fields}
    return {name: value for name, value in form.cleaned_data.items() if name in concrete and name not in skip}


def form_changes(form: forms.ModelForm, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Cleaned values of the concrete model fields the user changed, for an update service."""
    changed = set(form.changed_data)
    return {name: value for name, value in form_fields(form, exclude=exclude).items() if name in changed}


def adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's unsaved instance the row a service just created.

    The admin goes on to log, save many-to-many fields and redirect with `obj`.
    """
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def drop_field(fields: Sequence, name: str) -> tuple:
    """A fieldset's field list without `name` (rows of fields included)."""
    kept = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            row = tuple(f for f in field if f != name)
            if row:
                kept.append(row)
        elif field != name:
            kept.append(field)
    return tuple(kept)


# --- Audit of what is done and seen through the admin ------------------------------


class AuditedAdminMixin:
    """Creates, changes and deletes through the admin go to the append-only audit log
    (the admin's own LogEntry can be edited and deleted, so it is not enough)."""

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any):
        entry = super().log_addition(request, obj, message)
        audit.record(AuditEntry.Action.CREATE, request=request, obj=obj, channel="admin")
        return entry

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any):
        entry = super().log_change(request, obj, message)
        fields = audit.admin_change_fields(message)
        audit.record(AuditEntry.Action.CHANGE, request=request, obj=obj, channel="admin", fields=fields)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Iterable[models.Model]):
        for obj in queryset:
            audit.record(AuditEntry.Action.DELETE, request=request, obj=obj, channel="admin")
        return super().log_deletions(request, queryset)


# --- Scoping shared by model admins and inlines -------------------------------------


class ScopingMixin:
    """Querysets from a scoping function; choices from the related models' admins."""

    # The scoping function (e.g. cases_visible_to); None: every row (reference tables).
    scope: Callable[[User], QuerySet] | None = None
    # Lookups from a row to the organization that owns it, e.g. ("case__organization",);
    # writing needs a writing role there. Empty: not owned by an organization.
    owner: tuple[str, ...] = ()
    # select_related applied to every queryset (lists, autocomplete, choices).
    related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        if self.scope is None or request.user.is_superuser:
            queryset = self.model._default_manager.get_queryset()
        else:
            queryset = self.scope(request.user)
        if self.related:
            queryset = queryset.select_related(*self.related)
        ordering = self.get_ordering(request)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return queryset

    def writable_queryset(self, request: HttpRequest) -> QuerySet:
        """Rows the user may pick when creating or changing something that refers to them."""
        queryset = self.get_queryset(request)
        if request.user.is_superuser or not self.owner:
            return queryset
        orgs = write_organizations(request.user).values("pk")
        condition = Q()
        for lookup in self.owner:
            condition |= Q(**{f"{lookup}__in": orgs})
        return queryset.filter(condition)

    def owner_organization_id(self, obj: models.Model) -> int | None:
        for lookup in self.owner:
            target: Any = obj
            *path, last = lookup.split("__")
            for step in path:
                target = getattr(target, step, None)
                if target is None:
                    break
            else:
                org_id = getattr(target, f"{last}_id", None)
                if org_id is not None:
                    return org_id
        return None

    def may_write(self, request: HttpRequest, obj: models.Model | None) -> bool:
        if obj is None or obj.pk is None or request.user.is_superuser or not self.owner:
            return True
        org_id = self.owner_organization_id(obj)
        return org_id is None or can_write(request.user, org_id)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        # Archive instead of delete: only a superuser repairing data deletes.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def choice_queryset(self, request: HttpRequest, model: type[models.Model]) -> QuerySet | None:
        if model is Organization:
            return write_organizations(request.user)
        if model is User:
            return colleagues(request.user)
        related_admin = self.admin_site._registry.get(model)
        if isinstance(related_admin, ScopingMixin):
            return related_admin.writable_queryset(request)
        if related_admin is not None:
            return related_admin.get_queryset(request)
        return None

    def get_autocomplete_fields(self, request: HttpRequest) -> Sequence[str]:
        # An autocomplete widget asks the related model's admin, which refuses users
        # without view permission there (users, for non-superusers): give those a
        # plain select of the scoped choices instead.
        fields = []
        for name in super().get_autocomplete_fields(request):
            remote = self.model._meta.get_field(name).remote_field.model
            related_admin = self.admin_site._registry.get(remote)
            if related_admin is not None and related_admin.has_view_permission(request):
                fields.append(name)
        return fields

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "queryset" not in kwargs:
            queryset = self.choice_queryset(request, db_field.remote_field.model)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if "queryset" not in kwargs:
            queryset = self.choice_queryset(request, db_field.remote_field.model)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "version":
            # The optimistic-locking counter travels with the form, unseen.
            return forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ScopedModelAdmin(AuditedAdminMixin, ScopingMixin, ModelAdmin):
    """Base of every domain admin (see the module docstring)."""

    form = ServiceModelForm
    list_per_page = 50
    # No COUNT(*) over millions of rows per page view: exact up to a cap, then the
    # planner's estimate (casetracker/pagination.py); no second count of the unfiltered list.
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None):
        if self.owner and request.method == "GET" and request.GET.get("q", "").strip():
            # That a search of case data happened is audited; what was searched is not kept.
            audit.record(
                AuditEntry.Action.SEARCH,
                request=request,
                organization_id=audit.organization_of(request.user),
                channel="admin",
                model=self.model._meta.label_lower,
            )
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and self.owner:
            # Seeing an organization's record is itself audited (one row per request).
            audit.audit_view(request, obj, channel="admin")
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self.may_write(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            return fieldsets
        # A new record has no version to lock against; a read-only view needs none.
        return [(name, {**options, "fields": drop_field(options["fields"], "version")}) for name, options in fieldsets]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        if "organization" not in initial and any(f.name == "organization" for f in self.model._meta.fields):
            orgs = list(write_organizations(request.user).values_list("pk", flat=True)[:2])
            if len(orgs) == 1:
                initial["organization"] = orgs[0]
        return initial

    def get_form(self, request: HttpRequest, obj: models.Model | None = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "_ct_service_error", None)
        if error is None or not issubclass(form, ServiceModelForm):
            return form
        return type(form.__name__, (form,), {"service_error": error})

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # A service refused the save; its transaction has been rolled back. Show
            # the same form again with the error on it.
            if request.method != "POST" or getattr(request, "_ct_service_error", None) is not None:
                raise
            request._ct_service_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        inline = getattr(formset, "ct_inline", None)
        if inline is None:
            super().save_formset(request, form, formset, change)
            return
        try:
            inline.save_formset(request, formset)
        except ValidationError as error:
            # Inline errors go to the top of the page, named after the inline.
            label = str(formset.model._meta.verbose_name).capitalize()
            raise ValidationError([f"{label}: {message}" for message in error.messages]) from error

    # Archive services (keyword arguments: the record's model name, by, reason); None:
    # archive() stamps the rows.
    archiver: Callable[..., bool] | None = None
    restorer: Callable[..., bool] | None = None

    def _writable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        writable = self.writable_queryset(request).filter(pk__in=queryset.values("pk"))
        return self.model._default_manager.filter(pk__in=writable.values("pk"))

    @admin.action(description=_("Archive selected"), permissions=["change"])
    def archive_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        rows = self._writable(request, queryset)
        if self.archiver is None:
            count = archive(rows)
        else:
            name = self.model._meta.model_name
            count = sum(self.archiver(**{name: row}, by=request.user, reason="") for row in rows)
        self.message_user(request, _("Archived: %(count)d.") % {"count": count})

    @admin.action(description=_("Restore selected from the archive"), permissions=["change"])
    def restore_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        if self.restorer is None:
            return
        name = self.model._meta.model_name
        count = sum(self.restorer(**{name: row}, by=request.user) for row in self._writable(request, queryset))
        self.message_user(request, _("Restored: %(count)d.") % {"count": count})

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        # A real delete needs the reference typed on the object's own delete page.
        actions.pop("delete_selected", None)
        if self.restorer is None:
            actions.pop("restore_selected", None)
        return actions

    delete_confirmation_template = "admin/casetracker/typed_delete_confirmation.html"

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_delete_permission(request, obj):
            return super().delete_view(request, object_id, extra_context)
        expected = confirmation_text(obj)
        context = {**(extra_context or {}), "confirmation_text": expected}
        if request.method == "POST" and request.POST.get("confirm", "").strip() != expected:
            context["confirmation_error"] = _("Type %(text)s exactly to delete.") % {"text": expected}
            request.POST = QueryDict()  # not confirmed: show the confirmation page again
        return super().delete_view(request, object_id, context)


class ScopedInlineMixin(ScopingMixin):
    """Inlines: scoped rows and choices; saving new rows through a service when one exists."""

    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        return queryset if self.has_view_or_change_permission(request) else queryset.none()

    def get_formset(self, request: HttpRequest, obj: models.Model | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.ct_inline = self
        return formset

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        parent_admin = self.admin_site._registry.get(self.parent_model)
        parent_ok = not isinstance(parent_admin, ScopingMixin) or parent_admin.may_write(request, obj)
        return parent_ok and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        parent_admin = self.admin_site._registry.get(self.parent_model)
        parent_ok = not isinstance(parent_admin, ScopingMixin) or parent_admin.may_write(request, obj)
        return parent_ok and super().has_add_permission(request, obj)

    def create(self, request: HttpRequest, parent: models.Model, obj: models.Model, form) -> models.Model:
        """Save a new inline row; override to call the service."""
        obj.save()
        return obj

    def update(self, request: HttpRequest, obj: models.Model, form) -> models.Model:
        """Save a changed inline row; override to call the service."""
        obj.save()
        return obj

    def save_formset(self, request: HttpRequest, formset) -> None:
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        forms_by_instance = {id(form.instance): form for form in formset.forms}
        for obj in formset.new_objects:
            saved = self.create(request, formset.instance, obj, forms_by_instance.get(id(obj)))
            if saved is not obj:
                adopt(obj, saved)
        for obj, _changed in formset.changed_objects:
            self.update(request, obj, forms_by_instance.get(id(obj)))
        formset.save_m2m()


class ScopedTabularInline(ScopedInlineMixin, TabularInline):
    pass


class ScopedStackedInline(ScopedInlineMixin, StackedInline):
    pass


# --- Users, organizations, memberships ----------------------------------------------


class EmailUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("email",)
        field_classes: dict = {}


class EmailUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes: dict = {}


class MembershipInline(TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("organization", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin, ModelAdmin):
    """Users log in with their email address; there is no username."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    change_password_form = AdminPasswordChangeForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language", "time_zone")}),
        (_("Reminders"), {"fields": ("email_reminders", "email_digest")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),
    )
    list_display = ("email", "first_name", "last_name", "is_staff", "is_superuser", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    inlines = (MembershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # Only superusers hold user permissions; the scoped queryset also feeds
        # "assign to" choices elsewhere.
        return colleagues(request.user).order_by("email")

    def get_inlines(self, request: HttpRequest, obj: User | None) -> tuple:
        return self.inlines if obj is not None else ()


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdminMixin, BaseGroupAdmin, ModelAdmin):
    pass


@admin.register(Organization)
class OrganizationAdmin(AuditedAdminMixin, ModelAdmin):
    list_display = ("name", "slug", "case_prefix", "created_at")
    search_fields = ("name", "slug", "case_prefix")
    readonly_fields = ("created_at",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(memberships__user=request.user).distinct()

    def has_delete_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, ModelAdmin):
    list_display = ("user", "user__email", "organization", "role", "created_at")
    list_filter = ("role", "organization")
    list_select_related = ("user", "organization")
    search_fields = ("user__email", "user__first_name", "user__last_name", "organization__name")
    readonly_fields = ("created_at",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        queryset = super().get_queryset(request).select_related("user", "organization")
        if request.user.is_superuser:
            return queryset
        coordinated = coordinated_organizations(request.user).values("pk")
        return queryset.filter(Q(organization_id__in=coordinated) | Q(user=request.user))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = coordinated_organizations(request.user)
        elif db_field.name == "user":
            kwargs["queryset"] = colleagues(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        orgs = list(coordinated_organizations(request.user).values_list("pk", flat=True)[:2])
        if len(orgs) == 1:
            initial.setdefault("organization", orgs[0])
        return initial

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_coordinator(request.user, obj.organization_id))

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Heartbeat)
class HeartbeatAdmin(ModelAdmin):
    """Read-only: background processes write these, /healthz reads them."""

    list_display = ("name", "seen_at")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Heartbeat | None = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Heartbeat | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Heartbeat | None = None) -> bool:
        return False
