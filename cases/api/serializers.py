"""API shapes of people, cases, hearings, deadlines, notes, documents, courts and litigation.

Every foreign key a client may send is looked up in the caller's scope (ScopedPK), so
another organization's person or case is "not found" here exactly as on its own route.
Organization, author and audit fields are read-only: the service sets them.
"""

from typing import Any, Callable

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casetracker.admin import colleagues
from cases.models import (
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
    ReferenceCode,
)
from cases.selectors import cases_visible_to, litigation_visible_to, people_visible_to

MAX_INT = 2_147_483_647


@extend_schema_field(OpenApiTypes.INT)
class ScopedPK(serializers.PrimaryKeyRelatedField):
    """A primary key looked up in what the caller may see (scope(user))."""

    def __init__(self, scope: Callable[[Any], QuerySet], **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return self.scope(self.context["request"].user)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and data.isdigit():
            data = int(data)
        if not isinstance(data, int) or isinstance(data, bool) or not 0 < data <= 2**63 - 1:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


def colleague_pk(**kwargs: Any) -> ScopedPK:
    return ScopedPK(colleagues, **kwargs)


def tags(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(max_length=80), max_length=50, **kwargs)


class VersionMixin(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT,
        required=False,
        help_text="Optimistic lock: send back the version you loaded; a stale one is refused with 409.",
    )


class CountryField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Country.objects.all(), pk_field=serializers.CharField(max_length=2), **kwargs)


class LanguageField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Language.objects.all(), pk_field=serializers.CharField(max_length=3), **kwargs)


# --- Reference data ------------------------------------------------------------------


class CourtSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImmigrationCourt
        fields = ["id", "code", "name", "address", "city", "state", "zip_code", "phone", "region", "time_zone", "active"]
        read_only_fields = fields


class ReferenceCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceCode
        fields = ["id", "source", "table", "group", "code", "description", "note", "cited"]
        read_only_fields = fields


# --- People --------------------------------------------------------------------------


