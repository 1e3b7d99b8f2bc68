from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(ignore_result=True)
def heartbeat(name: str = "worker") -> None:
    """Record that a worker is consuming the queue (read by /healthz)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
