"""Admin for people, cases, hearings, deadlines, notes, documents, litigation and the
reference tables. Scoping and service plumbing: casetracker/admin.py."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from casetracker.admin import (
    ArchivedListFilter,
    ScopedModelAdmin,
    ScopedTabularInline,
    ServiceModelForm,
    adopt,
    drop_field,
    form_changes,
    form_fields,
)
from casetracker import audit
from casetracker.locking import save_versioned
from casetracker.models import User
from detentions.models import Custody

from . import services
from .admin_filters import (
    ColleagueListFilter,
    CustodyStatusFilter,
    FacilityFilter,
    OrganizationListFilter,
    PersonCustodyStatusFilter,
    PersonFacilityFilter,
    PersonStateFilter,
    ReferenceListFilter,
    RepresentedFilter,
    StateFilter,
)
from .anumber import looks_like_anumber, parse_anumber
from .models import (
    Case,
    CaseAssignment,
    Country,
    Deadline,
    Document,
    Hearing,
    ImmigrationCourt,
    Language,
    Litigation,
    LitigationParty,
    Note,
    Person,
    PersonRelationship,
    ReferenceCode,
)
from .names import search_key
from .selectors import (
    cases_visible_to,
    deadlines_visible_to,
    documents_visible_to,
    hearings_visible_to,
    litigation_visible_to,
    notes_visible_to,
    people_visible_to,
)

# --- Search --------------------------------------------------------------------------


class PersonSearchMixin:
    """Search by a person's name in any script, or by A-number written any way.

    The query goes through the same folding as Person.search_key, so "Андрей",
    "Andrey Vovchenko" and "VOVCHENKO" all find Andrei Vovchenko; an A-number query
    ("A-123-456-789") matches the stored nine digits exactly.
    """

    person_path = ""  # lookup prefix from the admin's model to Person, e.g. "person__"
    raw_search_fields: tuple[str, ...] = ()  # also matched against the query as typed

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        term = search_term.strip()
        if not term:
            return queryset, False
        if looks_like_anumber(term):
            return queryset.filter(**{f"{self.person_path}a_number": parse_anumber(term)}), False
        condition = Q(pk__in=[])
        tokens = search_key(term).split()
        if tokens:
            name = Q()
            for token in tokens:
                name &= Q(**{f"{self.person_path}search_key__contains": token})
            condition |= name
        for field in self.raw_search_fields:
            condition |= Q(**{f"{field}__icontains": term})
        return queryset.filter(condition), False


def facility_now(person_ref: str) -> Subquery:
    """Name of the facility the person is held in now, as one subquery per list page."""
    open_stay = Custody.objects.filter(person=OuterRef(person_ref), released_on__isnull=True)
    return Subquery(open_stay.values("facility__name")[:1])


class AuditedViewMixin:
    """Opening a record's page is written to the audit log (a reference, never a name)."""

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original") if request.method == "GET" else None
        if original is not None:
            audit.audit_view(request, original, channel="admin")  # once per request, whichever hook comes first
        return response


# --- People --------------------------------------------------------------------------


def relationships_visible_to(user: User) -> QuerySet[PersonRelationship]:
    visible = people_visible_to(user).values("pk")
    return PersonRelationship.objects.filter(person_id__in=visible, relative_id__in=visible)


