"""/api/v1/ people, cases, hearings, deadlines, notes, documents, courts, litigation."""

from typing import Any

import django_filters as df
from django.db.models import Q
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casetracker import audit
from casetracker.api_base import PagePages
from casetracker.api_viewsets import ScopedViewSet, versioned
from casetracker.models import Organization
from casetracker.roles import WRITES
from cases import services
from cases.models import Case, Deadline, Document, Hearing, ImmigrationCourt, Litigation, Note, Person, ReferenceCode
from cases.selectors import (
    cases_visible_to,
    deadlines_visible_to,
    documents_visible_to,
    hearings_visible_to,
    litigation_visible_to,
    notes_visible_to,
    people_visible_to,
)

from . import serializers as s


class IdFilter(df.NumberFilter):
    """An id filter that never says whether a row it may not show exists."""

    field_class = df.fields.forms.IntegerField


def archived_filter(queryset, name: str, value: bool):
    return queryset.filter(archived_at__isnull=not value)


def write_organization(user) -> Organization | None:
    """Where a new record of the caller goes: their (first) organization with a writing role."""
    if user.is_superuser:
        return Organization.objects.order_by("pk").first()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=WRITES).order_by("pk").first()


# --- Reference -----------------------------------------------------------------------


class CourtFilter(df.FilterSet):
    class Meta:
        model = ImmigrationCourt
        fields = {"code": ["exact"], "state": ["exact"], "active": ["exact"]}


@extend_schema(tags=["reference"])
class CourtViewSet(viewsets.ReadOnlyModelViewSet):
    """EOIR immigration courts (read-only; superusers load them with load_reference_data)."""

    queryset = ImmigrationCourt.objects.all()
    serializer_class = s.CourtSerializer
    pagination_class = PagePages
    filterset_class = CourtFilter
    search_fields = ["name", "city", "code"]
    ordering_fields = ["name", "code", "state"]
    ordering = ["name"]
    lookup_value_regex = r"[0-9]+"


class ReferenceCodeFilter(df.FilterSet):
    class Meta:
        model = ReferenceCode
        fields = {"source": ["exact"], "group": ["exact"], "table": ["exact"], "code": ["exact"]}


@extend_schema(tags=["reference"])
class ReferenceCodeViewSet(viewsets.ReadOnlyModelViewSet):
    """Public code tables: EOIR lookup tables (`?source=eoir&group=nat&code=RS`), ICE ARTS status codes.

    One code can have several rows: EOIR keeps several descriptions under some codes.
    """

    queryset = ReferenceCode.objects.all()
    serializer_class = s.ReferenceCodeSerializer
    pagination_class = PagePages
    filterset_class = ReferenceCodeFilter
    search_fields = ["code", "description"]
    ordering_fields = ["source", "group", "code", "description"]
    ordering = ["source", "group", "code", "description"]
    lookup_value_regex = r"[0-9]+"


# --- People --------------------------------------------------------------------------


class PersonFilter(df.FilterSet):
    citizenship = df.CharFilter(field_name="citizenship_id")
    archived = df.BooleanFilter(method=archived_filter)
    date_of_birth = df.DateFilter()

    class Meta:
        model = Person
        fields = ["citizenship", "sex", "interpreter_needed", "archived", "date_of_birth"]


@extend_schema(tags=["people"])
class PersonViewSet(ScopedViewSet):
    """People (asylum seekers). `?search=` finds a name in any script or an A-number in any form."""

    scope = staticmethod(people_visible_to)
    owner = ("organization",)
    prefetch = ("languages",)
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter
    person_path = ""
    ordering_fields = ["family_name", "created_at", "updated_at", "id"]
    # Newest first by default: the primary key index serves it at any size, where a
    # sort by name reads every visible row first (?ordering=family_name still works).
    ordering = ["-id"]
    http_method_names = [*ScopedViewSet.http_method_names, "delete"]
    action_perms = {"destroy": "change"}

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        audit.record("view", request=request, obj=person, channel="api")
        return Response(self.get_serializer(person).data)

    def create_object(self, data: dict[str, Any]) -> Person:
        organization = write_organization(self.request.user)
        if organization is None:
            self.permission_denied(self.request, message=_("You have no organization to record people in."))
        data.pop("version", None)
        return services.person_create(organization=organization, by=self.request.user, **data)

    def update_object(self, person: Person, data: dict[str, Any]) -> Person:
        version = versioned(data, person)
        return services.person_update(person=person, version=version, by=self.request.user, **data)

    def perform_destroy(self, person: Person) -> None:
        services.person_archive(person=person, by=self.request.user)


