"""The advocates' UI in a real browser: intake, duplicates, search, transfer, languages,
roles; screenshots of the dashboard, intake form and case page in both languages."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import CaseAssignment, Person
from detentions import services as custody_services
from detentions.models import Custody
from tests.factories import CaseFactory, FacilityFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, field_id: str, text: str) -> None:
    """Pick `text` in an autocomplete (select2) widget."""
    page.click(f"#select2-{field_id}-container")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def switch_language(page, code: str) -> None:
    page.click(f".ct-languages button[data-language={code}]")
    page.wait_for_load_state()


@pytest.fixture
def adams(db):
    return FacilityFactory(name="Adams County Detention Center", city="Natchez", state="MS")


@pytest.fixture
def vovchenko(home):
    person = PersonFactory(
        organization=home,
        family_name="Vovchenko",
        given_names="Andrei",
        native_name="Андрей Вовченко",
        a_number="123456789",
        date_of_birth=date(1990, 5, 1),
    )
    return CaseFactory(person=person, reference="HOME-2026-0042")


def test_intake_of_a_cyrillic_name_with_screenshots_in_both_languages(page, login, screenshot, advocate, adams):
    login(advocate)
    screenshot("dashboard-en")
    page.click("text=New intake")
    page.fill("#id_family_name", "Kuznetsov")
    page.fill("#id_given_names", "Dmitrii")
    page.fill("#id_native_name", "Дмитрий Кузнецов")
    page.fill("#id_a_number", "A 987 654 321")
    page.fill("#id_date_of_birth", "1988-02-14")
    choose(page, "id_facility", "Adams County")
    page.fill("#id_booked_in_on", "2026-01-10")
    screenshot("intake-en")

    page.click("button[name=save]")

    page.wait_for_selector("#case-page")
    assert page.locator("#native-name").inner_text() == "Дмитрий Кузнецов"
    assert page.locator("#a-number").inner_text() == "A-987-654-321"
    assert "Adams County Detention Center" in page.locator("#current-facility").inner_text()
    person = Person.objects.get(native_name="Дмитрий Кузнецов")
    assert person.a_number == "987654321"
    screenshot("case-en")

    switch_language(page, "ru")
    assert page.locator("#timeline h2").inner_text() == "Хронология"
    screenshot("case-ru")
    page.goto("/")
    assert page.locator("text=Открытые дела по стадиям").is_visible()
    screenshot("dashboard-ru")
    page.goto(reverse("ui-intake"))
    assert page.locator("label[for=id_family_name]").inner_text().startswith("Фамилия")
    screenshot("intake-ru")


def test_same_a_number_in_another_form_blocks_with_a_link(page, login, advocate, vovchenko):
    login(advocate)
    page.goto(reverse("ui-intake"))
    page.fill("#id_family_name", "Other")
    page.fill("#id_a_number", "A-123.456.789")

    page.click("button[name=save]")

    block = page.locator("#duplicate-block")
    assert block.is_visible()
    assert page.locator("#id_a_number_errors").is_visible()
    block.locator("a").click()
    page.wait_for_selector("#case-page")
    assert page.locator("#person-name").inner_text() == "VOVCHENKO, Andrei"
    assert Person.objects.count() == 1


def test_similar_name_in_cyrillic_with_same_birthday_warns_then_saves(page, login, advocate, vovchenko):
    login(advocate)
    page.goto(reverse("ui-intake"))
    page.fill("#id_family_name", "Wowtschenko")
    page.fill("#id_native_name", "Андрей Вовченко")
    page.fill("#id_date_of_birth", "1990-05-01")

    page.click("button[name=save]")

    warning = page.locator("#duplicate-warning")
    assert warning.is_visible()
    assert "VOVCHENKO, Andrei" in warning.inner_text()
    page.check("#id_confirm_not_duplicate")
    page.click("button[name=save]")
    page.wait_for_selector("#case-page")
    assert Person.objects.count() == 2


@pytest.mark.parametrize("query", ["Вовченко", "A-123-456-789"])
def test_the_search_box_finds_names_across_scripts_and_a_numbers(page, login, advocate, vovchenko, query):
    login(advocate)

    page.fill("#ct-search", query)
    page.press("#ct-search", "Enter")

    row = page.locator("#search-results tr.ct-person")
    assert row.count() == 1
    assert "VOVCHENKO, Andrei" in row.inner_text()
    assert "A-123-456-789" in row.inner_text()


def test_a_transfer_shows_on_the_timeline_and_keeps_one_open_stay(page, login, advocate, vovchenko, adams):
    custody_services.custody_book_in(person=vovchenko.person, facility=adams, on=date(2026, 1, 5), by=None)
    FacilityFactory(name="Jena Processing Center", city="Jena", state="LA")
    login(advocate)
    page.goto(reverse("ui-case", args=[vovchenko.pk]))

    page.click("#action-transfer summary")
    choose(page, "id_transfer-to_facility", "Jena Processing")
    page.fill("#id_transfer-on", "2026-02-01")
    page.click("#action-transfer button[name=save]")

    page.wait_for_selector("#timeline")
    timeline = page.locator("#timeline").inner_text()
    assert "Transferred to Jena Processing Center" in timeline
    assert "Jena Processing Center" in page.locator("#current-facility").inner_text()
    assert page.locator("#custody tr.ct-stay-open").count() == 1
    assert page.locator("#custody tr.ct-stay").count() == 2
    assert Custody.objects.filter(person=vovchenko.person, released_on__isnull=True).count() == 1


def test_a_viewer_sees_no_save_buttons(page, login, viewer, vovchenko):
    CaseAssignment.objects.create(case=vovchenko, user=viewer, role=CaseAssignment.Role.OBSERVER)
    login(viewer)

    page.goto(reverse("ui-case", args=[vovchenko.pk]))
    assert page.locator("#case-page").is_visible()
    assert page.locator("button[name=save]").count() == 0
    assert page.locator("text=New intake").count() == 0

    page.goto(reverse("admin:cases_case_change", args=[vovchenko.pk]))
    assert page.locator("[name=_save], [name=_continue], [name=_addanother]").count() == 0


def test_an_outsider_gets_404_on_a_case_url(page, login, outsider, vovchenko):
    login(outsider)

    response = page.goto(reverse("ui-case", args=[vovchenko.pk]))

    assert response.status == 404
    assert "Vovchenko" not in page.content() and "VOVCHENKO" not in page.content()


def test_names_with_markup_display_as_text(page, login, advocate, home):
    person = PersonFactory(organization=home, family_name='<script>alert("x")</script>', native_name='<img src=x onerror=alert(1)> "Q"')
    case = CaseFactory(person=person)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(advocate)

    page.goto(reverse("ui-case", args=[case.pk]))

    assert page.locator("#person-name").inner_text() == '<SCRIPT>ALERT("X")</SCRIPT>, Ivan'
    assert page.locator("#native-name").inner_text() == '<img src=x onerror=alert(1)> "Q"'
    page.goto(reverse("ui-search") + "?q=script")
    assert dialogs == []
