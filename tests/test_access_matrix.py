"""The access matrix: every route of the URL resolver, requested by every kind of
outsider, against the home organization's objects.

The list of routes is computed from `get_resolver()` (recursively, admin included),
so a route added later is checked the day it lands. Admin routes of every registered
model are classified automatically; every other route must be listed in ROUTES, and
`test_every_route_is_classified` fails with its name until it is.

- anonymous: redirected to the login page (or 401/403); only PUBLIC routes answer.
- outsider (another organization): never a 200 that shows home data, never a 500;
  an object route of the home organization is a 302 ("doesn't exist"), 403 or 404.
- viewer (home organization, assigned to the case): no POST changes anything.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from casetracker.models import AuditEntry, Heartbeat, Membership
from cases import services
from cases.importers import jobs as import_jobs
from cases.reports import jobs as export_jobs
from cases.models import CaseAssignment, Deadline, Delivery, Litigation, Note, ReferenceCode
from detentions import services as detention_services
from detentions.models import Flight

from .factories import AirportFactory, CountryFactory, CourtFactory, FacilityFactory, HearingFactory, LanguageFactory

# Anything of the home organization that must never reach an outsider's page.
MARKERS = ("MATRIXOVA", "Матрицова", "A-987-654-321", "987654321", "HOME-2026-0001", "Home Advocacy Network")


# --- Routes from the resolver ----------------------------------------------------------


@dataclass(frozen=True)
class Route:
    pattern: str  # the full pattern, e.g. "cases/case/<path:object_id>/change/"
    name: str  # "admin:cases_case_change"; unnamed routes get "admin:<pattern>"
    pattern_obj: URLPattern
    prefix: str  # the pattern of the enclosing includes

    @property
    def params(self) -> list[str]:
        regex = self.pattern_obj.pattern.regex
        return list(regex.groupindex)


def walk(patterns, prefix: str = "", namespace: tuple[str, ...] = ()) -> list[Route]:
    routes = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + ((entry.namespace,) if entry.namespace else ())
            routes += walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            label = entry.name or f"<{prefix}{entry.pattern}>"
            routes.append(Route(prefix + str(entry.pattern), ":".join((*namespace, label)), entry, prefix))
    return routes


def all_routes() -> list[Route]:
    return walk(get_resolver().url_patterns)


# --- Classification ------------------------------------------------------------------

PUBLIC = "public"  # anyone; must still never show home data to a non-member
PAGE = "page"  # login required, no object in the URL
OBJECT = "object"  # login required, names one home object: outsiders get 302/403/404
SELF = "self"  # login required; a POST changes only the user's own state (logout, read marks)
FEED = "feed"  # token in the URL: a bad token is a 404 for everyone
MISSING = "missing"  # a catch-all for unknown paths: a 404 for everyone, like a bad feed token


@dataclass
class Rule:
    kind: str
    # Path parameters from the world of home objects.
    kwargs: Callable[["World"], dict[str, Any]] = lambda world: {}
    # A GET that ignores the method and only reads may answer a POST with 200.
    post_reads: bool = False
    # Home objects an outsider may legitimately see (shared reference data).
    reference: bool = False
    query: str = ""
    # What a POST sends (e.g. an admin action on the home object); empty by default.
    post_data: Callable[["World"], dict[str, Any]] = lambda world: {}


def _org(world: "World") -> dict[str, Any]:
    return {"organization_id": world.home.pk}


def _view_on_site(world: "World") -> dict[str, Any]:
    return {"content_type_id": ContentType.objects.get_for_model(world.case).pk, "object_id": world.case.pk}


# Every route that is not a registered model's admin route. A new one fails
# test_every_route_is_classified until it is added here.
ROUTES: dict[str, Rule] = {
    "healthz": Rule(PUBLIC, post_reads=True),
    "admin:login": Rule(PUBLIC, post_reads=True),
    "admin:logout": Rule(SELF),
    "admin:index": Rule(PAGE, post_reads=True),
    "admin:search": Rule(PAGE, post_reads=True, query="?s=Matrixova"),
    "admin:password_change": Rule(SELF),
    "admin:password_change_done": Rule(PAGE, post_reads=True),
    "admin:autocomplete": Rule(
        PAGE, post_reads=True, query="?term=Matrixova&app_label=cases&model_name=case&field_name=person"
    ),
    "admin:jsi18n": Rule(PAGE, post_reads=True),
    "admin:view_on_site": Rule(OBJECT, kwargs=_view_on_site),
    "admin:app_list": Rule(PAGE, kwargs=lambda world: {"app_label": "cases"}, post_reads=True),
    "admin:<(?P<url>.*)$>": Rule(PAGE, kwargs=lambda world: {"url": "no-such-page/"}, post_reads=True),
    "notifications": Rule(SELF),
    "deadline-rules": Rule(OBJECT, kwargs=_org),
    "audit-log": Rule(PAGE),
    "audit-log-export": Rule(PAGE),
    "document-download": Rule(OBJECT, kwargs=lambda world: {"document_id": world.objects["cases.document"].pk}),
}



def _case_pk(name: str) -> Callable[["World"], dict[str, Any]]:
    return lambda world: {name: world.case.pk}


def _object_pk(label: str, name: str) -> Callable[["World"], dict[str, Any]]:
    return lambda world: {name: world.objects[label].pk}


ROUTES.update(
    {
        # Sign-in and its recovery steps: the forms a stranger needs. They show no data of
        # any organization (the password reset form says the same for any address).
        "security-login": Rule(PUBLIC, post_reads=True),
        "account_login": Rule(PUBLIC, post_reads=True),
        "<accounts/login/>": Rule(PUBLIC, post_reads=True),
        "account_signup": Rule(PUBLIC, post_reads=True),
        "<accounts/signup/>": Rule(PUBLIC, post_reads=True),
        "account_inactive": Rule(PUBLIC, post_reads=True),
        "account_confirm_login_code": Rule(PUBLIC, post_reads=True),
        "account_email_verification_sent": Rule(PUBLIC, post_reads=True),
        "account_confirm_email": Rule(PUBLIC, kwargs=lambda world: {"key": "not-a-real-key"}, post_reads=True),
        "account_reset_password": Rule(PUBLIC, post_reads=True),
        "account_reset_password_done": Rule(PUBLIC, post_reads=True),
        "account_reset_password_from_key": Rule(
            PUBLIC, kwargs=lambda world: {"uidb36": "1", "key": "not-a-real-key"}, post_reads=True
        ),
        "account_reset_password_from_key_done": Rule(PUBLIC, post_reads=True),
        "mfa_authenticate": Rule(PUBLIC, post_reads=True),  # the second step of a pending sign-in only
        "security-mfa-authenticate": Rule(PUBLIC, post_reads=True),  # our wrapper of the same second step
        # The user's own account: password, second factor, sessions, sign-out.
        "<accounts/email/>": Rule(PAGE, post_reads=True),
        "account_email": Rule(PAGE, post_reads=True),
        "account_logout": Rule(SELF),
        "account_reauthenticate": Rule(SELF),
        "account_request_reauthentication_code": Rule(SELF),
        "account_confirm_reauthentication_code": Rule(SELF),
        "account_change_password": Rule(SELF),
        "account_set_password": Rule(SELF),
        "mfa_index": Rule(PAGE, post_reads=True),
        "mfa_reauthenticate": Rule(SELF),
        "mfa_activate_totp": Rule(SELF),
        "mfa_deactivate_totp": Rule(SELF),
        "mfa_view_recovery_codes": Rule(SELF),
        "mfa_generate_recovery_codes": Rule(SELF),
        "mfa_download_recovery_codes": Rule(SELF),
        "usersessions_list": Rule(SELF),
        "security-sessions": Rule(SELF),
        # The API outside the router. The token endpoint is the API's sign-in (PUBLIC);
        # the OpenAPI schema and its two viewers describe endpoints and enums only, no
        # rows of any organization, so they are PUBLIC too (the leak check still runs).
        "api:token": Rule(PUBLIC),
        "api:logout": Rule(SELF),
        "api:logout-all": Rule(SELF),
        "api:schema": Rule(PUBLIC, post_reads=True),
        "api:docs": Rule(PUBLIC, post_reads=True),
        "api:redoc": Rule(PUBLIC, post_reads=True),
        "api:<^api/(?P<rest>.*)$>": Rule(MISSING, kwargs=lambda world: {"rest": "no-such-endpoint/"}),
        # Calendar: the page, its events, the user's own feed tokens, a feed by token.
        "calendar": Rule(PAGE),
        "calendar-events": Rule(PAGE, query="?start=2026-01-01&end=2027-12-31"),
        "calendar-feeds": Rule(SELF),
        # Reports: by slug and format; a case's summary; the export jobs of the home coordinator.
        "reports": Rule(PAGE),
        "report": Rule(PAGE, kwargs=lambda world: {"slug": "caseload"}),
        "report-export": Rule(PAGE, kwargs=lambda world: {"slug": "caseload", "fmt": "csv"}),
        "report-case-summary": Rule(OBJECT, kwargs=_case_pk("case_id")),
        "report-job": Rule(OBJECT, kwargs=_object_pk("cases.exportjob", "pk")),
        "report-job-status": Rule(OBJECT, kwargs=_object_pk("cases.exportjob", "pk")),
        "report-job-download": Rule(OBJECT, kwargs=_object_pk("cases.exportjob", "pk")),
        # Imports: the list and upload form; one job of the home organization.
        "imports": Rule(PAGE),
        "import-job": Rule(OBJECT, kwargs=_object_pk("importers.importjob", "job_id")),
        "import-run": Rule(OBJECT, kwargs=_object_pk("importers.importjob", "job_id")),
        "import-status": Rule(OBJECT, kwargs=_object_pk("importers.importjob", "job_id")),
        "import-rejected": Rule(OBJECT, kwargs=_object_pk("importers.importjob", "job_id")),
        # The advocates' pages.
        "ui-search": Rule(PAGE, post_reads=True, query="?q=Matrixova"),
        "ui-intake": Rule(PAGE),
        "ui-case": Rule(OBJECT, kwargs=_case_pk("pk")),
        "ui-case-action": Rule(OBJECT, kwargs=lambda world: {"pk": world.case.pk, "action": "note"}),
        "ui-document": Rule(OBJECT, kwargs=_object_pk("cases.document", "pk")),
        "ui-language": Rule(SELF),
    }
)

# Routes recognised by their pattern (names are the owning feature's to choose).
PATTERN_ROUTES: list[tuple[str, Rule]] = [
    (r"^calendar/feeds/<(\w+:)?token>\.ics$", Rule(FEED, kwargs=lambda world: {"token": "not-a-real-token"})),
    (r"^\^?calendar/feeds/\(\?P<token>", Rule(FEED, kwargs=lambda world: {"token": "not-a-real-token"})),
]


def api_rule(route: Route) -> Rule | None:
    """A route of the REST router: "api:<basename>-<list|detail|action>", with or without
    a format suffix. The model comes from the viewset's serializer, the object from the world."""
    if not route.name.startswith("api:"):
        return None
    view_class = getattr(route.pattern_obj.callback, "cls", None)
    serializer = getattr(view_class, "serializer_class", None)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    params = set(route.params)
    if route.name == "api:api-root":
        return Rule(PAGE, kwargs=lambda world: {"format": ".json"} if "format" in params else {})
    if model is None or not params <= {"pk", "format"}:
        return None
    reference = model._meta.label_lower in REFERENCE_MODELS
    fmt = {"format": "json"} if "format" in params else {}
    if "pk" not in params:
        # A list: the outsider's list must not hold home rows; a viewer's POST creates nothing.
        return Rule(PAGE, kwargs=lambda world: fmt, reference=reference)
    return Rule(OBJECT, kwargs=lambda world: {"pk": world.home_object(model).pk, **fmt}, reference=reference)

