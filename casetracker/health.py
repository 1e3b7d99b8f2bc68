"""/healthz: is the database answering, is the broker reachable, is a worker alive."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Heartbeat


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the class name says which
        return {"ok": False, "vendor": connection.vendor, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict:
    from .celery import app

    transport = "redis" if settings.REDIS_URL else "filesystem"
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"ok": False, "transport": transport, "error": type(exc).__name__}
    return {"ok": True, "transport": transport}


def check_worker() -> dict:
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return {"ok": False, "last_heartbeat": None, "age_seconds": None}
    age = (timezone.now() - beat.seen_at).total_seconds()
    stale = age > timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS).total_seconds()
    return {"ok": not stale, "last_heartbeat": beat.seen_at.isoformat(), "age_seconds": round(age, 1)}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = check_database()
    broker = check_broker()
    worker = check_worker() if database["ok"] else {"ok": False, "error": "database down"}
    healthy = database["ok"] and broker["ok"] and worker["ok"]
    body = {
        "status": "ok" if healthy else ("degraded" if database["ok"] else "down"),
        "database": database,
        "broker": broker,
        "worker": worker,
    }
    # 503 only when the web process itself cannot serve (no database); a stopped
    # worker is reported, not fatal to the web tier.
    return JsonResponse(body, status=200 if database["ok"] else 503)
