"""Error pages are styled, phone-sized and in the visitor's language — never Django's bare "Not Found"."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import get_template
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(("path", "text"), [
    ("/live/p/kein-gueltiger-link/", "Diese Seite gibt es nicht (mehr)."),
    ("/en/live/p/kein-gueltiger-link/", "This page does not exist (any more)."),
    ("/e/gibt-es-nicht/", "Diese Seite gibt es nicht (mehr)."),
])
def test_unknown_link_is_a_styled_404_in_the_visitors_language(client, db, path, text):
    response = client.get(path)

    body = response.content.decode()
    assert response.status_code == 404
    assert text in body
    assert 'name="viewport"' in body
    assert "weltcafe.css" in body


def test_server_error_page_renders_without_a_request():
    body = get_template("500.html").render()

    assert "Da ist etwas schiefgegangen." in body
    assert "Something went wrong." in body
    assert 'name="viewport"' in body


@pytest.mark.parametrize(("view", "status", "text"), [
    (defaults.permission_denied, 403, "Das dürfen Sie hier nicht."),
    (defaults.bad_request, 400, "Diese Anfrage konnte nicht verarbeitet werden."),
])
def test_forbidden_and_bad_request_pages_are_styled(db, view, status, text):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    response = view(request, Exception("refused"))

    assert (response.status_code, text in response.content.decode()) == (status, True)