# Shared reference tables and public knowledge: every member reads them.
REFERENCE_MODELS = {
    "cases.country",
    "cases.language",
    "cases.immigrationcourt",
    "cases.referencecode",
    "detentions.facility",
    "detentions.airport",
    "detentions.flight",
}
# Standard ModelAdmin route names and the kind of each.
ADMIN_ROUTE_KINDS = {
    "changelist": PAGE,
    "add": PAGE,
    "history": OBJECT,
    "delete": OBJECT,
    "change": OBJECT,
    "password_change": OBJECT,
}


def model_admin_of(route: Route):
    """The ModelAdmin whose include() the route sits in, if any."""
    for model, model_admin in admin.site._registry.items():
        if route.prefix == f"{model._meta.app_label}/{model._meta.model_name}/":
            return model, model_admin
    return None, None


def classify(route: Route) -> Rule | None:
    if route.name in ROUTES:
        return ROUTES[route.name]
    if (rule := api_rule(route)) is not None:
        return rule
    for regex, rule in PATTERN_ROUTES:
        if re.match(regex, route.pattern):
            return rule
    model, model_admin = model_admin_of(route)
    if model is None:
        return None
    label = model._meta.label_lower
    if route.pattern_obj.name is None and route.pattern.endswith("<path:object_id>/"):
        suffix = "change"  # the bare object URL redirects to the change page
    else:
        suffix = (route.pattern_obj.name or "").removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")
        if route.pattern_obj.name == "auth_user_password_change":
            suffix = "password_change"
    kind = ADMIN_ROUTE_KINDS.get(suffix)
    if kind is None:
        return None
    if kind == OBJECT:
        param = "id" if suffix == "password_change" else "object_id"
        return Rule(
            OBJECT,
            kwargs=lambda world: {param: world.home_object(model).pk},
            reference=label in REFERENCE_MODELS,
            post_reads=suffix == "history",  # a read-only page that ignores the method
        )
    if suffix == "changelist":
        # Try the archive action on the home object: nothing may change. The admin
        # re-renders the list (200) when the user has no action to choose from.
        def archive_it(world: World) -> dict[str, Any]:
            return {"action": "archive_selected", "_selected_action": world.home_object(model).pk, "index": "0"}

        return Rule(PAGE, post_reads=True, post_data=archive_it, reference=label in REFERENCE_MODELS)
    return Rule(kind, reference=label in REFERENCE_MODELS)


