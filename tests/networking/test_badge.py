"""The badge link (/live/b/<badge token>/): contact prompt, first scan that binds, claimed badge, headers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.networking.conftest import phone
from weltcafe.events.access import DEVICE_COOKIE
from weltcafe.events.models import Participant
from weltcafe.events.personal_links import claim_link

pytestmark = pytest.mark.integration


def _badge(participant: Participant, name: str = "badge") -> str:
    return reverse(f"live:{name}", kwargs={"token": participant.badge_token})


def _personal(participant: Participant) -> str:
    return reverse("live:page", kwargs={"kind": "p", "token": participant.access_token})


def _claimed(participant: Participant) -> None:
    assert claim_link(participant=participant)


def test_badge_on_the_owners_phone_goes_to_their_page(meeting):
    response = phone(meeting.ana).get(_badge(meeting.ana))

    assert response["Location"] == _personal(meeting.ana)


def test_badge_on_a_phone_bound_to_someone_else_offers_contact(meeting):
    response = phone(meeting.ana).get(_badge(meeting.ben), follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [(_badge(meeting.ben, "network_scan"), 302)]
    assert "Kontakt mit Ben Vogel anfragen?" in page
    assert meeting.ben.access_token not in page


def test_badge_first_scan_asks_and_a_get_claims_nothing(meeting):
    client = Client()

    response = client.get(_badge(meeting.ben))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ist das Ihr Namensschild? Ben Vogel" in page
    assert "Ja, das ist meins – dieses Telefon verbinden" in page
    assert meeting.ben.access_token not in page
    assert DEVICE_COOKIE not in response.cookies  # link previews and prefetching QR apps bind nothing
    assert Participant.objects.get(pk=meeting.ben.pk).link_claimed_at is None


def test_badge_claim_binds_the_phone_and_spends_the_badge(meeting):
    client = Client(enforce_csrf_checks=True)
    client.get(_badge(meeting.ben))

    token = client.cookies["csrftoken"].value

    response = client.post(_badge(meeting.ben, "badge_claim"), {"csrfmiddlewaretoken": token})

    assert response["Location"] == _personal(meeting.ben)
    assert DEVICE_COOKIE in response.cookies
    assert Participant.objects.get(pk=meeting.ben.pk).link_claimed_at is not None
    assert client.get(_personal(meeting.ben)).status_code == 200
    assert client.get(reverse("live:network", kwargs={"token": meeting.ana.access_token})).status_code == 302


def test_badge_claim_second_phone_loses_and_sees_nothing_private(meeting):
    first, second = Client(), Client()
    first.get(_badge(meeting.ben))
    second.get(_badge(meeting.ben))  # both saw the question before either answered

    first.post(_badge(meeting.ben, "badge_claim"))
    response = second.post(_badge(meeting.ben, "badge_claim"))

    page = response.content.decode()
    assert response.status_code == 409
    assert DEVICE_COOKIE not in response.cookies
    assert "Dieses Namensschild ist schon mit einem Telefon verbunden." in page
    assert meeting.ben.access_token not in page
    assert second.get(_badge(meeting.ben)).status_code == 200  # still unbound: the claimed page again


def test_claim_link_is_one_conditional_update(meeting):
    stale = Participant.objects.get(pk=meeting.ben.pk)  # loaded before anyone claimed

    won = [claim_link(participant=meeting.ben), claim_link(participant=stale)]

    assert won == [True, False]


def test_claimed_badge_on_an_unbound_phone_shows_the_name_only_with_consent(meeting):
    _claimed(meeting.ben)  # Ben's profile is visible
    _claimed(meeting.cem)  # Cem never consented

    ben = Client().get(_badge(meeting.ben)).content.decode()
    cem = Client().get(_badge(meeting.cem)).content.decode()

    assert "Ben Vogel" in ben
    assert "Cem Kaya" not in cem
    for page in (ben, cem):
        assert "Dieses Namensschild ist schon mit einem Telefon verbunden." in page
        assert "Ihr Telefon verloren? Das Orga-Team verbindet ein neues." in page
        assert "@example.org" not in page
        assert "verbinden</button>" not in page


def test_claim_from_a_phone_bound_to_someone_else_here_is_refused(meeting):
    ana = phone(meeting.ana)
    Participant.objects.filter(pk=meeting.ben.pk).update(link_claimed_at=None)

    response = ana.post(_badge(meeting.ben, "badge_claim"))

    assert response.status_code == 403
    assert Participant.objects.get(pk=meeting.ben.pk).link_claimed_at is None
    assert ana.get(_personal(meeting.ben))["Location"] == _badge(meeting.ben)


def test_unknown_badge_is_404(meeting):
    assert Client().get(reverse("live:badge", kwargs={"token": "nicht-vorhanden"})).status_code == 404
    assert Client().post(reverse("live:badge_claim", kwargs={"token": "nicht-vorhanden"})).status_code == 404


def test_badge_pages_are_private_and_never_cached(meeting):
    first_scan = Client().get(_badge(meeting.ben))
    _claimed(meeting.ben)
    claimed = Client().get(_badge(meeting.ben))
    prompt = phone(meeting.ana).get(_badge(meeting.ben, "network_scan"))

    for response in (first_scan, claimed, prompt):
        assert response["X-Robots-Tag"] == "noindex"
        assert response["Referrer-Policy"] == "same-origin"
        assert "no-cache" in response["Cache-Control"]


def test_badge_page_in_english_under_en(meeting):
    response = Client().get("/en" + _badge(meeting.ben))

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
