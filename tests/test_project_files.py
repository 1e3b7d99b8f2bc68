"""The files a new machine depends on: compose file, Makefile, migrations."""

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SETUP_STEPS = [
    "migrate --noinput",
    "load_reference_data",
    "import_codes data/public/eoir-lookup-tables.csv data/public/arts-status-codes.csv",
    "seed_demo --if-empty",
]


def _compose(*args: str) -> str:
    tool = shutil.which("docker-compose")
    if tool is None:
        if os.environ.get("CT_REQUIRE_SERVICES") == "1":
            pytest.fail("docker-compose (Debian package) is needed to validate docker-compose.yml")
        pytest.skip("docker-compose is not installed")
    result = subprocess.run(
        [tool, "-f", str(ROOT / "docker-compose.yml"), "config", *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, "SECRET_KEY": "x"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_docker_compose_file_is_valid_and_runs_every_service():
    services = set(_compose("--services").split())
    compose = (ROOT / "docker-compose.yml").read_text()

    assert services == {"postgres", "redis", "web", "worker", "beat"}
    assert "gunicorn casetracker.wsgi:application" in compose
    assert '["celery", "-A", "casetracker", "worker"' in compose
    assert '["celery", "-A", "casetracker", "beat"' in compose


def test_compose_web_runs_the_same_setup_as_make_run():
    makefile = (ROOT / "Makefile").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()

    for step in SETUP_STEPS:
        assert f"manage.py {step}" in makefile, step
        assert f"manage.py {step}" in compose, step


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_readme_quick_start_is_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]

    assert "make run" in quick_start
    assert "make test" in quick_start
