import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_advocate_logs_in_and_lands_on_the_dashboard(page, login, advocate):
    page.goto("/")
    assert "/login/" in page.url  # anonymous users are sent to the login page

    login(advocate)

    assert page.url.endswith("/")
    assert page.locator("text=Dashboard").first.is_visible()


def test_a_wrong_password_keeps_the_user_out(page, login, advocate):
    login(advocate, password="not-the-password")

    assert "/login/" in page.url
    assert page.locator("input[type=password]").is_visible()