def test_every_route_is_classified():
    routes = all_routes()
    unclassified = sorted(route.name for route in routes if classify(route) is None)
    assert not unclassified, f"Routes with no access rule (add them to ROUTES): {unclassified}"
    # The walk really reaches into the admin: five routes for every registered model.
    assert len(routes) >= 5 * len(admin.site._registry)


def test_a_new_route_is_unclassified_until_listed():
    surprise = URLPattern(RoutePattern("surprise/<int:case_id>/"), lambda request: None, name="surprise")
    assert classify(Route("surprise/<int:case_id>/", "surprise", surprise, "")) is None
    feed = URLPattern(RoutePattern("calendar/feeds/<str:token>.ics"), lambda request: None, name="feed")
    assert classify(Route("calendar/feeds/<str:token>.ics", "feed", feed, "")).kind == FEED


# --- The home organization's world -----------------------------------------------------


@dataclass
class World:
    home: Any
    case: Any
    objects: dict[str, Any] = field(default_factory=dict)

    def home_object(self, model) -> Any:
        label = model._meta.label_lower
        if label in self.objects:
            return self.objects[label]
        found = self._owned_by_home(model)
        if found is None:
            pytest.fail(f"No home-organization {label} to put in its admin URLs: add one to the `world` fixture")
        return found

    def _owned_by_home(self, model):
        model_admin = admin.site._registry.get(model)
        for lookup in getattr(model_admin, "owner", ()):
            found = model._default_manager.filter(**{lookup: self.home}).first()
            if found is not None:
                return found
        if any(f.name == "organization" for f in model._meta.fields):
            return model._default_manager.filter(organization=self.home).first()
        return None