# --- Cases ---------------------------------------------------------------------------


class CaseFilter(df.FilterSet):
    person = IdFilter(field_name="person_id")
    court = IdFilter(field_name="court_id")
    attorney = IdFilter(field_name="attorney_id")
    archived = df.BooleanFilter(method=archived_filter)
    opened_after = df.DateFilter(field_name="opened_on", lookup_expr="gte")
    opened_before = df.DateFilter(field_name="opened_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["stage", "outcome", "kind", "docket", "representation", "person", "court", "attorney", "archived"]


@extend_schema(tags=["cases"])
class CaseViewSet(ScopedViewSet):
    """Cases. `?search=` finds the person's name in any script, an A-number, or a reference."""

    scope = staticmethod(cases_visible_to)
    owner = ("organization",)
    prefetch = ("assignments",)
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter
    person_path = "person__"
    raw_search_fields = ("reference",)
    ordering_fields = ["opened_on", "reference", "stage", "updated_at", "id"]
    ordering = ["-id"]  # newest first, from the primary key index (see people)
    http_method_names = [*ScopedViewSet.http_method_names, "delete"]
    action_perms = {"destroy": "change"}

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        audit.record("view", request=request, obj=case, channel="api")
        return Response(self.get_serializer(case).data)

    def create_object(self, data: dict[str, Any]) -> Case:
        person = data.pop("person")
        self.require_write(person.organization_id)
        data.pop("version", None)
        return services.case_open(person=person, by=self.request.user, **data)

    def update_object(self, case: Case, data: dict[str, Any]) -> Case:
        version = versioned(data, case)
        data.pop("person", None)
        return services.case_update(case=case, version=version, by=self.request.user, **data)

    def perform_destroy(self, case: Case) -> None:
        services.case_archive(case=case, by=self.request.user)


# --- Hearings ------------------------------------------------------------------------


def _mine(queryset, name: str, value: bool, user) -> Any:
    on_team = Q(case__assignments__user=user) | Q(case__attorney=user) | Q(litigation__team=user)
    mine = queryset.model.objects.filter(on_team).values("pk")
    return queryset.filter(pk__in=mine) if value else queryset.exclude(pk__in=mine)


class HearingFilter(df.FilterSet):
    case = IdFilter(field_name="case_id")
    litigation = IdFilter(field_name="litigation_id")
    court = IdFilter(field_name="court_id")
    facility = IdFilter(field_name="facility_id")
    starts_after = df.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = df.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    upcoming = df.BooleanFilter(method="filter_upcoming", help_text="Scheduled and not started yet.")
    mine = df.BooleanFilter(method="filter_mine", help_text="Hearings of cases you are on the team of.")

    class Meta:
        model = Hearing
        fields = ["case", "litigation", "status", "kind", "mode", "court", "facility"]

    def filter_upcoming(self, queryset, name: str, value: bool):
        upcoming = Q(status=Hearing.Status.SCHEDULED, starts_at__gte=timezone.now())
        return queryset.filter(upcoming) if value else queryset.exclude(upcoming)

    def filter_mine(self, queryset, name: str, value: bool):
        return _mine(queryset, name, value, self.request.user)


class MatterViewSet(ScopedViewSet):
    owner = ("case__organization", "litigation__organization")

    def matter_organization_id(self, data: dict[str, Any]) -> int:
        matter = data.get("case") or data.get("litigation")
        return matter.organization_id


@extend_schema(tags=["hearings"])
class HearingViewSet(MatterViewSet):
    """Hearings. Times are UTC in ISO 8601; `time_zone` is the court's. `?mine=true&upcoming=true`
    lists your next hearings."""

    scope = staticmethod(hearings_visible_to)
    related = ("court", "facility")
    serializer_class = s.HearingSerializer
    filterset_class = HearingFilter
    ordering_fields = ["starts_at", "id"]
    ordering = ["starts_at", "id"]
    action_perms = {"reschedule": "change", "result": "change"}

    def create_object(self, data: dict[str, Any]) -> Hearing:
        self.require_write(self.matter_organization_id(data))
        data.pop("version", None)
        return services.hearing_schedule(by=self.request.user, **data)

    def update_object(self, hearing: Hearing, data: dict[str, Any]) -> Hearing:
        version = versioned(data, hearing)
        data.pop("case", None)
        data.pop("litigation", None)
        return services.hearing_update(hearing=hearing, version=version, by=self.request.user, **data)

    @extend_schema(request=s.HearingRescheduleSerializer, responses={201: s.HearingSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None, format=None):
        """Move the hearing: it is marked adjourned and a new one, linked to it, is scheduled."""
        hearing = self.get_object()
        body = s.HearingRescheduleSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        new = services.hearing_reschedule(hearing=hearing, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.reread(new)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.HearingResultSerializer, responses={200: s.HearingSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None, format=None):
        """Record what happened: held, adjourned or cancelled, and the result."""
        hearing = self.get_object()
        body = s.HearingResultSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.hearing_record_result(hearing=hearing, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.reread(hearing)).data)


# --- Deadlines -----------------------------------------------------------------------


class DeadlineFilter(df.FilterSet):
    case = IdFilter(field_name="case_id")
    litigation = IdFilter(field_name="litigation_id")
    responsible = IdFilter(field_name="responsible_id")
    due_after = df.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = df.DateFilter(field_name="due_on", lookup_expr="lte")
    mine = df.BooleanFilter(method="filter_mine", help_text="Deadlines of cases you are on the team of.")

    class Meta:
        model = Deadline
        fields = ["case", "litigation", "status", "rule", "responsible"]

    def filter_mine(self, queryset, name: str, value: bool):
        return _mine(queryset, name, value, self.request.user)


@extend_schema(tags=["deadlines"])
class DeadlineViewSet(MatterViewSet):
    """Deadlines, computed by the rules (with `rule` and `source`) or added by hand."""

    scope = staticmethod(deadlines_visible_to)
    serializer_class = s.DeadlineSerializer
    filterset_class = DeadlineFilter
    search_fields = ["kind"]
    ordering_fields = ["due_on", "id"]
    ordering = ["due_on", "id"]

    def create_object(self, data: dict[str, Any]) -> Deadline:
        self.require_write(self.matter_organization_id(data))
        status_ = data.pop("status", Deadline.Status.OPEN)
        deadline = services.deadline_add(by=self.request.user, **data)
        if status_ != Deadline.Status.OPEN:
            services.deadline_set_status(deadline=deadline, status=status_, by=self.request.user)
        return deadline

    def update_object(self, deadline: Deadline, data: dict[str, Any]) -> Deadline:
        data.pop("case", None)
        data.pop("litigation", None)
        return services.deadline_update(deadline=deadline, by=self.request.user, **data)


# --- Notes and documents -------------------------------------------------------------


class NoteFilter(df.FilterSet):
    case = IdFilter(field_name="case_id")
    occurred_after = df.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")

    class Meta:
        model = Note
        fields = ["case", "kind", "confidential"]


@extend_schema(tags=["notes"])
class NoteViewSet(ScopedViewSet):
    """Activity-log notes; confidential ones only for coordinators, the case team and the author."""

    scope = staticmethod(notes_visible_to)
    owner = ("case__organization",)
    serializer_class = s.NoteSerializer
    filterset_class = NoteFilter
    search_fields = ["body"]
    ordering_fields = ["occurred_at", "id"]
    ordering = ["-occurred_at", "-id"]

    def create_object(self, data: dict[str, Any]) -> Note:
        case = data.pop("case")
        self.require_write(case.organization_id)
        return services.note_add(case=case, by=self.request.user, **data)

    def update_object(self, note: Note, data: dict[str, Any]) -> Note:
        data.pop("case", None)
        return services.note_update(note=note, by=self.request.user, **data)


class DocumentFilter(df.FilterSet):
    case = IdFilter(field_name="case_id")

    class Meta:
        model = Document
        fields = ["case", "kind", "content_type"]


@extend_schema(tags=["documents"])
class DocumentViewSet(ScopedViewSet):
    """Document metadata; upload with multipart/form-data, fetch the file from `download_url`."""

    scope = staticmethod(documents_visible_to)
    owner = ("case__organization",)
    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilter
    search_fields = ["title"]
    ordering_fields = ["uploaded_at", "id"]
    ordering = ["-uploaded_at", "-id"]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    action_perms = {"download": "view"}

    @extend_schema(
        request={"multipart/form-data": s.DocumentSerializer},
        responses={201: s.DocumentSerializer},
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def create_object(self, data: dict[str, Any]) -> Document:
        case = data.pop("case")
        self.require_write(case.organization_id)
        return services.document_add(
            case=case,
            by=self.request.user,
            upload=data["file"],
            title=data.get("title", ""),
            kind=data.get("kind", Document.Kind.OTHER),
        )

    def update_object(self, document: Document, data: dict[str, Any]) -> Document:
        data.pop("file", None)
        data.pop("case", None)
        return services.document_update(document=document, by=self.request.user, **data)

    @extend_schema(responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The stored file.")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None, format=None):
        """The file itself, for someone who may see its case; every download is audited."""
        document = self.get_object()
        audit.record("download", request=request, obj=document.case, document_id=document.pk, channel="api")
        response = FileResponse(
            document.file.open("rb"), content_type=document.content_type, as_attachment=True,
            filename=f"document-{document.pk}",
        )  # fmt: skip
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- Litigation ----------------------------------------------------------------------


class LitigationFilter(df.FilterSet):
    archived = df.BooleanFilter(method=archived_filter)

    class Meta:
        model = Litigation
        fields = ["status", "is_class_action", "archived"]


@extend_schema(tags=["litigation"])
class LitigationViewSet(ScopedViewSet):
    """Habeas petitions and federal suits, with their parties."""

    scope = staticmethod(litigation_visible_to)
    owner = ("organization",)
    prefetch = ("team", "parties")
    serializer_class = s.LitigationSerializer
    filterset_class = LitigationFilter
    search_fields = ["title", "docket_number"]
    ordering_fields = ["title", "created_at", "id"]
    ordering = ["-created_at", "-id"]
    http_method_names = [*ScopedViewSet.http_method_names, "delete"]
    action_perms = {"destroy": "change"}

    def create_object(self, data: dict[str, Any]) -> Litigation:
        organization = write_organization(self.request.user)
        if organization is None:
            self.permission_denied(self.request, message=_("You have no organization to record litigation in."))
        return services.litigation_create(organization=organization, by=self.request.user, **data)

    def update_object(self, litigation: Litigation, data: dict[str, Any]) -> Litigation:
        plaintiffs = data.pop("plaintiffs", [])
        litigation = services.litigation_update(litigation=litigation, by=self.request.user, **data)
        for person in plaintiffs:
            if not litigation.parties.filter(person=person).exists():
                services.litigation_party_add(litigation=litigation, person=person, by=self.request.user)
        return litigation

    def perform_destroy(self, litigation: Litigation) -> None:
        services.litigation_archive(litigation=litigation, by=self.request.user)


