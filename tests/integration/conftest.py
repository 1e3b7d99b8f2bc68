"""Real parts for integration tests: a Celery worker process on the app's broker
(Redis when REDIS_URL is set, else the filesystem broker) and an SMTP server."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent


def wait_for(predicate, seconds: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def database_url_for_workers() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Inbox:
    """Collects every message the SMTP server accepts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m["Message-ID"] for m in self.messages]

    def __len__(self) -> int:
        with self.lock:
            return len(self.messages)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    inbox.port = port
    yield inbox
    controller.stop()


class Worker:
    def __init__(self, tmp_path: Path, env: dict[str, str], beat: bool = False) -> None:
        self.tmp_path = tmp_path
        self.env = env
        self.beat = beat
        self.process = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        self.log_path = self.tmp_path / f"worker-{self.starts}.log"
        args = [sys.executable, "-m", "celery", "-A", "casetracker", "worker", "--loglevel=INFO",
                "--pool=prefork", "--concurrency=2", f"--hostname=test{self.starts}@%h"]  # fmt: skip
        if self.beat:
            args += ["--beat", f"--schedule={self.tmp_path / 'beat-schedule'}"]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)
        self.log.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
            self.log.close()

    def output(self) -> str:
        return self.log_path.read_text()[-4000:]


@pytest.fixture
def make_worker(transactional_db, tmp_path):
    from casetracker.celery import app

    app.control.purge()  # tasks left by an earlier run would claim nothing, but take time
    workers = []

    def make(beat: bool = False, **extra_env: str) -> Worker:
        env = {**os.environ, "DATABASE_URL": database_url_for_workers(), **extra_env}
        worker = Worker(tmp_path, env, beat=beat)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()