@pytest.fixture
def world(home, case, coordinator, viewer, lawyer, outsider, other_case, django_user_model) -> World:
    """One of everything, owned by (or pointing at) the home organization."""
    from django.contrib.auth.models import Group

    person = case.person
    person.family_name, person.native_name, person.a_number = "Matrixova", "Анна Матрицова", "987654321"
    person.save()
    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    country, language, court = CountryFactory(), LanguageFactory(), CourtFactory()
    facility, airport = FacilityFactory(), AirportFactory()
    hearing = HearingFactory(case=case, court=court)
    deadline = services.deadline_add(case=case, by=coordinator, kind="Brief", due_on=date.today() + timedelta(days=9))
    note = services.note_add(case=case, by=coordinator, body="Called the family.", kind=Note.Kind.CALL)
    upload = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 matrix test\n", content_type="application/pdf")
    document = services.document_add(case=case, by=coordinator, upload=upload, title="Letter")
    litigation = services.litigation_create(
        organization=home, by=coordinator, title="Matrixova v. Noem", federal_court="S.D. Miss.", plaintiffs=[person]
    )
    stay = detention_services.custody_book_in(person=person, facility=facility, on=date(2026, 1, 5), by=coordinator)
    incident = detention_services.incident_record(
        person=person, by=coordinator, kind="medical", occurred_on=date(2026, 2, 1), description="Fever."
    )
    flight = Flight.objects.create(flight_date=date(2026, 3, 1), carrier="Test Air", flight_number="TA1")
    passenger = detention_services.passenger_add(flight=flight, person=person, by=coordinator)
    delivery = Delivery.objects.create(
        recipient=viewer, kind=Delivery.Kind.HEARING_REMINDER, object_key=f"hearing:{hearing.pk}",
        scheduled_for=timezone.now(), case=case, hearing=hearing, status=Delivery.Status.SENT,
    )
    objects = {
        "cases.person": person,
        "cases.case": case,
        "cases.caseassignment": CaseAssignment.objects.get(case=case, user=lawyer),
        "cases.hearing": hearing,
        "cases.deadline": deadline,
        "cases.note": note,
        "cases.document": document,
        "cases.litigation": litigation,
        "cases.country": country,
        "cases.language": language,
        "cases.immigrationcourt": court,
        "cases.referencecode": ReferenceCode.objects.create(
            source=ReferenceCode.Source.ARTS, table="status", group="status", code="8C", description="Final order"
        ),
        "cases.delivery": delivery,
        "detentions.facility": facility,
        "detentions.airport": airport,
        "detentions.custody": stay,
        "detentions.incident": incident,
        "detentions.flight": flight,
        "detentions.passenger": passenger,
        "casetracker.user": coordinator,
        "casetracker.organization": home,
        "casetracker.membership": Membership.objects.get(user=coordinator),
        "casetracker.heartbeat": Heartbeat.objects.create(name="worker", seen_at=timezone.now()),
        "auth.group": Group.objects.create(name="Home reviewers"),
    }
    sheet = SimpleUploadedFile("people.csv", b"full_name,a_number\nTest Person,123456789\n", content_type="text/csv")
    objects["importers.importjob"] = import_jobs.job_create(owner=coordinator, organization=home, upload=sheet)
    objects["cases.exportjob"] = export_jobs.start_export(
        owner=coordinator, report="caseload", fmt="csv", filters={}, total=1
    )
    objects.update(_account_objects(coordinator))
    entry = AuditEntry.objects.filter(organization=home).first()
    if entry is not None:
        objects["casetracker.auditentry"] = entry
    return World(home=home, case=case, objects=objects)


