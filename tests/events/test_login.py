import threading

import pytest
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db import connections
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import OrganiserFactory, UserFactory
from weltcafe.events.login import ThrottledAuthenticationForm, client_address

pytestmark = pytest.mark.integration

ELSEWHERE = "203.0.113.7"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, password: str, *, username: str = "organiser", address: str = "127.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


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


def test_login_locked_out_says_how_long_to_wait(client, organiser):
    for _ in range(10):
        _login(client, "falsch")

    response = _login(client, "falsch")

    assert "Bitte warten Sie 1 Minute und versuchen Sie es dann erneut." in response.content.decode()


def test_wrong_password_message_is_german(client, organiser):
    response = _login(client, "falsch")

    assert "Bitte Benutzername und Passwort eingeben." in response.content.decode()


def test_login_from_a_second_address_succeeds_while_the_first_is_locked_out(client, organiser):
    for _ in range(11):
        _login(client, "falsch", address=ELSEWHERE)

    response = _login(client, "Kaffeetisch-2026!")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organiser.pk)


def test_login_trying_many_accounts_from_one_address_is_locked_out(client, organiser):
    for number in range(30):
        _login(client, "falsch", username=f"person{number}", address=ELSEWHERE)

    response = _login(client, "Kaffeetisch-2026!", address=ELSEWHERE)

    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()


def test_login_success_refunds_only_its_own_attempt(client, organiser):
    for _ in range(5):
        _login(client, "falsch")
    assert _login(client, "Kaffeetisch-2026!").status_code == 302
    client.logout()
    for _ in range(5):
        assert "Zu viele" not in _login(client, "falsch").content.decode()

    response = _login(client, "falsch")

    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_login_checks_at_most_ten_of_200_concurrent_wrong_passwords():
    # Committed rows (transactional database): the threads use their own database connections.
    OrganiserFactory(username="organiser")
    checked: list[str] = []

    def count_check(sender, credentials, **kwargs) -> None:
        checked.append(credentials["username"])

    user_login_failed.connect(count_check)
    start = threading.Barrier(200)

    def attempt() -> None:
        request = RequestFactory().post(reverse("login"), REMOTE_ADDR="198.51.100.4")
        form = ThrottledAuthenticationForm(request, data={"username": "organiser", "password": "falsch"})
        start.wait()
        try:
            form.is_valid()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(200)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        user_login_failed.disconnect(count_check)

    # At most the limit: a thread may count within the account's 10 but past the address's 30 (it took its two
    # counts while others took theirs) and is then refused too.
    assert 1 <= len(checked) <= 10


def test_admin_login_is_refused_after_ten_failures_even_with_the_right_password(client, db):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(10):
        client.post(url, {"username": "admin", "password": "falsch"})

    response = client.post(url, {"username": "admin", "password": "Kaffeetisch-2026!"})

    assert response.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.unit
def test_client_address_counts_an_ipv6_subscriber_by_its_64_prefix():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa:bbbb:cccc:dddd")

    assert client_address(request) == "2001:db8:1:2::/64"
