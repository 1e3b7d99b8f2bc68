"""Every page carries an enforced Content-Security-Policy whose nonce the page uses."""

import re


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_the_login_page_has_an_enforced_policy(client):
    response = client.get("/login/")

    directives = policy(response)
    assert "Content-Security-Policy-Report-Only" not in response.headers
    assert directives["default-src"] == "default-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"
    assert "'unsafe-inline'" not in directives["script-src"]


def test_the_nonce_in_the_header_is_the_one_on_the_pages_style(client, advocate):
    client.force_login(advocate)

    response = client.get("/")

    nonce = re.search(r"'nonce-([^']+)'", policy(response)["style-src-elem"]).group(1)
    assert f'<style id="unfold-theme-colors" nonce="{nonce}">' in response.content.decode()
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]


def test_each_response_gets_a_fresh_nonce(client, advocate):
    client.force_login(advocate)

    first = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
    second = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)

    assert first != second


def test_no_inline_script_in_our_pages(client, advocate, case):
    """Inline <script> blocks would be refused by the browser: pages must not have any."""
    client.force_login(advocate)

    for path in ("/", "/cases/case/", f"/cases/case/{case.pk}/change/", "/accounts/sessions/", "/accounts/2fa/"):
        body = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", body):
            assert "src=" in tag or "application/json" in tag or "nonce=" in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=\"", body), path  # no onclick= handlers


def test_the_user_menu_links_to_the_security_pages(client, advocate):
    client.force_login(advocate)

    body = client.get("/").content.decode()

    assert 'href="/accounts/2fa/"' in body
    assert 'href="/accounts/sessions/"' in body