class PersonForm(ServiceModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("a_number")
        if field is not None:
            # Typed as A-123-456-789 or with spaces; stored as nine digits after cleaning.
            field.max_length = 20
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
            field.widget.attrs["maxlength"] = "20"

    def clean_a_number(self) -> str:
        value = self.cleaned_data.get("a_number") or ""
        return parse_anumber(value) if value else ""


class PersonRelationshipInline(ScopedTabularInline):
    model = PersonRelationship
    fk_name = "person"
    scope = staticmethod(relationships_visible_to)
    owner = ("person__organization",)
    related = ("relative",)
    fields = ("relative", "kind")
    autocomplete_fields = ("relative",)
    show_change_link = False

    def create(self, request: HttpRequest, parent: Person, obj: PersonRelationship, form) -> PersonRelationship:
        return services.relationship_add(person=parent, relative=obj.relative, kind=obj.kind, by=request.user)

    def update(self, request: HttpRequest, obj: PersonRelationship, form) -> PersonRelationship:
        return services.relationship_add(person=obj.person, relative=obj.relative, kind=obj.kind, by=request.user)


@admin.register(Person)
class PersonAdmin(AuditedViewMixin, PersonSearchMixin, ScopedModelAdmin):
    scope = staticmethod(people_visible_to)
    owner = ("organization",)
    form = PersonForm
    list_display = (
        "display_name", "native_name", "a_number_shown", "date_of_birth", "citizenship", "facility_shown", "organization"
    )
    list_select_related = ("citizenship", "organization")
    list_filter = (
        ArchivedListFilter,
        PersonCustodyStatusFilter,
        PersonFacilityFilter,
        PersonStateFilter,
        ("organization", OrganizationListFilter),
        ("citizenship", ReferenceListFilter),
        "sex",
        "interpreter_needed",
    )
    search_fields = ("search_key", "a_number")
    search_help_text = _("Name in any script, or A-number.")
    autocomplete_fields = ("citizenship", "country_of_birth", "languages", "preferred_language")
    readonly_fields = ("search_key", "archived_at", "archived_by", "archive_reason", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "organization",
                    ("family_name", "given_names"),
                    "native_name",
                    "aliases",
                    "a_number",
                    ("date_of_birth", "sex"),
                    ("citizenship", "country_of_birth"),
                    "version",
                )
            },
        ),
        (_("Languages"), {"fields": ("languages", "preferred_language", "english_proficiency", "interpreter_needed")}),
        (_("Contact"), {"fields": ("phone", "email", "contact_notes")}),
        (_("Arrival in the US"), {"fields": ("last_arrival_date", "arrival_place", "arrival_manner")}),
        (_("Vulnerabilities"), {"fields": ("vulnerabilities", "vulnerability_notes")}),
        (_("Record"), {"fields": ("search_key", "archived_at", "archived_by", "archive_reason", "created_at", "updated_at")}),
    )
    inlines = (PersonRelationshipInline,)
    actions = ("archive_selected", "restore_selected")
    archiver = staticmethod(services.person_archive)
    restorer = staticmethod(services.person_restore)

    @admin.display(description=_("Name"), ordering="family_name")
    def display_name(self, obj: Person) -> str:
        return obj.display_name

    @admin.display(description=_("A-number"), ordering="a_number")
    def a_number_shown(self, obj: Person) -> str:
        return obj.a_number_display

    @admin.display(description=_("Detained at"))
    def facility_shown(self, obj: Person) -> str:
        return getattr(obj, "facility_now", None) or "—"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).annotate(facility_now=facility_now("pk"))

    def get_readonly_fields(self, request: HttpRequest, obj: Person | None = None) -> tuple:
        readonly = super().get_readonly_fields(request, obj)
        # A record stays with the organization that created it.
        return (*readonly, "organization") if obj is not None else readonly

    def save_model(self, request: HttpRequest, obj: Person, form, change: bool) -> None:
        if not change:
            person = services.person_create(
                organization=obj.organization,
                by=request.user,
                languages=form.cleaned_data.get("languages") or (),
                **form_fields(form, exclude=["organization"]),
            )
            adopt(obj, person)
            return
        changes = form_changes(form)
        if "languages" in form.changed_data:
            changes["languages"] = form.cleaned_data["languages"]
        if changes:
            services.person_update(person=obj, version=form.cleaned_data["version"], by=request.user, **changes)


# --- Cases ---------------------------------------------------------------------------


def assignments_visible_to(user: User) -> QuerySet[CaseAssignment]:
    return CaseAssignment.objects.filter(case_id__in=cases_visible_to(user).values("pk"))


def hearing_fields(form) -> dict[str, Any]:
    fields = form_fields(form, exclude=["case", "litigation", "replaces", "sequence"])
    if fields.get("court") is None:
        # Let the service default to the case's court.
        fields.pop("court", None)
    return fields


