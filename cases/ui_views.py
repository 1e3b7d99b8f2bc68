"""The advocates' pages inside the admin site: search, intake, the case page with its
timeline, the one-click actions on it, and permission-checked document downloads.

Every read starts from the scoping selectors (a case the user may not see is a 404,
exactly like a missing one); every write goes through a service; a service's
refusal is shown on the form field it concerns.
"""

from dataclasses import dataclass
from typing import Any, Callable
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casetracker import audit
from casetracker.roles import can_write
from detentions import services as custody_services
from detentions.custody import continuous_custody
from detentions.models import FlightLeg
from detentions.selectors import custody_visible_to, incidents_visible_to, passengers_visible_to

from . import services, timeline
from .models import Case, CaseAssignment, Hearing, PersonRelationship
from .search import search
from .selectors import (
    cases_visible_to,
    deadlines_visible_to,
    documents_visible_to,
    hearings_visible_to,
    notes_visible_to,
    people_visible_to,
)
from .ui_forms import (
    BookInForm,
    DocumentForm,
    HearingForm,
    IntakeForm,
    ManifestForm,
    NoteForm,
    ReleaseForm,
    TransferForm,
    add_service_error,
    local_datetime,
)


def render(request: HttpRequest, template: str, title: str, status: int = 200, **context: Any) -> TemplateResponse:
    context = {**admin.site.each_context(request), "title": title, **context}
    return TemplateResponse(request, template, context, status=status)


# --- Search -----------------------------------------------------------------------------


@require_GET
def search_view(request: HttpRequest) -> HttpResponse:
    results = search(request.user, request.GET.get("q", ""))
    if results.query:
        # How many, never what was typed: a query is often a name.
        audit.record("search", request=request, kind=results.kind, results=results.count, channel="ui")
    return render(request, "admin/ui/search.html", _("Search"), results=results)


# --- Case page --------------------------------------------------------------------------


def case_queryset(request: HttpRequest):
    return cases_visible_to(request.user).select_related(
        "person__citizenship", "person__preferred_language", "person__organization", "court", "attorney", "organization"
    )


# Action name -> (permission, form class): what a writer may do from the case page.
ACTION_PERMISSIONS = {
    "transfer": "detentions.change_custody",
    "release": "detentions.change_custody",
    "book-in": "detentions.add_custody",
    "manifest": "detentions.add_passenger",
    "hearing": "cases.change_hearing",
    "note": "cases.add_note",
    "document": "cases.add_document",
}


def allowed_actions(request: HttpRequest, case: Case) -> set[str]:
    user = request.user
    if not can_write(user, case.organization_id):
        return set()
    return {name for name, perm in ACTION_PERMISSIONS.items() if user.has_perm(perm)}


def _hearing_rows(request: HttpRequest, case: Case) -> list[Hearing]:
    rows = list(
        hearings_visible_to(request.user)
        .filter(case=case)
        .select_related("court", "facility", "interpreter_language")
        .order_by("starts_at")
    )
    for hearing in rows:
        hearing.local_start = hearing.starts_at.astimezone(ZoneInfo(hearing.time_zone))
    return rows


