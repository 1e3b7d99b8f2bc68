"""English and Russian: the switcher, the remembered choice, translated pages and labels."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from casetracker.models import User
from cases.models import Case

CATALOG = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"


def switch(client, language: str, next_url: str = "/"):
    return client.post(reverse("ui-language"), {"language": language, "next": next_url})


def test_switching_to_russian_is_remembered_on_the_user_and_in_the_cookie(client, advocate):
    client.force_login(advocate)

    response = switch(client, "ru", "/search/")

    assert response.status_code == 302 and response["Location"] == "/search/"
    assert User.objects.get(pk=advocate.pk).language == "ru"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_the_users_language_follows_them_to_a_new_browser(client, advocate):
    User.objects.filter(pk=advocate.pk).update(language="ru")
    client.force_login(User.objects.get(pk=advocate.pk))  # no language cookie in this client

    response = client.get("/")

    body = response.content.decode()
    assert 'lang="ru"' in body
    assert "Открытые дела по стадиям" in body
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_russian_case_page_labels_and_choices(client, advocate, case):
    client.force_login(advocate)
    switch(client, "ru")

    body = client.get(reverse("ui-case", args=[case.pk])).content.decode()

    for label in ("Хронология", "Слушания", "Сроки", "История содержания", "Процесс о депортации", "Дата рождения"):
        assert label in body


def test_russian_admin_lists_and_forms_use_translated_verbose_names(client, advocate, case):
    client.force_login(advocate)
    switch(client, "ru")

    case_list = client.get(reverse("admin:cases_case_changelist")).content.decode()
    person_form = client.get(reverse("admin:cases_person_change", args=[case.person_id])).content.decode()

    assert "Стадия" in case_list or "стадия" in case_list.lower()
    assert "Фамилия" in person_form and "Как в официальных документах, латиницей." in person_form


def test_back_to_english(client, advocate):
    client.force_login(advocate)
    switch(client, "ru")

    switch(client, "en")

    assert "Open cases by stage" in client.get("/").content.decode()
    assert User.objects.get(pk=advocate.pk).language == "en"


@pytest.mark.parametrize("bad", ["xx", "", "<script>"])
def test_an_unknown_language_changes_nothing(client, advocate, bad):
    client.force_login(advocate)

    response = switch(client, bad)

    assert response.status_code == 302
    assert User.objects.get(pk=advocate.pk).language == "en"


def test_the_switcher_refuses_to_redirect_off_site(client, advocate):
    client.force_login(advocate)

    response = switch(client, "ru", "https://evil.example/")

    assert response["Location"] == "/"


def test_anonymous_visitors_can_switch_the_login_page(client, db):
    response = switch(client, "ru", "/login/")

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert 'lang="ru"' in client.get("/login/").content.decode()


def test_every_stage_and_outcome_has_a_russian_label():
    from django.utils import translation

    with translation.override("ru"):
        labels = [str(label) for _value, label in Case.Stage.choices + Case.Outcome.choices]
    with translation.override("en"):
        english = [str(label) for _value, label in Case.Stage.choices + Case.Outcome.choices]
    assert all(ru != en for ru, en in zip(labels, english))


def test_the_catalog_is_complete_and_compiled():
    po = (CATALOG / "django.po").read_text(encoding="utf-8")
    untranslated = re.findall(r'\nmsgid "(.+)"\nmsgstr ""\n\n', po)
    assert untranslated == []
    assert "#, fuzzy" not in po
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt not installed")
    fresh = subprocess.run(
        ["msgfmt", "-o", "-", str(CATALOG / "django.po")], capture_output=True, check=True
    ).stdout
    assert fresh == (CATALOG / "django.mo").read_bytes(), "run compilemessages and commit django.mo"