def deadline_save_changes(*, deadline: Deadline, form, by: User) -> None:
    """Status changes go through deadline_set_status; other corrections are saved as typed."""
    changes = form_changes(form, exclude=["case", "litigation", "status"])
    if changes:
        deadline.save(update_fields=list(changes))
    if "status" in form.changed_data:
        services.deadline_set_status(deadline=deadline, status=form.cleaned_data["status"], by=by)


class CaseAssignmentInline(ScopedTabularInline):
    model = CaseAssignment
    scope = staticmethod(assignments_visible_to)
    owner = ("case__organization",)
    related = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)
    show_change_link = False

    def create(self, request: HttpRequest, parent: Case, obj: CaseAssignment, form) -> CaseAssignment:
        return services.case_assign(case=parent, user=obj.user, role=obj.role, by=request.user)

    def update(self, request: HttpRequest, obj: CaseAssignment, form) -> CaseAssignment:
        return services.case_assign(case=obj.case, user=obj.user, role=obj.role, by=request.user)


class HearingInline(ScopedTabularInline):
    model = Hearing
    fk_name = "case"
    scope = staticmethod(hearings_visible_to)
    owner = ("case__organization",)
    related = ("court", "facility")
    fields = ("kind", "starts_at", "court", "facility", "mode", "status")
    autocomplete_fields = ("court", "facility")

    def create(self, request: HttpRequest, parent: Case, obj: Hearing, form) -> Hearing:
        return services.hearing_schedule(case=parent, by=request.user, **hearing_fields(form))

    def update(self, request: HttpRequest, obj: Hearing, form) -> Hearing:
        obj.sequence += 1  # calendar clients see the change on their next refresh
        obj.save()
        return obj


class DeadlineInline(ScopedTabularInline):
    model = Deadline
    fk_name = "case"
    scope = staticmethod(deadlines_visible_to)
    owner = ("case__organization",)
    related = ("responsible",)
    fields = ("kind", "due_on", "status", "responsible", "rule", "source")
    readonly_fields = ("rule", "source")
    autocomplete_fields = ("responsible",)

    def create(self, request: HttpRequest, parent: Case, obj: Deadline, form) -> Deadline:
        fields = form_fields(form, exclude=["case", "litigation", "rule"])
        return services.deadline_add(case=parent, by=request.user, **fields)

    def update(self, request: HttpRequest, obj: Deadline, form) -> Deadline:
        deadline_save_changes(deadline=obj, form=form, by=request.user)
        return obj


class NoteInline(ScopedTabularInline):
    model = Note
    scope = staticmethod(notes_visible_to)
    owner = ("case__organization",)
    related = ("author",)
    fields = ("kind", "occurred_at", "body", "confidential", "author")
    readonly_fields = ("author",)

    def create(self, request: HttpRequest, parent: Case, obj: Note, form) -> Note:
        fields = form_fields(form, exclude=["case", "author", "body"])
        return services.note_add(case=parent, by=request.user, body=obj.body, **fields)


