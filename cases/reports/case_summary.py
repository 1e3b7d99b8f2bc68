"""A one-person case summary as a PDF (for a lawyer or a court packet), in the user's language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from casetracker.models import User
from detentions.custody import continuous_custody
from detentions.models import Custody, Passenger

from ..models import Case, Deadline, Hearing
from .base import local_datetime
from .writers import render_pdf

KEY_EVENTS = (
    "credible_fear_interview_on", "ij_review_requested_on", "nta_served_on", "i589_filed_on", "ij_decision_on",
    "removal_ordered_on", "final_order_on", "appeal_filed_on", "bia_decision_on", "petition_for_review_filed_on",
    "bond_requested_on", "bond_set_on", "bond_posted_on", "parole_requested_on", "parole_granted_on",
    "stay_requested_on", "stay_granted_on", "eoir28_filed_on",
)  # fmt: skip


def case_summary_context(case: Case) -> dict:
    person = case.person
    stays = list(Custody.objects.filter(person=person).select_related("facility").order_by("booked_in_on"))
    events = [(Case._meta.get_field(name).verbose_name, getattr(case, name)) for name in KEY_EVENTS]
    return {
        "case": case,
        "person": person,
        "events": [(str(label)[:1].upper() + str(label)[1:], day) for label, day in events if day],
        "hearings": [
            (hearing, local_datetime(hearing.starts_at, hearing.time_zone))
            for hearing in Hearing.objects.filter(case=case).select_related("court", "facility").order_by("starts_at")
        ],
        "deadlines": Deadline.objects.filter(case=case).order_by("due_on"),
        "stays": stays,
        "custody": continuous_custody(stays, timezone.localdate()),
        "flights": Passenger.objects.filter(person=person).select_related("flight").order_by("flight__flight_date"),
        "team": case.assignments.select_related("user"),
        "generated_at": timezone.localtime(),
    }


def case_summary_pdf(case: Case, user: User) -> bytes:
    language = user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string("reports/case_summary_pdf.html", case_summary_context(case))
    return render_pdf(html)
