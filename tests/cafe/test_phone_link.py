"""The organiser's desk for a new phone: the personal link as a QR code, revoking, freeing the badge."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from tests.factories import CafeFactory, EventFactory, ParticipantFactory
from weltcafe.cafe.live.links import personal_path
from weltcafe.events.models import Participant

pytestmark = pytest.mark.integration


@pytest.fixture
def person(event):
    CafeFactory(event=event)
    return ParticipantFactory(event=event, name="Ana Berger", link_claimed_at=timezone.now())


def _phone_url(person: Participant) -> str:
    return reverse("orga:live_phone", kwargs={"slug": person.event.slug, "participant_id": person.pk})


def _free_url(person: Participant) -> str:
    return reverse("orga:live_free_badge", kwargs={"slug": person.event.slug, "participant_id": person.pk})


def _revoke_url(person: Participant) -> str:
    return reverse("orga:live_revoke", kwargs={"slug": person.event.slug, "participant_id": person.pk})


def _decoded_qr(html: str) -> str:
    """Draw the page's inline SVG (segno: one path of horizontal runs, "M x y h n m dx dy …") and decode it."""
    svg = html[html.index("<svg") : html.index("</svg>")]
    path = re.search(r' d="([^"]+)"', svg).group(1)
    modules = int(re.search(r'width="(\d+)"', svg).group(1)) // int(re.search(r"scale\((\d+)\)", svg).group(1))
    pixel = 6
    image = Image.new("L", (modules * pixel, modules * pixel), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            draw.rectangle([x * pixel, (y - 0.5) * pixel, (x + float(first)) * pixel - 1, (y + 0.5) * pixel - 1], 0)
            x += float(first)
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return codes[0].text if codes else ""


def test_phone_link_page_anonymous_goes_to_login(client, person):
    response = client.get(_phone_url(person))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_phone_link_page_of_other_organiser_is_404(client, other_organiser, person):
    client.force_login(other_organiser)

    assert client.get(_phone_url(person)).status_code == 404
    assert client.post(_free_url(person)).status_code == 404
    assert Participant.objects.get(pk=person.pk).link_claimed_at is not None


def test_phone_link_page_shows_the_personal_link_as_inline_qr_and_text(organiser_client, person):
    response = organiser_client.get(_phone_url(person))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Neues Telefon verbinden" in html
    assert personal_path(person) in html
    assert _decoded_qr(html).endswith(personal_path(person))
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_revoke_leads_to_the_new_link_and_keeps_the_badge_claimed(organiser_client, person):
    old = person.access_token

    response = organiser_client.post(_revoke_url(person), follow=True)

    fresh = Participant.objects.get(pk=person.pk)
    html = response.content.decode()
    assert response.redirect_chain == [(_phone_url(person), 302)]
    assert fresh.access_token != old
    assert personal_path(fresh) in html
    assert old not in html
    assert fresh.link_claimed_at == person.link_claimed_at  # a stranger's phone must not win the next scan
    assert Client().get(reverse("live:page", kwargs={"kind": "p", "token": old})).status_code == 404


def test_free_badge_lets_the_next_scan_bind(organiser_client, person):
    response = organiser_client.post(_free_url(person))

    assert response["Location"] == _phone_url(person)
    assert Participant.objects.get(pk=person.pk).link_claimed_at is None
    page = Client().get(reverse("live:badge", kwargs={"token": person.badge_token})).content.decode()
    assert "Ist das Ihr Namensschild?" in page


def test_free_badge_needs_post_and_csrf(organiser, person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)

    assert client.get(_free_url(person)).status_code == 405
    assert client.post(_free_url(person)).status_code == 403
    assert Participant.objects.get(pk=person.pk).link_claimed_at is not None


def test_control_room_links_each_person_to_the_desk_page(organiser_client, person):
    html = organiser_client.get(reverse("orga:live", kwargs={"slug": person.event.slug})).content.decode()

    assert _phone_url(person) in html
    assert person.access_token not in html  # opening it here would bind the organiser's browser to the person


def test_other_events_people_are_not_reachable_through_this_event(organiser_client, person):
    stranger = ParticipantFactory(event=EventFactory())

    url = reverse("orga:live_phone", kwargs={"slug": person.event.slug, "participant_id": stranger.pk})

    assert organiser_client.get(url).status_code == 404