@admin.register(Case)
class CaseAdmin(AuditedViewMixin, PersonSearchMixin, ScopedModelAdmin):
    scope = staticmethod(cases_visible_to)
    owner = ("organization",)
    person_path = "person__"
    raw_search_fields = ("reference",)
    list_display = (
        "case_page", "person", "native_name", "stage", "outcome", "court", "attorney", "representation", "facility_shown"
    )
    list_display_links = None  # the reference opens the case page; "Edit case" is there
    list_select_related = ("person__citizenship", "court", "attorney")
    list_filter = (
        ArchivedListFilter,
        "stage",
        "outcome",
        CustodyStatusFilter,
        FacilityFilter,
        StateFilter,
        ("court", ReferenceListFilter),
        ("attorney", ColleagueListFilter),
        ("person__citizenship", ReferenceListFilter),
        RepresentedFilter,
        "representation",
        "kind",
        "docket",
    )
    search_fields = ("reference", "person__search_key")
    search_help_text = _("Case reference, name in any script, or A-number.")
    autocomplete_fields = ("person", "court", "attorney")
    readonly_fields = (
        "reference", "organization", "created_by", "created_at", "updated_at", "archived_at", "archived_by", "archive_reason"
    )
    fieldsets = (
        (None, {"fields": ("reference", "person", "organization", "kind", "stage", "outcome", "version")}),
        (_("Claim"), {"fields": ("protected_grounds", "claim_basis")}),
        (_("Court"), {"fields": ("court", "judge", "docket")}),
        (
            _("Representation"),
            {
                "fields": (
                    "representation",
                    "attorney",
                    ("external_attorney_name", "external_attorney_firm"),
                    "external_attorney_contact",
                    "eoir28_filed_on",
                )
            },
        ),
        (
            _("Key events"),
            {
                "fields": (
                    ("credible_fear_interview_on", "credible_fear_result"),
                    "ij_review_requested_on",
                    ("nta_served_on", "i589_filed_on"),
                    ("ij_decision_on", "removal_ordered_on", "final_order_on"),
                    ("appeal_filed_on", "bia_decision_on"),
                    ("bond_requested_on", "bond_set_on", "bond_amount_usd", "bond_posted_on"),
                    ("parole_requested_on", "parole_granted_on"),
                    ("stay_requested_on", "stay_granted_on"),
                )
            },
        ),
        (_("Sharing"), {"fields": ("shared_with",)}),
        (
            _("Record"),
            {
                "fields": (
                    "opened_on", "closed_on", "archived_at", "archived_by", "archive_reason",
                    "created_by", "created_at", "updated_at",
                )
            },
        ),
    )
    inlines = (CaseAssignmentInline, HearingInline, DeadlineInline, NoteInline)
    actions = ("archive_selected", "restore_selected")
    archiver = staticmethod(services.case_archive)
    restorer = staticmethod(services.case_restore)

    @admin.display(description=_("Case"), ordering="reference")
    def case_page(self, obj: Case) -> str:
        return format_html('<a href="{}">{}</a>', reverse("ui-case", args=[obj.pk]), obj.reference)

    @admin.display(description=_("Name in native script"))
    def native_name(self, obj: Case) -> str:
        return obj.person.native_name

    @admin.display(description=_("Detained at"))
    def facility_shown(self, obj: Case) -> str:
        return getattr(obj, "facility_now", None) or "—"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return super().get_queryset(request).annotate(facility_now=facility_now("person_id"))

    def get_fieldsets(self, request: HttpRequest, obj: Case | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # The reference is given on saving; the organization is the person's.
        for name in ("reference", "organization"):
            fieldsets = [(title, {**opts, "fields": drop_field(opts["fields"], name)}) for title, opts in fieldsets]
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Case | None = None) -> tuple:
        readonly = super().get_readonly_fields(request, obj)
        # Sharing reveals a case to another organization: superusers only, for now.
        return readonly if request.user.is_superuser else (*readonly, "shared_with")

    def get_inlines(self, request: HttpRequest, obj: Case | None) -> tuple:
        # Hearings, deadlines and notes need the case saved first.
        return self.inlines if obj is not None else (CaseAssignmentInline,)

    def save_model(self, request: HttpRequest, obj: Case, form, change: bool) -> None:
        if not change:
            fields = form_fields(form, exclude=["person", "organization", "opened_on"])
            case = services.case_open(person=obj.person, by=request.user, opened_on=obj.opened_on, **fields)
            adopt(obj, case)
            return
        changes = form_changes(form)
        if changes:
            services.case_update(case=obj, version=form.cleaned_data["version"], by=request.user, **changes)


@admin.register(CaseAssignment)
class CaseAssignmentAdmin(ScopedModelAdmin):
    scope = staticmethod(assignments_visible_to)
    owner = ("case__organization",)
    list_display = ("case", "user", "role", "created_at")
    list_select_related = ("case", "user")
    list_filter = ("role",)
    search_fields = ("case__reference", "user__email", "user__last_name")
    autocomplete_fields = ("case", "user")
    readonly_fields = ("created_at",)

    def get_readonly_fields(self, request: HttpRequest, obj: CaseAssignment | None = None) -> tuple:
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "case", "user") if obj is not None else readonly

    def save_model(self, request: HttpRequest, obj: CaseAssignment, form, change: bool) -> None:
        assignment = services.case_assign(case=obj.case, user=obj.user, role=obj.role, by=request.user)
        adopt(obj, assignment)