def _account_objects(user) -> dict[str, Any]:
    """The sign-in records of a home user: lockout logs, e-mail, session, second factor, API token."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from knox.models import AuthToken

    seen = {"user_agent": "pytest", "ip_address": "192.0.2.1", "username": user.email, "path_info": "/login/"}
    return {
        "axes.accessattempt": AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1),
        "axes.accesslog": AccessLog.objects.create(**seen),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**seen),
        "account.emailaddress": EmailAddress.objects.get_or_create(user=user, email=user.email)[0],
        "usersessions.usersession": UserSession.objects.create(
            user=user, ip="192.0.2.1", session_key="matrix-session-key", user_agent="pytest", last_seen_at=timezone.now()
        ),
        "mfa.authenticator": Authenticator.objects.create(
            user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20, "used_mask": 0}
        ),
        "knox.authtoken": AuthToken.objects.create(user=user)[0],
    }


# --- Requests --------------------------------------------------------------------------


def fingerprint() -> dict[str, str]:
    """Every row of every table the app writes, except the append-only logs of reads."""
    skip = {"casetracker.auditentry", "sessions.session", "contenttypes.contenttype", "auth.permission"}
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in skip:
            continue
        rows[label] = repr(list(model._default_manager.order_by("pk").values_list()))
    return rows


def changed_tables(before: dict[str, str]) -> list[str]:
    after = fingerprint()
    return sorted(label for label in after if after[label] != before.get(label))


def planned(world: World) -> list[tuple[Route, Rule, str, dict[str, Any]]]:
    plan = []
    for route in all_routes():
        rule = classify(route)
        assert rule is not None, f"unclassified route {route.name}"
        kwargs = {name: str(value) for name, value in rule.kwargs(world).items()}
        missing = set(route.params) - set(kwargs)
        assert not missing, f"{route.name}: no value for {sorted(missing)}"
        url = "/" + route.pattern
        for name, value in kwargs.items():
            url = _fill(url, name, value)
        url = _unregex(url)
        plan.append((route, rule, url + rule.query, rule.post_data(world)))
    return plan


def _fill(url: str, name: str, value: str) -> str:
    url = re.sub(rf"\(\?P<{name}>[^)]*\)", value, url)
    return re.sub(rf"<(?:\w+:)?{name}>", value, url)


def _unregex(url: str) -> str:
    """What is left of a regex pattern once filled: anchors, an escaped dot, an optional slash."""
    return url.replace("$", "").replace("^", "").replace("\\.", ".").replace("/?", "")


def leaked(body: str, rule: Rule) -> list[str]:
    return [marker for marker in MARKERS if marker in body]


def test_anonymous_is_sent_to_login(world, client):
    failures = []
    for route, rule, url, data in planned(world):
        for method in ("get", "post"):
            response = client.get(url) if method == "get" else client.post(url, data)
            status = response.status_code
            if status >= 500:
                failures.append(f"{method.upper()} {url} ({route.name}): {status}")
            elif rule.kind == PUBLIC:
                pass
            elif rule.kind in (FEED, MISSING):
                if status not in (404, 405):  # a GET-only feed refuses a POST before looking
                    failures.append(f"{method.upper()} {url} ({route.name}): {status}, expected 404")
            elif status in (401, 403, 405):
                pass  # the API's answer to a request without credentials; a method no view runs for
            elif status == 302 and _to_login(client, response["Location"]):
                pass
            else:
                failures.append(f"{method.upper()} {url} ({route.name}): {status}, expected the login page")
            if leaked(response.content.decode(errors="replace"), rule):
                failures.append(f"{method.upper()} {url} ({route.name}): home data shown to anonymous")
    assert not failures, "\n".join(failures)


def _to_login(client: Client, location: str) -> bool:
    """The redirect leads to the login page, directly or through one more redirect
    (allauth's second-factor pages go by the re-authentication page first)."""
    if location.split("?")[0] in ("/login/", "/"):
        return True
    response = client.get(location)
    return response.status_code == 302 and response["Location"].split("?")[0] in ("/login/", "/")


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_outsider_never_sees_home_data(world, outsider):
    client = _logged_in(outsider)
    before = fingerprint()
    failures = []
    for route, rule, url, data in planned(world):
        for method in ("get", "post"):
            response = client.get(url) if method == "get" else client.post(url, data)
            where = f"{method.upper()} {url} ({route.name})"
            status = response.status_code
            if status >= 500:
                failures.append(f"{where}: {status}")
                continue
            if rule.kind == OBJECT and not rule.reference and status not in (302, 403, 404, 405):
                failures.append(f"{where}: {status}, expected 302/403/404 for another organization's object")
            if rule.kind in (FEED, MISSING) and status not in (404, 405):
                failures.append(f"{where}: {status}, expected 404")
            if hasattr(response, "content") and leaked(response.content.decode(errors="replace"), rule):
                failures.append(f"{where}: shows {leaked(response.content.decode(errors='replace'), rule)}")
            if method == "post":
                if rule.kind == SELF:
                    client = _logged_in(outsider)
                    before = fingerprint()
                elif changes := changed_tables(before):
                    failures.append(f"{where}: changed {changes}")
                    before = fingerprint()
    assert not failures, "\n".join(failures)


def test_viewer_writes_nothing(world, viewer):
    client = _logged_in(viewer)
    before = fingerprint()
    failures = []
    for route, rule, url, data in planned(world):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"GET {url} ({route.name}): {response.status_code}")
        response = client.post(url, data)
        where = f"POST {url} ({route.name})"
        status = response.status_code
        if rule.kind == SELF:
            client = _logged_in(viewer)
            before = fingerprint()
            continue
        allowed = (302, 403, 404, 405) + ((200,) if rule.post_reads or rule.kind == PUBLIC else ())
        allowed += (400,) if rule.kind == PUBLIC else ()  # a sign-in form refusing empty credentials
        if status not in allowed:
            failures.append(f"{where}: {status}, expected one of {allowed}")
        if changes := changed_tables(before):
            failures.append(f"{where}: changed {changes}")
            before = fingerprint()
    assert not failures, "\n".join(failures)
