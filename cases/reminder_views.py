"""In-app notifications and the coordinators' deadline-rule settings."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casetracker.admin import coordinated_organizations
from casetracker.models import Organization

from .deadlines import rule_offsets_update
from .models import Delivery
from .rules import RULES

INBOX_SIZE = 100


def inbox(user):
    """The user's own reminders and alerts that were delivered (not skipped)."""
    return Delivery.objects.filter(recipient=user).filter(
        Q(status=Delivery.Status.SENT) | Q(urgent=True, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING])
    )


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        inbox(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    rows = list(inbox(request.user).select_related("case").order_by("-scheduled_for")[:INBOX_SIZE])
    context = {
        **admin.site.each_context(request),
        "title": "Notifications",
        "deliveries": rows,
        "unread": sum(1 for row in rows if row.read_at is None),
    }
    return TemplateResponse(request, "cases/notifications.html", context)


class RuleOffsetsForm(forms.Form):
    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        current = organization.rule_offsets or {}
        for rule in RULES.values():
            self.fields[rule.code] = forms.IntegerField(
                label=rule.title,
                initial=current.get(rule.code, rule.offset),
                help_text=f"{rule.unit.value}; default {rule.offset} ({rule.describe()}). Source: {rule.source}",
            )


@login_required
@require_http_methods(["GET", "POST"])
def deadline_rules(request: HttpRequest, organization_id: int) -> HttpResponse:
    """A coordinator changes the organization's rule offsets; open cases are recomputed."""
    organization = get_object_or_404(coordinated_organizations(request.user), pk=organization_id)
    form = RuleOffsetsForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            rule_offsets_update(organization=organization, offsets=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            for message in exc.message_dict.get("rule_offsets", exc.messages):
                code, _, text = message.partition(": ")
                form.add_error(code if code in form.fields else None, text or message)
        else:
            messages.success(request, "Deadline rules saved; open cases were recomputed.")
            return redirect("deadline-rules", organization_id=organization.pk)
    context = {**admin.site.each_context(request), "title": f"Deadline rules — {organization}", "form": form}
    return TemplateResponse(request, "cases/deadline_rules.html", context)