# --- Hearings, deadlines, notes, documents ---------------------------------------------


class HearingForm(ServiceModelForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        case = cleaned.get("case")
        if case is not None and not cleaned.get("court") and not cleaned.get("facility") and not case.court_id:
            self.add_error("court", "Say where the hearing is held: a court or a detention facility.")
        return cleaned


@admin.register(Hearing)
class HearingAdmin(ScopedModelAdmin):
    scope = staticmethod(hearings_visible_to)
    owner = ("case__organization", "litigation__organization")
    form = HearingForm
    list_display = ("starts_at", "kind", "case", "litigation", "court", "facility", "mode", "status")
    list_select_related = ("case", "litigation", "court", "facility")
    list_filter = ("status", "kind", "mode", "court")
    search_fields = ("case__reference", "litigation__title", "judge")
    autocomplete_fields = ("case", "litigation", "court", "facility", "interpreter_language")
    readonly_fields = ("replaces", "sequence", "created_at", "updated_at")
    date_hierarchy = "starts_at"
    fieldsets = (
        (None, {"fields": ("case", "litigation", "kind", "status", "version")}),
        (_("When and where"), {"fields": ("starts_at", "duration_minutes", "court", "facility", "courtroom", "mode")}),
        (_("Hearing"), {"fields": ("judge", "interpreter_language", "result")}),
        (_("Record"), {"fields": ("replaces", "sequence", "created_at", "updated_at")}),
    )

    def save_model(self, request: HttpRequest, obj: Hearing, form, change: bool) -> None:
        if not change:
            hearing = services.hearing_schedule(
                case=obj.case, litigation=obj.litigation, by=request.user, **hearing_fields(form)
            )
            adopt(obj, hearing)
            return
        changes = form_changes(form)
        if changes:
            services.hearing_update(hearing=obj, version=form.cleaned_data["version"], by=request.user, **changes)


@admin.register(Deadline)
class DeadlineAdmin(ScopedModelAdmin):
    scope = staticmethod(deadlines_visible_to)
    owner = ("case__organization", "litigation__organization")
    list_display = ("kind", "due_on", "status", "case", "litigation", "responsible", "rule")
    list_select_related = ("case", "litigation", "responsible")
    list_filter = ("status", "rule")
    search_fields = ("case__reference", "litigation__title", "kind")
    autocomplete_fields = ("case", "litigation", "responsible")
    readonly_fields = ("rule", "source", "source_event", "source_date", "hearing", "completed_at", "created_at")
    date_hierarchy = "due_on"

    def save_model(self, request: HttpRequest, obj: Deadline, form, change: bool) -> None:
        if not change:
            fields = form_fields(form, exclude=["case", "litigation"])
            deadline = services.deadline_add(case=obj.case, litigation=obj.litigation, by=request.user, **fields)
            adopt(obj, deadline)
            return
        deadline_save_changes(deadline=obj, form=form, by=request.user)


@admin.register(Note)
class NoteAdmin(ScopedModelAdmin):
    scope = staticmethod(notes_visible_to)
    owner = ("case__organization",)
    list_display = ("occurred_at", "kind", "case", "author", "confidential")
    list_select_related = ("case", "author")
    list_filter = ("kind", "confidential")
    search_fields = ("case__reference",)
    autocomplete_fields = ("case",)
    readonly_fields = ("author", "created_at")
    fields = ("case", "kind", "occurred_at", "body", "confidential", "author", "created_at")

    def save_model(self, request: HttpRequest, obj: Note, form, change: bool) -> None:
        if not change:
            fields = form_fields(form, exclude=["case", "author", "body"])
            adopt(obj, services.note_add(case=obj.case, by=request.user, body=obj.body, **fields))
            return
        super().save_model(request, obj, form, change)


class DocumentAddForm(ServiceModelForm):
    """A new document comes in as an upload that document_add checks and stores privately."""

    upload = forms.FileField(label=_("File"))
    service_error_fields = {"file": "upload"}

    class Meta:
        model = Document
        fields = ("case", "kind", "title")

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(f"The file is larger than the {limit} MB limit.")
        return upload


@admin.register(Document)
class DocumentAdmin(ScopedModelAdmin):
    """Metadata only: the stored file is neither shown nor linked here (it has no public URL)."""

    scope = staticmethod(documents_visible_to)
    owner = ("case__organization",)
    list_display = ("title", "kind", "case", "content_type", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("case", "uploaded_by")
    list_filter = ("kind", "content_type")
    search_fields = ("title", "case__reference")
    autocomplete_fields = ("case",)
    readonly_fields = ("download", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
    fields = ("case", "kind", "title", *readonly_fields)
    add_fieldsets = ((None, {"fields": ("case", "kind", "title", "upload")}),)

    @admin.display(description="File")
    def download(self, obj: Document) -> str:
        url = reverse("document-download", args=[obj.pk])
        return format_html('<a href="{}" download>Download ({} bytes)</a>', url, obj.size) if obj.pk else ""

    def get_form(self, request: HttpRequest, obj: Document | None = None, change: bool = False, **kwargs):
        if obj is None:
            kwargs["form"] = DocumentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Document | None = None) -> tuple:
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "case") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Document, form, change: bool) -> None:
        if not change:
            document = services.document_add(
                case=obj.case, by=request.user, upload=form.cleaned_data["upload"], title=obj.title, kind=obj.kind
            )
            adopt(obj, document)
            return
        changes = form_changes(form)
        if changes:
            obj.save(update_fields=list(changes))


