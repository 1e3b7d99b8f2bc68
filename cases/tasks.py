import smtplib

from celery import shared_task

from . import notify
from .reminders import scan

# Transient: the mail server is down, refuses for now, or the network dropped.
TRANSIENT = (smtplib.SMTPException, OSError)


@shared_task(ignore_result=True)
def scan_reminders() -> None:
    """Beat, every minute: write due reminders and queue every unsent delivery."""
    scan()


@shared_task(bind=True, ignore_result=True, acks_late=True, max_retries=6)
def send_delivery(self, delivery_id: int) -> None:
    """Send one delivery exactly once: claim it, send it, record it.

    A worker killed between the SMTP server accepting a message and the row being
    marked sent leaves it 'sending'; after the lease the scan re-queues it and it is
    sent again. That window (milliseconds per message) is the only way to a duplicate,
    and the stable Message-ID lets mail clients fold such a duplicate.
    """
    delivery = notify.claim(delivery_id)
    if delivery is None:
        return
    try:
        notify.deliver(delivery)
    except TRANSIENT as exc:
        error = f"{type(exc).__name__}: {exc}"
        if self.request.retries >= self.max_retries:
            notify.fail(delivery, error)
            return
        notify.release(delivery, error)
        # Backoff stays well under the broker's visibility timeout (no long ETAs).
        raise self.retry(exc=exc, countdown=min(600, 10 * 2**self.request.retries)) from exc


@shared_task(ignore_result=True, acks_late=True)
def run_export(job_id: int) -> None:
    """Build one export job's file in batches, then email its owner a link."""
    from .reports.jobs import run

    run(job_id)


@shared_task(ignore_result=True)
def delete_expired_exports() -> None:
    """Beat, hourly: delete export files past CT_EXPORT_RETENTION_HOURS."""
    from .reports.jobs import delete_expired

    delete_expired()
