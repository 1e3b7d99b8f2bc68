"""A real Celery worker with embedded beat, in its own process, on the same broker the
app uses: a folder (filesystem transport) without REDIS_URL, Redis with it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from casetracker.models import Heartbeat

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _broker(var_dir: Path) -> Celery:
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return Celery(broker=redis_url)
    folder = var_dir / "celery" / "broker"
    folder.mkdir(parents=True, exist_ok=True)
    folder = str(folder)
    return Celery(
        broker="filesystem://",
        broker_transport_options={
            "data_folder_in": folder,
            "data_folder_out": folder,
            "control_folder": str(var_dir / "celery" / "control"),
        },
    )


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def worker(transactional_db, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CT_VAR_DIR": str(tmp_path),
        "CT_HEARTBEAT_SECONDS": "1",
    }
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "casetracker", "worker", "--beat", "--pool=solo",
         "--loglevel=INFO", f"--schedule={tmp_path / 'beat-schedule'}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield tmp_path
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_beat_and_worker_write_heartbeats(worker):
    seen = _wait_for(lambda: Heartbeat.objects.filter(name="worker").exists(), seconds=60)

    assert seen, (worker / "worker.log").read_text()[-3000:]
    first = Heartbeat.objects.get(name="worker").seen_at
    assert _wait_for(lambda: Heartbeat.objects.get(name="worker").seen_at > first, seconds=30)


def test_a_task_sent_by_another_process_is_run_by_the_worker(worker):
    _broker(worker).send_task("casetracker.tasks.heartbeat", kwargs={"name": "probe"})

    ran = _wait_for(lambda: Heartbeat.objects.filter(name="probe").exists(), seconds=60)

    assert ran, (worker / "worker.log").read_text()[-3000:]