# --- Litigation ------------------------------------------------------------------------


def parties_visible_to(user: User) -> QuerySet[LitigationParty]:
    return LitigationParty.objects.filter(litigation_id__in=litigation_visible_to(user).values("pk"))


class LitigationPartyInline(ScopedTabularInline):
    model = LitigationParty
    scope = staticmethod(parties_visible_to)
    owner = ("litigation__organization",)
    related = ("person",)
    fields = ("person", "role")
    autocomplete_fields = ("person",)
    show_change_link = False

    def create(self, request: HttpRequest, parent: Litigation, obj: LitigationParty, form) -> LitigationParty:
        return services.litigation_party_add(litigation=parent, person=obj.person, role=obj.role, by=request.user)


@admin.register(Litigation)
class LitigationAdmin(ScopedModelAdmin):
    scope = staticmethod(litigation_visible_to)
    owner = ("organization",)
    list_display = ("title", "organization", "federal_court", "docket_number", "status", "filed_on", "is_class_action")
    list_select_related = ("organization",)
    list_filter = ("status", "is_class_action")
    search_fields = ("title", "docket_number", "federal_court")
    autocomplete_fields = ("team",)
    readonly_fields = ("archived_at", "created_at")
    inlines = (LitigationPartyInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Litigation | None = None) -> tuple:
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "organization") if obj is not None else readonly

    def save_model(self, request: HttpRequest, obj: Litigation, form, change: bool) -> None:
        if not change:
            fields = form_fields(form, exclude=["organization"])
            adopt(obj, services.litigation_create(organization=obj.organization, by=request.user, **fields))
            return
        super().save_model(request, obj, form, change)


# --- Reference tables (read by every member, changed by superusers) ---------------------


@admin.register(Country)
class CountryAdmin(ScopedModelAdmin):
    list_display = ("name", "code", "alpha3")
    search_fields = ("name", "code", "alpha3")


@admin.register(Language)
class LanguageAdmin(ScopedModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(ImmigrationCourt)
class ImmigrationCourtAdmin(ScopedModelAdmin):
    list_display = ("name", "code", "city", "state", "time_zone", "active")
    list_filter = ("active", "state")
    search_fields = ("name", "code", "city", "state")


@admin.register(ReferenceCode)
class ReferenceCodeAdmin(ScopedModelAdmin):
    """Loaded from the public files by ``manage.py import_codes``: read here, never edited."""

    list_display = ("code", "description", "group", "source", "table")
    list_filter = ("source", "group")
    search_fields = ("code", "description")
    readonly_fields = ("source", "table", "group", "code", "description", "note", "cited")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ReferenceCode | None = None) -> bool:
        return False


from . import admin_deliveries  # noqa: E402,F401  (registers the read-only Delivery admin)