class PersonSerializer(VersionMixin, serializers.ModelSerializer):
    a_number = serializers.CharField(
        max_length=20, allow_blank=True, required=False, help_text="Any written form; stored as 9 digits."
    )
    a_number_display = serializers.CharField(read_only=True, help_text="e.g. A-123-456-789.")
    display_name = serializers.CharField(read_only=True)
    aliases = tags(required=False)
    vulnerabilities = tags(required=False)
    citizenship = CountryField(required=False, allow_null=True)
    country_of_birth = CountryField(required=False, allow_null=True)
    preferred_language = LanguageField(required=False, allow_null=True)
    languages = LanguageField(many=True, required=False)

    class Meta:
        model = Person
        fields = [
            "id", "organization", "display_name", "family_name", "given_names", "native_name", "aliases",
            "a_number", "a_number_display", "date_of_birth", "sex", "citizenship", "country_of_birth",
            "languages", "preferred_language", "english_proficiency", "interpreter_needed", "phone", "email",
            "contact_notes", "last_arrival_date", "arrival_place", "arrival_manner", "vulnerabilities",
            "vulnerability_notes", "archived_at", "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["organization", "archived_at", "created_at", "updated_at"]
        validators: list = []


# --- Cases ---------------------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseAssignment
        fields = ["user", "role"]
        read_only_fields = fields


class CaseSerializer(VersionMixin, serializers.ModelSerializer):
    person = ScopedPK(people_visible_to, help_text="Set when the case is opened; cannot move to another person.")
    protected_grounds = tags(required=False)
    claim_basis = tags(required=False)
    court = serializers.PrimaryKeyRelatedField(queryset=ImmigrationCourt.objects.all(), required=False, allow_null=True)
    attorney = colleague_pk(required=False, allow_null=True)
    team = AssignmentSerializer(source="assignments", many=True, read_only=True)
    bond_amount_usd = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=0, required=False, allow_null=True, coerce_to_string=True
    )

    class Meta:
        model = Case
        fields = [
            "id", "reference", "organization", "person", "kind", "stage", "outcome", "protected_grounds",
            "claim_basis", "court", "judge", "docket", "representation", "attorney", "external_attorney_name",
            "external_attorney_firm", "external_attorney_contact", "eoir28_filed_on",
            "credible_fear_interview_on", "credible_fear_result", "ij_review_requested_on", "nta_served_on",
            "i589_filed_on", "ij_decision_on", "removal_ordered_on", "final_order_on", "appeal_filed_on",
            "bia_decision_on", "petition_for_review_filed_on", "bond_requested_on", "bond_set_on",
            "bond_amount_usd", "bond_posted_on", "parole_requested_on", "parole_granted_on",
            "stay_requested_on", "stay_granted_on", "opened_on", "closed_on", "team", "archived_at", "version",
            "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["reference", "organization", "archived_at", "created_by", "created_at", "updated_at"]
        validators: list = []

    def validate_person(self, person: Person) -> Person:
        if self.instance is not None and person.pk != self.instance.person_id:
            raise serializers.ValidationError("A case stays with its person; open a new case instead.")
        return person


# --- Hearings, deadlines, notes, documents -------------------------------------------


class MatterMixin(serializers.Serializer):
    """A case or a litigation matter, chosen when the record is created."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for name in ("case", "litigation"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: ["This cannot be changed after creation."]})
            return attrs
        if bool(attrs.get("case")) == bool(attrs.get("litigation")):
            raise serializers.ValidationError({"case": ["Give exactly one of case or litigation."]})
        return attrs


def _facility_queryset() -> QuerySet:
    from detentions.models import Facility

    return Facility.objects.all()


class HearingSerializer(MatterMixin, VersionMixin, serializers.ModelSerializer):
    case = ScopedPK(cases_visible_to, required=False, allow_null=True)
    litigation = ScopedPK(litigation_visible_to, required=False, allow_null=True)
    court = serializers.PrimaryKeyRelatedField(queryset=ImmigrationCourt.objects.all(), required=False, allow_null=True)
    facility = serializers.PrimaryKeyRelatedField(queryset=_facility_queryset(), required=False, allow_null=True)
    interpreter_language = LanguageField(required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)
    time_zone = serializers.CharField(read_only=True, help_text="The court's (or facility's) IANA time zone.")

    class Meta:
        model = Hearing
        fields = [
            "id", "case", "litigation", "kind", "starts_at", "duration_minutes", "time_zone", "court", "facility",
            "courtroom", "judge", "mode", "interpreter_language", "status", "result", "replaces", "sequence",
            "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "result", "replaces", "sequence", "created_at", "updated_at"]
        validators: list = []


class HearingRescheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    court = serializers.PrimaryKeyRelatedField(queryset=ImmigrationCourt.objects.all(), required=False, allow_null=True)
    facility = serializers.PrimaryKeyRelatedField(queryset=_facility_queryset(), required=False, allow_null=True)
    courtroom = serializers.CharField(max_length=40, required=False, allow_blank=True)
    judge = serializers.CharField(max_length=120, required=False, allow_blank=True)
    mode = serializers.ChoiceField(choices=Hearing.Mode.choices, required=False)


class HearingResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Hearing.Status.choices)
    result = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")


class DeadlineSerializer(MatterMixin, serializers.ModelSerializer):
    case = ScopedPK(cases_visible_to, required=False, allow_null=True)
    litigation = ScopedPK(litigation_visible_to, required=False, allow_null=True)
    responsible = colleague_pk(required=False, allow_null=True)

    class Meta:
        model = Deadline
        fields = [
            "id", "case", "litigation", "kind", "due_on", "rule", "source", "source_event", "source_date",
            "hearing", "responsible", "status", "notes", "completed_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "rule", "source", "source_event", "source_date", "hearing", "completed_at", "created_at", "updated_at",
        ]  # fmt: skip
        validators: list = []


class NoteSerializer(serializers.ModelSerializer):
    case = ScopedPK(cases_visible_to)

    class Meta:
        model = Note
        fields = ["id", "case", "author", "kind", "occurred_at", "body", "confidential", "created_at"]
        read_only_fields = ["author", "created_at"]
        validators: list = []

    def validate_case(self, case: Case) -> Case:
        if self.instance is not None and case.pk != self.instance.case_id:
            raise serializers.ValidationError("A note stays on its case.")
        return case


class DocumentSerializer(serializers.ModelSerializer):
    case = ScopedPK(cases_visible_to)
    file = serializers.FileField(write_only=True, help_text="The upload (multipart/form-data), on create only.")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "case", "kind", "title", "file", "original_name", "content_type", "size", "sha256",
            "uploaded_by", "uploaded_at", "download_url",
        ]  # fmt: skip
        read_only_fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
        extra_kwargs = {"title": {"required": False}}
        validators: list = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, (list, QuerySet)):
            # On a change only the title and kind move.
            self.fields["file"].required = False
            self.fields["case"].read_only = True

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document: Document) -> str:
        path = reverse("api:document-download", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


# --- Litigation ----------------------------------------------------------------------


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = LitigationParty
        fields = ["person", "role"]
        read_only_fields = fields


class LitigationSerializer(serializers.ModelSerializer):
    team = colleague_pk(many=True, required=False)
    parties = PartySerializer(many=True, read_only=True)
    plaintiffs = ScopedPK(
        people_visible_to, many=True, required=False, write_only=True, help_text="People to add as petitioners."
    )

    class Meta:
        model = Litigation
        fields = [
            "id", "organization", "title", "federal_court", "docket_number", "filed_on", "status",
            "is_class_action", "counsel", "notes", "team", "parties", "plaintiffs", "archived_at", "created_at",
        ]  # fmt: skip
        read_only_fields = ["organization", "archived_at", "created_at"]
        validators: list = []
