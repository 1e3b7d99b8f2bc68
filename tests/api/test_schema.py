"""The OpenAPI schema, the offline docs page, and schemathesis fuzzing every operation.

schemathesis generates requests from /api/schema/ and sends them through the WSGI app
(same process, same test database): as the advocate with a token, and anonymously.
It must find no server error and no response that breaks the schema.
"""

import json
import os
import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
FUZZ = settings(
    # Per operation and client; 62 operations x 2 clients. CT_FUZZ_EXAMPLES raises it locally.
    max_examples=int(os.environ.get("CT_FUZZ_EXAMPLES", 10)),
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_schema_is_openapi_3_with_every_resource(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for resource in (
        "people", "cases", "hearings", "deadlines", "notes", "documents", "courts", "codes", "facilities", "custody",
        "incidents", "flights", "passengers", "litigation",
    ):  # fmt: skip
        assert f"/api/v1/{resource}/" in paths and f"/api/v1/{resource}/{{id}}/" in paths
    assert "/api/v1/auth/token/" in paths
    assert "/api/v1/custody/{id}/transfer/" in paths and "/api/v1/hearings/{id}/reschedule/" in paths


def test_docs_page_is_served_offline_without_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts, html
    for attributes, body in scripts:
        assert "src=" in attributes and not body.strip(), attributes
    assert "<style" not in html and " style=" not in html
    assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/" in html
    init = client.get("/api/docs/?script")
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()


@pytest.fixture
def wsgi_app(db):
    """The real WSGI app on the test database: as Django's test client does, keep the
    request signals from closing the connection that holds the test's transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def advocate_token(advocate):
    return AuthToken.objects.create(advocate)[1]


def load_schema() -> "schemathesis.schemas.BaseSchema":
    """The schema /api/schema/ serves, generated at collection time (no database needed)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    # Only the fuzzing phase (random positive and negative requests, max_examples of them);
    # the coverage phase's hundreds of boundary cases per operation would take an hour here.
    config = schemathesis.config.SchemathesisConfig.from_dict(
        {"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}}
    )
    loaded = schemathesis.openapi.from_dict(document, config=config)
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@schema.parametrize()
@FUZZ
def test_fuzz_as_advocate(case, wsgi_app, home_records, advocate_token):
    case.call_and_validate(headers={"Authorization": f"Token {advocate_token}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_fuzz_anonymous(case, wsgi_app):
    case.call_and_validate(checks=CHECKS)