def case_context(request: HttpRequest, case: Case, bound: dict[str, forms.Form] | None = None) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries."""
    user = request.user
    person = case.person
    languages = list(person.languages.all())
    hearings = _hearing_rows(request, case)
    stays = list(custody_visible_to(user).filter(person=person).select_related("facility").order_by("booked_in_on"))
    incidents = list(incidents_visible_to(user).filter(person=person).select_related("custody__facility"))
    legs = FlightLeg.objects.select_related("origin", "destination").order_by("sequence")
    passengers = list(
        passengers_visible_to(user)
        .filter(person=person)
        .select_related("flight")
        .prefetch_related(Prefetch("flight__legs", queryset=legs))
        .order_by("-flight__flight_date")
    )
    notes = list(notes_visible_to(user).filter(case=case).select_related("author").order_by("-occurred_at"))
    visible_people = people_visible_to(user).values("pk")
    relationships = list(
        PersonRelationship.objects.filter(person=person, relative_id__in=visible_people).select_related("relative")
    )
    today = timezone.localdate()
    open_stay = next((stay for stay in stays if stay.released_on is None), None)
    actions = allowed_actions(request, case)
    context = {
        "case": case,
        "person": person,
        "languages": languages,
        "hearings": hearings,
        "deadlines": list(
            deadlines_visible_to(user).filter(case=case).select_related("responsible").order_by("due_on")
        ),
        "stays": stays,
        "open_stay": open_stay,
        "run": continuous_custody(stays, today),
        "incidents": incidents,
        "passengers": passengers,
        "documents": list(documents_visible_to(user).filter(case=case).select_related("uploaded_by")),
        "notes": notes,
        "relationships": relationships,
        "team": list(CaseAssignment.objects.filter(case=case).select_related("user").order_by("role", "pk")),
        "other_cases": list(cases_visible_to(user).filter(person=person).exclude(pk=case.pk).order_by("-opened_on")),
        "events": timeline.build(
            case=case, person=person, hearings=hearings, stays=stays, incidents=incidents,
            passengers=passengers, notes=notes,
        ),
        "actions": actions,
        "can_edit": bool(actions) and user.has_perm("cases.change_case"),
        "today": today,
    }
    context["forms"] = _action_forms(case, context, actions, bound or {})
    context["media"] = sum((form.media for form in context["forms"].values()), forms.Media())
    return context


def _action_forms(case: Case, context: dict, actions: set[str], bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    today = context["today"]
    unbound: dict[str, Callable[[], forms.Form]] = {
        "transfer": lambda: TransferForm(initial={"on": today}, prefix="transfer"),
        "release": lambda: ReleaseForm(initial={"on": today}, prefix="release"),
        "book-in": lambda: BookInForm(initial={"on": today}, prefix="book-in"),
        "manifest": lambda: ManifestForm(prefix="manifest"),
        "hearing": lambda: HearingForm(case=case, prefix="hearing"),
        "note": lambda: NoteForm(prefix="note"),
        "document": lambda: DocumentForm(prefix="document"),
    }
    shown = set(actions)
    if context["open_stay"] is not None:
        shown.discard("book-in")
    else:
        shown -= {"transfer", "release"}
    return {name.replace("-", "_"): bound.get(name) or unbound[name]() for name in sorted(shown)}


@require_GET
def case_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(case_queryset(request), pk=pk)
    audit.audit_view(request, case, channel="ui")
    return render(request, "admin/ui/case.html", case.reference, **case_context(request, case))


# --- Actions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    form: Callable[..., forms.Form]
    run: Callable[[HttpRequest, Case, forms.Form], Any]
    rename: dict[str, str] | None = None


def _transfer(request: HttpRequest, case: Case, form: TransferForm) -> None:
    data = form.cleaned_data
    custody_services.custody_transfer(person=case.person, to_facility=data["to_facility"], on=data["on"], by=request.user)


def _release(request: HttpRequest, case: Case, form: ReleaseForm) -> None:
    data = form.cleaned_data
    custody_services.custody_release(person=case.person, on=data["on"], reason=data["reason"], by=request.user)


def _book_in(request: HttpRequest, case: Case, form: BookInForm) -> None:
    data = form.cleaned_data
    custody_services.custody_book_in(person=case.person, facility=data["facility"], on=data["on"], by=request.user)


def _manifest(request: HttpRequest, case: Case, form: ManifestForm) -> None:
    data = form.cleaned_data
    custody_services.passenger_add(
        flight=data["flight"], person=case.person, by=request.user, status=data["status"], notes=data["notes"]
    )


def _hearing(request: HttpRequest, case: Case, form: HearingForm) -> None:
    data = form.cleaned_data
    hearing = data.get("hearing")
    if hearing is not None:
        services.hearing_record_result(hearing=hearing, status=data["status"], result=data["result"], by=request.user)
    if data.get("next_starts_at"):
        zone = hearing.time_zone if hearing else (case.court.time_zone if case.court_id else request.user.time_zone)
        fields: dict[str, Any] = {
            "kind": data.get("next_kind") or hearing.kind,
            "starts_at": local_datetime(data["next_starts_at"], zone),
            "mode": data["next_mode"],
        }
        if hearing is not None:
            # The next hearing is where this one was, before the same judge.
            fields.update(court=hearing.court, facility=hearing.facility, judge=hearing.judge)
        services.hearing_schedule(case=case, by=request.user, **fields)


def _note(request: HttpRequest, case: Case, form: NoteForm) -> None:
    data = dict(form.cleaned_data)
    body = data.pop("body")
    services.note_add(case=case, by=request.user, body=body, **data)


def _document(request: HttpRequest, case: Case, form: DocumentForm) -> None:
    data = form.cleaned_data
    services.document_add(case=case, by=request.user, upload=data["file"], title=data["title"], kind=data["kind"])


ACTIONS = {
    "transfer": Action(TransferForm, _transfer, {"on": "on", "person": None}),
    "release": Action(ReleaseForm, _release, {"released_on": "on", "person": None}),
    "book-in": Action(BookInForm, _book_in, {"booked_in_on": "on"}),
    "manifest": Action(ManifestForm, _manifest, {"person": "flight"}),
    "hearing": Action(HearingForm, _hearing, {"starts_at": "next_starts_at", "court": "next_starts_at"}),
    "note": Action(NoteForm, _note, {}),
    "document": Action(DocumentForm, _document, {}),
}
DONE_MESSAGES = {
    "transfer": lambda: _("Transfer recorded."),
    "release": lambda: _("Release recorded."),
    "book-in": lambda: _("Booking recorded."),
    "manifest": lambda: _("Added to the flight manifest."),
    "hearing": lambda: _("Hearing saved."),
    "note": lambda: _("Note saved."),
    "document": lambda: _("Document uploaded."),
}


@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = get_object_or_404(case_queryset(request), pk=pk)
    if action not in ACTIONS:
        raise Http404("No such action.")
    if action not in allowed_actions(request, case):
        raise PermissionDenied
    spec = ACTIONS[action]
    kwargs = {"case": case} if spec.form is HearingForm else {}
    form = spec.form(request.POST, request.FILES, prefix=action, **kwargs)
    if form.is_valid():
        try:
            spec.run(request, case, form)
        except ValidationError as error:
            add_service_error(form, error, {k: v for k, v in (spec.rename or {}).items() if v})
        else:
            messages.success(request, DONE_MESSAGES[action]())
            return redirect(reverse("ui-case", args=[case.pk]) + "#timeline")
    context = case_context(request, case, bound={action: form})
    context["open_action"] = action.replace("-", "_")
    return render(request, "admin/ui/case.html", case.reference, **context)


# --- Intake -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def intake_view(request: HttpRequest) -> HttpResponse:
    if not (request.user.has_perm("cases.add_person") and request.user.has_perm("cases.add_case")):
        raise PermissionDenied
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                created = _intake(request, form)
            except ValidationError as error:
                add_service_error(form, error, {"on": "booked_in_on", "person": None})
            else:
                messages.success(request, _("Intake saved: %(reference)s.") % {"reference": created.case.reference})
                return redirect("ui-case", pk=created.case.pk)
    return render(request, "admin/ui/intake.html", _("Intake"), form=form, media=form.media)


def _intake(request: HttpRequest, form: IntakeForm) -> services.Intake:
    data = form.cleaned_data
    team = [(user, CaseAssignment.Role.ADVOCATE) for user in data["team"]]
    if data.get("attorney") and data["attorney"] not in data["team"]:
        team.append((data["attorney"], CaseAssignment.Role.ATTORNEY))
    person = form.person_fields()
    languages = person.pop("languages")
    return services.intake(
        organization=data["organization"],
        by=request.user,
        person={**person, "languages": languages},
        case=form.case_fields(),
        facility=data.get("facility"),
        booked_in_on=data.get("booked_in_on") if data.get("facility") else None,
        team=team,
    )

