"""Calendar pages: /calendar/ (month, week, agenda), its events endpoint, the feed
settings page, and the private iCal feeds at /calendar/feeds/<token>.ics."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import formats, timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from casetracker import audit
from casetracker.models import Membership, Organization, User
from detentions.models import Facility

from . import calendar
from .models import CalendarFeed, Hearing, ImmigrationCourt
from .selectors import cases_visible_to, hearings_visible_to

AGENDA_DAYS = 30
AGENDA_ROWS = 200


def _member_orgs(user: User) -> QuerySet[Organization]:
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user)


def _lawyers(user: User) -> QuerySet[User]:
    lawyers = User.objects.filter(is_active=True, memberships__role=Membership.Role.LAWYER)
    if not user.is_superuser:
        member_orgs = Membership.objects.filter(user=user).values("organization_id")
        lawyers = lawyers.filter(memberships__organization__in=member_orgs)
    return lawyers.distinct().order_by("last_name", "email")


def _is_lawyer(user: User) -> bool:
    return Membership.objects.filter(user=user, role=Membership.Role.LAWYER).exists()


class CalendarFilterForm(forms.Form):
    """The calendar's filters, shared by the page (GET form) and the events endpoint."""

    attorney = forms.ChoiceField(label=_("Attorney"), required=False)
    court = forms.ModelChoiceField(
        label=_("Court"), queryset=ImmigrationCourt.objects.none(), required=False, empty_label=_("Any court")
    )
    judge = forms.CharField(label=_("Judge"), max_length=120, required=False)
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=Facility.objects.none(), required=False, empty_label=_("Any facility")
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False, empty_label=_("All my organizations")
    )
    kind = forms.ChoiceField(label=_("Hearing kind"), required=False)
    deadlines = forms.BooleanField(label=_("Show deadlines"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        lawyers = [(str(u.pk), u.get_full_name() or u.email) for u in _lawyers(user) if u.pk != user.pk]
        self.fields["attorney"].choices = [("", _("Everyone I can see")), ("me", _("Me")), *lawyers]
        self.fields["court"].queryset = ImmigrationCourt.objects.filter(active=True).order_by("name")
        # Only the facilities where hearings the user can see are held.
        held_here = hearings_visible_to(user).filter(facility_id=OuterRef("pk"))
        self.fields["facility"].queryset = Facility.objects.filter(Exists(held_here)).order_by("name")
        self.fields["organization"].queryset = _member_orgs(user).order_by("name")
        self.fields["kind"].choices = [("", _("Any kind")), *calendar.KIND_LABELS.items()]

    def filters(self) -> calendar.Filters:
        data = self.cleaned_data
        return calendar.Filters(
            attorney=data.get("attorney") or "",
            court=data["court"].pk if data.get("court") else None,
            judge=data.get("judge") or "",
            facility=data["facility"].pk if data.get("facility") else None,
            organization=data["organization"].pk if data.get("organization") else None,
            kind=data.get("kind") or "",
        )


class RangeForm(forms.Form):
    start = forms.DateTimeField()
    end = forms.DateTimeField()

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end <= start:
                self.add_error("end", _("The end must be after the start."))
            elif end - start > timedelta(days=calendar.MAX_RANGE_DAYS):
                self.add_error("end", _("Ask for at most %(days)s days at a time.") % {"days": calendar.MAX_RANGE_DAYS})
        return data


def _viewer_zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def _initial_filters(request: HttpRequest) -> dict:
    if any(name in request.GET for name in CalendarFilterForm.base_fields):
        return request.GET
    # First visit: a lawyer starts on their own hearings, everyone else on all they can see.
    return {"attorney": "me"} if _is_lawyer(request.user) else {}


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Month, week and agenda views (FullCalendar), with a server-rendered agenda
    of the next 30 days for browsers without JavaScript."""
    form = CalendarFilterForm(_initial_filters(request), user=request.user)
    zone = _viewer_zone(request.user)
    try:
        first_day = datetime.strptime(request.GET.get("date", ""), "%Y-%m-%d").date()
    except ValueError:
        first_day = timezone.localdate(timezone=zone)
    agenda, more = [], False
    if form.is_valid():
        start = datetime.combine(first_day, time.min, tzinfo=zone)
        rows = list(calendar.calendar_hearings(user=request.user, start=start, end=start + timedelta(days=AGENDA_DAYS),
                                               filters=form.filters())[: AGENDA_ROWS + 1])  # fmt: skip
        more = len(rows) > AGENDA_ROWS
        agenda = [_agenda_row(hearing, zone) for hearing in rows[:AGENDA_ROWS]]
    view = {"week": "timeGridWeek", "agenda": "listMonth"}.get(request.GET.get("view", ""), "dayGridMonth")
    context = {
        **admin.site.each_context(request),
        "title": _("Hearing calendar"),
        "form": form,
        "agenda": agenda,
        "agenda_more": more,
        "agenda_from": first_day,
        "agenda_days": AGENDA_DAYS,
        "viewer_zone": str(zone),
        "initial_view": view,
        "initial_date": first_day.isoformat(),
        "fc_locale": "ru" if translation.get_language() == "ru" else "en",
        "max_events": calendar.MAX_EVENTS,
    }
    return TemplateResponse(request, "cases/calendar.html", context)


def _agenda_row(hearing: Hearing, viewer: ZoneInfo) -> dict:
    court_zone = calendar.zone_of(hearing.time_zone)
    court_time = hearing.starts_at.astimezone(court_zone)
    viewer_time = hearing.starts_at.astimezone(viewer)
    differs = court_time.utcoffset() != viewer_time.utcoffset()
    return {
        "hearing": hearing,
        "title": calendar.hearing_title(hearing),
        # Formatted here: the template's date filter would convert to the current zone.
        "court_time": formats.date_format(court_time, "D j M Y, H:i T"),
        "viewer_time": formats.date_format(viewer_time, "H:i T") if differs else "",
        "place": calendar.hearing_place(hearing),
        "mode": calendar.MODE_LABELS.get(hearing.mode, hearing.mode),
        "status": calendar.STATUS_LABELS.get(hearing.status, hearing.status),
        "moved": calendar.is_moved(hearing),
        "url": calendar.case_url(hearing),
    }


def _errors(*forms_: forms.Form) -> JsonResponse:
    errors = {}
    for form in forms_:
        for field, messages in form.errors.get_json_data().items():
            errors[field] = [message["message"] for message in messages]
    return JsonResponse({"errors": errors}, status=400)


@login_required
@require_GET
def calendar_events(request: HttpRequest) -> JsonResponse:
    """Events in [start, end) for FullCalendar: hearings, and deadlines when asked for."""
    span, form = RangeForm(request.GET), CalendarFilterForm(request.GET, user=request.user)
    if not (span.is_valid() and form.is_valid()):
        return _errors(span, form)
    start, end, filters = span.cleaned_data["start"], span.cleaned_data["end"], form.filters()
    found = calendar.calendar_hearings(user=request.user, start=start, end=end, filters=filters)
    hearings = list(found[: calendar.MAX_EVENTS + 1])
    events = [calendar.hearing_event(hearing) for hearing in hearings[: calendar.MAX_EVENTS]]
    truncated = len(hearings) > calendar.MAX_EVENTS
    if form.cleaned_data.get("deadlines") and not truncated:
        due = calendar.calendar_deadlines(
            user=request.user, start=start.date(), end=(end - timedelta(microseconds=1)).date() + timedelta(days=1),
            filters=filters,
        )
        deadlines = list(due[: calendar.MAX_EVENTS + 1])
        truncated = len(deadlines) > calendar.MAX_EVENTS
        events += [calendar.deadline_event(deadline) for deadline in deadlines[: calendar.MAX_EVENTS]]
    return JsonResponse({"events": events, "truncated": truncated})


# --- Feed settings -------------------------------------------------------------------


class CaseFeedForm(forms.Form):
    reference = forms.CharField(label=_("Case reference"), max_length=24)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        case = cases_visible_to(self.user).filter(reference=reference).first()
        if case is None:
            raise ValidationError(_("No case with this reference that you can see."))
        self.case = case
        return reference


@login_required
@require_http_methods(["GET", "POST"])
def feeds_page(request: HttpRequest) -> HttpResponse:
    """Create, rotate and revoke private feeds. A new feed's URL is shown on this response only."""
    user = request.user
    case_form = CaseFeedForm(user=user)
    new_url = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "create_user":
            _feed, token = calendar.feed_create(owner=user, by=user, request=request)
            new_url = calendar.feed_url(token)
        elif action == "create_case":
            case_form = CaseFeedForm(request.POST, user=user)
            if case_form.is_valid():
                _feed, token = calendar.feed_create(owner=user, case=case_form.case, by=user, request=request)
                new_url = calendar.feed_url(token)
                case_form = CaseFeedForm(user=user)
        elif action in ("rotate", "revoke"):
            active = calendar.feeds_of(user).filter(revoked_at__isnull=True)
            feed = get_object_or_404(active, pk=request.POST.get("feed") or 0)
            if action == "rotate":
                _feed, token = calendar.feed_rotate(feed=feed, by=user, request=request)
                new_url = calendar.feed_url(token)
            else:
                calendar.feed_revoke(feed=feed, by=user, request=request)
        else:
            return HttpResponse(status=400)
    feeds = list(calendar.feeds_of(user))
    context = {
        **admin.site.each_context(request),
        "title": _("Calendar feeds"),
        "active": [feed for feed in feeds if feed.is_active],
        "revoked": [feed for feed in feeds if not feed.is_active][:20],
        "case_form": case_form,
        "new_url": new_url,
    }
    response = TemplateResponse(request, "cases/calendar_feeds.html", context)
    # The page may show a feed URL: never keep it in a cache.
    patch_cache_control(response, no_store=True, private=True)
    return response


# --- The feed itself -----------------------------------------------------------------


@require_GET
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A private iCal feed. Unknown and revoked tokens, and case feeds whose case the owner
    can no longer see, answer 404; each fetch is audited (without the token)."""
    feed = calendar.feed_for_token(token)
    now = timezone.now()
    items = calendar.feed_items(feed, now) if feed else None
    if items is None:
        return HttpResponseNotFound("Not found\n", content_type="text/plain; charset=utf-8")
    hearings, deadlines = items
    body = calendar.feed_calendar(feed, hearings, deadlines, now)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    audit.record("feed", actor=feed.owner, request=request, obj=feed,
                 organization_id=feed.case.organization_id if feed.case_id else None,
                 event="fetched", kind=feed.kind, hearings=len(hearings), deadlines=len(deadlines))  # fmt: skip
    changed = [item.updated_at for item in [*hearings, *deadlines] if item.updated_at]
    last_modified = max(changed).timestamp() if changed else None
    etag = '"' + calendar.hash_token(body.decode())[:32] + '"'
    # Conditional on the ETag only: a hearing that left the feed does not move Last-Modified.
    not_modified = get_conditional_response(request, etag=etag)
    response = not_modified or HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Content-Disposition"] = 'inline; filename="casetracker.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Private: the URL is a secret. Clients may reuse it for the refresh interval the feed states.
    patch_cache_control(response, private=True, max_age=int(calendar.FEED_REFRESH.total_seconds()) // 4)
    return response
