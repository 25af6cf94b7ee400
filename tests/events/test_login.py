import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, password: str):
    return client.post(reverse("login"), {"username": "organiser", "password": password})


def test_login_with_right_password_reaches_the_organiser_area(client, organiser):
    response = _login(client, "Kaffeetisch-2026!")

    assert response.status_code == 302
    assert response["Location"] == reverse("orga:event_list")


def test_login_is_refused_after_ten_failures_even_with_the_right_password(client, organiser):
    for _ in range(10):
        assert _login(client, "falsch").status_code == 200

    response = _login(client, "Kaffeetisch-2026!")

    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_message_is_german(client, organiser):
    response = _login(client, "falsch")

    assert "Bitte Benutzername und Passwort eingeben." in response.content.decode()
