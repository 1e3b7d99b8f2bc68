"""Sending one delivery: decide whether it still matters, render it in the recipient's
language, email it (if they want email), and record the outcome. Messages carry the
case reference and a link, never an A-number, a date of birth or the story."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Deadline, Delivery, Hearing

TEMPLATE_FOR_KIND = {
    Delivery.Kind.HEARING_REMINDER: "hearing-reminder",
    Delivery.Kind.DEADLINE_REMINDER: "deadline-reminder",
    Delivery.Kind.DEADLINE_OVERDUE: "deadline-overdue",
    Delivery.Kind.DIGEST: "digest",
}
ALERT_TEXT = {
    "en": {
        Delivery.Kind.ALERT_MANIFEST: "was put on a flight manifest",
        Delivery.Kind.ALERT_TRANSFER: "was transferred to another facility",
        Delivery.Kind.ALERT_RELEASE: "was released from detention",
        Delivery.Kind.ALERT_REMOVAL_ORDER: "was ordered removed",
        Delivery.Kind.ALERT_HEARING_MOVED: "had a hearing moved",
        Delivery.Kind.ALERT_HEARING_CANCELLED: "had a hearing cancelled",
    },
    "ru": {
        Delivery.Kind.ALERT_MANIFEST: "внесён в список пассажиров рейса",
        Delivery.Kind.ALERT_TRANSFER: "переведён в другое учреждение",
        Delivery.Kind.ALERT_RELEASE: "освобождён из-под стражи",
        Delivery.Kind.ALERT_REMOVAL_ORDER: "получил приказ о депортации",
        Delivery.Kind.ALERT_HEARING_MOVED: "слушание перенесено",
        Delivery.Kind.ALERT_HEARING_CANCELLED: "слушание отменено",
    },
}


def claim(delivery_id: int) -> Delivery | None:
    """Take the delivery for this worker, or None if it is sent, being sent, or gone."""
    now = timezone.now()
    lease = timedelta(seconds=settings.CT_DELIVERY_LEASE_SECONDS)
    claimed = (
        Delivery.objects.filter(pk=delivery_id)
        .filter(Q(status=Delivery.Status.PENDING) | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - lease))
        .update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return None
    return Delivery.objects.select_related(
        "recipient", "case", "hearing__court", "hearing__facility", "deadline"
    ).get(pk=delivery_id)


def release(delivery: Delivery, error: str) -> None:
    """Give a claimed delivery back after a transient failure, so a retry can claim it."""
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING, error=error[:2000], claimed_at=None
    )


def fail(delivery: Delivery, error: str) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=error[:2000])


def _finish(delivery: Delivery, status: str, reason: str = "", emailed: bool = False) -> None:
    now = timezone.now()
    late = now - delivery.scheduled_for > timedelta(seconds=settings.CT_LATE_AFTER_SECONDS)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, status_reason=reason, emailed=emailed, sent_at=now, late=delivery.late or late, error=""
    )


def _still_relevant(delivery: Delivery, now) -> str:
    """Empty when the delivery should go out; else why it is skipped."""
    if delivery.kind == Delivery.Kind.HEARING_REMINDER:
        hearing = delivery.hearing
        if hearing is None or hearing.status != Hearing.Status.SCHEDULED:
            return "The hearing is no longer scheduled."
        if hearing.starts_at <= now:
            return "The hearing had already started."
    if delivery.kind in {Delivery.Kind.DEADLINE_REMINDER, Delivery.Kind.DEADLINE_OVERDUE}:
        if delivery.deadline is None or delivery.deadline.status != Deadline.Status.OPEN:
            return "The deadline is no longer open."
    return ""


def _local(moment, zone_name: str) -> str:
    local = moment.astimezone(ZoneInfo(zone_name))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({zone_name})"


def _digest_items(delivery: Delivery, now) -> list[dict]:
    from .selectors import deadlines_visible_to, hearings_visible_to

    user = delivery.recipient
    week = now + timedelta(days=7)
    hearings = (
        hearings_visible_to(user)
        .filter(status=Hearing.Status.SCHEDULED, starts_at__gte=now, starts_at__lt=week, case__isnull=False)
        .filter(Q(case__assignments__user=user) | Q(case__attorney=user))
        .select_related("case", "court", "facility")
        .distinct()
        .order_by("starts_at")
    )
    deadlines = (
        deadlines_visible_to(user)
        .filter(status=Deadline.Status.OPEN, due_on__lt=week.date(), case__isnull=False)
        .filter(Q(case__assignments__user=user) | Q(case__attorney=user) | Q(responsible=user))
        .select_related("case")
        .distinct()
        .order_by("due_on")
    )
    items = [
        {"when": _local(h.starts_at, h.time_zone), "reference": h.case.reference, "what": h.get_kind_display()}
        for h in hearings
    ]
    items += [{"when": d.due_on.isoformat(), "reference": d.case.reference, "what": d.kind} for d in deadlines]
    return items


def render(delivery: Delivery, now, items: list[dict] | None = None) -> tuple[str, str, str]:
    """Subject, text body and HTML body in the recipient's language."""
    language = delivery.recipient.language if delivery.recipient.language in ALERT_TEXT else "en"
    case = delivery.case
    context = {
        "delivery": delivery,
        "reference": case.reference if case else "",
        "link": f"{settings.CT_BASE_URL}/cases/case/{case.pk}/change/" if case else settings.CT_BASE_URL + "/",
        "inbox": f"{settings.CT_BASE_URL}/notifications/",
        "late": delivery.late or now - delivery.scheduled_for > timedelta(seconds=settings.CT_LATE_AFTER_SECONDS),
        "scheduled_for": _local(delivery.scheduled_for, delivery.recipient.time_zone or "UTC"),
        **delivery.context,
    }
    if delivery.hearing:
        context["hearing_kind"] = delivery.hearing.get_kind_display()
        context["hearing_when"] = _local(delivery.hearing.starts_at, delivery.hearing.time_zone)
        context["hearing_place"] = str(delivery.hearing.court or delivery.hearing.facility or "")
    if delivery.deadline:
        context["deadline_kind"] = delivery.deadline.kind
        context["deadline_due"] = delivery.deadline.due_on.isoformat()
        context["deadline_source"] = delivery.deadline.source
    if delivery.kind == Delivery.Kind.DIGEST:
        context["items"] = items
    name = TEMPLATE_FOR_KIND.get(delivery.kind, "alert")
    context["alert_text"] = ALERT_TEXT[language].get(delivery.kind, "")
    prefix = f"emails/{language}/{name}"
    subject = " ".join(render_to_string(f"{prefix}-subject.txt", context).split())
    return subject, render_to_string(f"{prefix}-body.txt", context), render_to_string(f"{prefix}-body.html", context)


def deliver(delivery: Delivery) -> None:
    """Send one claimed delivery. SMTP errors propagate for the task to retry."""
    now = timezone.now()
    reason = _still_relevant(delivery, now)
    if reason:
        _finish(delivery, Delivery.Status.SKIPPED, reason)
        return
    items = _digest_items(delivery, now) if delivery.kind == Delivery.Kind.DIGEST else None
    if items == []:
        _finish(delivery, Delivery.Status.SKIPPED, "Nothing in the next 7 days.")
        return
    subject, text, html = render(delivery, now, items)
    user = delivery.recipient
    wants_email = user.email_digest if delivery.kind == Delivery.Kind.DIGEST else user.email_reminders
    if wants_email and user.email:
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={"Message-ID": delivery.message_id, **({"X-Priority": "1", "Importance": "high"} if delivery.urgent else {})},
        )
        message.attach_alternative(html, "text/html")
        message.send(fail_silently=False)
    _finish(delivery, Delivery.Status.SENT, emailed=bool(wants_email and user.email))
