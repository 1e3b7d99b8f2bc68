from datetime import timedelta

import pytest
from django.utils import timezone

from casetracker.models import Heartbeat
from casetracker.tasks import heartbeat


@pytest.mark.django_db
def test_healthz_reports_database_broker_and_missing_worker(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert body["worker"] == {"ok": False, "last_heartbeat": None, "age_seconds": None}
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_is_ok_after_a_worker_heartbeat(client):
    heartbeat()

    body = client.get("/healthz").json()

    assert body["worker"]["ok"] is True
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_healthz_flags_a_stale_worker(client, settings):
    Heartbeat.objects.create(name="worker", seen_at=timezone.now() - timedelta(hours=1))

    body = client.get("/healthz").json()

    assert body["worker"]["ok"] is False
    assert body["worker"]["age_seconds"] >= 3600
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_names_the_broker_transport(client, settings):
    expected = "redis" if settings.REDIS_URL else "filesystem"

    assert client.get("/healthz").json()["broker"]["transport"] == expected


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    body = client.get("/healthz").json()

    assert body["broker"]["ok"] is False
    assert body["status"] == "degraded"


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
