"""Coordinators browse and export their organization's audit log (superusers: all of it).

Read only by construction: these views only ever GET; the model and, on PostgreSQL,
a trigger refuse any change to a recorded row.
"""

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import audit
from .admin import coordinated_organizations
from .models import AuditEntry, Membership, User

PAGE_SIZE = 100
CSV_COLUMNS = ("at", "actor", "action", "organization", "object_type", "object_id", "object_label", "ip", "details")


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    """Superusers see everything; coordinators their organizations' entries; others nothing."""
    if not user.is_authenticated or not user.is_active:
        return AuditEntry.objects.none()
    if user.is_superuser:
        return AuditEntry.objects.all()
    return AuditEntry.objects.filter(organization_id__in=coordinated_organizations(user).values("pk"))


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label=_("User"))
    action = forms.ChoiceField(choices=[("", _("Any action"))] + AuditEntry.Action.choices, required=False, label=_("Action"))
    object_type = forms.CharField(required=False, label=_("Object type"), help_text=_("e.g. cases.case"))
    object_id = forms.CharField(required=False, label=_("Object id"))
    reference = forms.CharField(required=False, label=_("Reference"), help_text=_("e.g. RADR-2025-0042"))
    since = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_superuser:
            actors = User.objects.all()
        else:
            orgs = coordinated_organizations(user).values("pk")
            actors = User.objects.filter(
                pk__in=Membership.objects.filter(organization_id__in=orgs).values("user_id")
            )
        self.fields["actor"].queryset = actors.order_by("email")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filter(self, queryset: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data
        if data.get("actor"):
            queryset = queryset.filter(actor=data["actor"])
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("object_type"):
            queryset = queryset.filter(object_type=data["object_type"].strip().lower())
        if data.get("object_id"):
            queryset = queryset.filter(object_id=data["object_id"].strip())
        if data.get("reference"):
            queryset = queryset.filter(object_label__iexact=data["reference"].strip())
        # Whole days in the site's time zone, the end day included.
        if data.get("since"):
            queryset = queryset.filter(at__gte=_start_of(data["since"]))
        if data.get("until"):
            queryset = queryset.filter(at__lt=_start_of(data["until"] + timedelta(days=1)))
        return queryset

    def used_filters(self) -> list[str]:
        """Which filters were set (names only), for the export's own audit entry."""
        return sorted(name for name, value in self.cleaned_data.items() if value not in (None, ""))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _entries(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    user = request.user
    if not (user.is_superuser or coordinated_organizations(user).exists()):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, user=user)
    queryset = audit_entries_visible_to(user).select_related("actor", "organization")
    if form.is_bound and form.is_valid():
        queryset = form.filter(queryset)
    elif form.is_bound:
        queryset = queryset.none()
    return form, queryset.order_by("-at", "-pk")


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form, queryset = _entries(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **admin.site.each_context(request),
        "title": _("Audit log"),
        "form": form,
        "page": page,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "audit/log.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(queryset: QuerySet[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # the BOM makes Excel read UTF-8
    for entry in queryset.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                entry.at.isoformat(),
                entry.actor.email if entry.actor else "",
                entry.action,
                entry.organization.slug if entry.organization else "",
                entry.object_type,
                entry.object_id,
                entry.object_label,
                entry.ip or "",
                json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
            ]
        )


@login_required
@require_GET
def audit_log_export(request: HttpRequest) -> HttpResponse:
    form, queryset = _entries(request)
    filters = form.used_filters() if form.is_bound and form.is_valid() else []
    organizations = list(coordinated_organizations(request.user).values_list("pk", flat=True)[:2])
    audit.record(
        AuditEntry.Action.EXPORT,
        request=request,
        organization_id=organizations[0] if len(organizations) == 1 else None,
        export="audit-log",
        filters=filters,
        rows=queryset.count(),
    )
    response = StreamingHttpResponse(_csv_rows(queryset), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
