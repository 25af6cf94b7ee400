"""Consent, scope and the device binding at the level of the phone pages (Django's test client, real rows)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EventFactory, ParticipantFactory
from tests.networking.conftest import phone, seat_together, set_profile, url
from tests.networking.vcard_parser import as_dict
from weltcafe.cafe.services import attendance
from weltcafe.events.access import DEVICE_COOKIE
from weltcafe.networking.models import ContactNote, ContactRequest, Profile
from weltcafe.networking.services import contacts, notes

pytestmark = pytest.mark.integration


def connect(meeting) -> ContactRequest:
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request
    return contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=True)


# ------------------------------------------------------------------------------------------------- consent
def test_hub_people_without_consent_never_shown(meeting):
    seat_together(meeting, meeting.ana, meeting.ben, meeting.cem, meeting.dora)

    page = phone(meeting.ana).get(url("network", meeting.ana)).content.decode()

    assert "Ben Vogel" in page
    assert "Dora Lenz" in page  # visible, only not contactable
    assert "Cem Kaya" not in page


def test_hub_suggestion_has_reason_in_words(meeting):
    page = phone(meeting.ana).get(url("network", meeting.ana)).content.decode()

    assert "Wen treffen?" in page
    assert "bietet „Beratung zu Fördermitteln für Wasserstoffprojekte“" in page


def test_hub_in_english_gives_reasons_in_english(meeting):
    client = phone(meeting.ana)

    page = client.get("/en" + url("network", meeting.ana)).content.decode()

    assert "offers “Beratung zu Fördermitteln für Wasserstoffprojekte”" in page


def test_hub_sat_with_lists_only_started_rounds(meeting):
    seat_together(meeting, meeting.ana, meeting.ben, started=False)

    response = phone(meeting.ana).get(url("network", meeting.ana))

    assert [p.name for p in response.context["sat_with"]] == []


def test_hub_sat_with_lists_table_mates_with_consent(meeting):
    seat_together(meeting, meeting.ana, meeting.ben, meeting.cem, meeting.dora)

    response = phone(meeting.ana).get(url("network", meeting.ana))

    assert [person.name for person, _state, _open in response.context["sat_with"]] == ["Ben Vogel", "Dora Lenz"]


def test_hub_without_own_consent_shows_nobody(meeting):
    page = phone(meeting.cem).get(url("network", meeting.cem)).content.decode()

    assert "Profil ausfüllen und zustimmen" in page
    assert "Ana Berger" not in page
    assert "Ben Vogel" not in page


def test_contact_details_never_before_acceptance(meeting):
    contacts.request_contact(sender=meeting.ana, recipient=meeting.ben)
    set_profile(meeting.ben, offers="Beratung", phone="+49 30 999")
    ana, ben = phone(meeting.ana), phone(meeting.ben)

    pages = [ana.get(url("network", meeting.ana)), ben.get(url("network", meeting.ben))]
    card = ana.get(url("network_vcard", meeting.ana, participant_id=meeting.ben.pk))

    assert all(b"ben@example.org" not in page.content and b"ana@example.org" not in page.content for page in pages)
    assert all(b"+49 30 999" not in page.content for page in pages)
    assert card.status_code == 404


def test_vcard_after_acceptance_has_name_organisation_email_phone(meeting):
    connect(meeting)

    response = phone(meeting.ben).get(url("network_vcard", meeting.ben, participant_id=meeting.ana.pk))

    fields = as_dict(response.content)
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ana-berger.vcf"'
    assert (fields["FN"].text, fields["ORG"].text) == ("Ana Berger", meeting.ana.organisation.name)
    assert (fields["EMAIL"].text, fields["TEL"].text) == ("ana@example.org", "+49 341 1234")


def test_withdrawing_visibility_hides_at_once(meeting):
    connect(meeting)
    ana, ben = phone(meeting.ana), phone(meeting.ben)
    assert b"Ben Vogel" in ana.get(url("network", meeting.ana)).content

    ben.post(url("network_withdraw", meeting.ben))

    assert b"Ben Vogel" not in ana.get(url("network", meeting.ana)).content
    assert ana.get(url("network_vcard", meeting.ana, participant_id=meeting.ben.pk)).status_code == 404
    assert ana.post(url("network_request", meeting.ana, participant_id=meeting.ben.pk)).status_code == 404
    assert Profile.objects.get(participant=meeting.ben).visible is False


def test_request_to_person_not_contactable_is_404(meeting):
    response = phone(meeting.ana).post(url("network_request", meeting.ana, participant_id=meeting.dora.pk))

    assert response.status_code == 404
    assert ContactRequest.objects.count() == 0


def test_request_to_other_event_participant_is_404(meeting):
    stranger = ParticipantFactory(event=EventFactory())
    set_profile(stranger)

    response = phone(meeting.ana).post(url("network_request", meeting.ana, participant_id=stranger.pk))

    assert response.status_code == 404
    assert ContactRequest.objects.count() == 0


def test_request_accept_from_the_phones(meeting):
    ana, ben = phone(meeting.ana), phone(meeting.ben)

    sent = ana.post(url("network_request", meeting.ana, participant_id=meeting.ben.pk))
    request = ContactRequest.objects.get()
    incoming = ben.get(url("network", meeting.ben)).content.decode()
    accepted = ben.post(url("network_answer", meeting.ben, request_id=request.pk), {"decision": "accept"})
    retried = ben.post(url("network_answer", meeting.ben, request_id=request.pk), {"decision": "accept"})

    assert sent.status_code == 302
    assert "Kontaktanfragen an Sie" in incoming
    assert "Ana Berger" in incoming
    assert (accepted.status_code, retried.status_code) == (302, 302)
    assert ContactRequest.objects.get().status == ContactRequest.Status.ACCEPTED


def test_answer_someone_elses_request_is_404(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request

    response = phone(meeting.dora).post(
        url("network_answer", meeting.dora, request_id=request.pk), {"decision": "accept"}
    )

    assert response.status_code == 404
    assert ContactRequest.objects.get().status == ContactRequest.Status.PENDING


def test_note_is_private_to_its_author(meeting):
    connect(meeting)
    ana, ben = phone(meeting.ana), phone(meeting.ben)

    ana.post(
        url("network_note", meeting.ana, participant_id=meeting.ben.pk), {f"c{meeting.ben.pk}-text": "Rückruf Mai"}
    )

    assert ContactNote.objects.get().text == "Rückruf Mai"
    assert "Rückruf Mai" in ana.get(url("network", meeting.ana)).content.decode()
    assert "Rückruf Mai" not in ben.get(url("network", meeting.ben)).content.decode()


def test_profile_post_saves_and_too_long_text_writes_nothing(meeting):
    client = phone(meeting.cem)
    data = {
        "topics": [str(meeting.topics[1].pk)],
        "tags": "Robotik, robotik, KI",
        "offers": "Robotik-Know-how",
        "seeks": "",
        "phone": "",
        "visible": "on",
        "contactable": "on",
    }

    refused = client.post(url("network_profile", meeting.cem), {**data, "offers": "x" * 301})
    saved = client.post(url("network_profile", meeting.cem), data)

    assert refused.status_code == 200
    assert saved.status_code == 302
    profile = Profile.objects.get(participant=meeting.cem)
    assert (profile.tags, profile.offers, profile.visible, profile.contactable) == (
        ["Robotik", "KI"],
        "Robotik-Know-how",
        True,
        True,
    )
    assert [topic.title for topic in profile.topics.all()] == ["Fachkräfte"]


def test_profile_form_offers_only_own_event_topics(meeting):
    response = phone(meeting.cem).get(url("network_profile", meeting.cem))

    assert [label for _value, label in response.context["form"].fields["topics"].choices] == [
        "Wasserstoff",
        "Fachkräfte",
    ]


# ---------------------------------------------------------------------------------------------- tokens and CSRF
PAGES = [
    ("get", "network", {}),
    ("get", "network_profile", {}),
    ("get", "network_meetings", {}),
    ("get", "network_scan", {}),
    ("post", "network_withdraw", {}),
    ("post", "network_forget_device", {}),
    ("post", "network_request", {"participant_id": 1}),
    ("post", "network_answer", {"request_id": 1}),
    ("get", "network_vcard", {"participant_id": 1}),
    ("post", "network_note", {"participant_id": 1}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES)
def test_bad_token_is_404(meeting, method, name, kwargs):
    client = phone(meeting.ana)
    path = reverse(f"live:{name}", kwargs={"token": "nicht-vorhanden", **kwargs})

    response = getattr(client, method)(path)

    assert response.status_code == 404


def test_revoked_link_is_404(meeting):
    old = meeting.ana.access_token
    attendance.revoke_access(participant=meeting.ana)

    response = Client().get(reverse("live:network", kwargs={"token": old}))

    assert response.status_code == 404


@pytest.mark.parametrize(("method", "name", "kwargs"), [page for page in PAGES if page[0] == "post"])
def test_post_without_csrf_token_is_403(meeting, method, name, kwargs):
    client = phone(meeting.ana, csrf=True)

    response = client.post(reverse(f"live:{name}", kwargs={"token": meeting.ana.access_token, **kwargs}))

    assert response.status_code == 403
    assert Profile.objects.get(participant=meeting.ana).visible is True


# --------------------------------------------------------------------------------------------- device binding
def test_live_page_binds_device_with_signed_httponly_cookie(meeting):
    client = Client()

    response = client.get(reverse("live:page", kwargs={"kind": "p", "token": meeting.ana.access_token}))

    cookie = response.cookies[DEVICE_COOKIE]
    assert response.status_code == 200
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie.value != meeting.ana.access_token  # signed, not the bare token


def _badge(name: str, participant) -> str:
    return reverse(f"live:{name}", kwargs={"token": participant.badge_token})


def test_live_page_of_someone_else_on_bound_device_offers_contact(meeting):
    ana = phone(meeting.ana)

    response = ana.get(reverse("live:page", kwargs={"kind": "p", "token": meeting.ben.access_token}), follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [(_badge("badge", meeting.ben), 302), (_badge("network_scan", meeting.ben), 302)]
    assert "Kontakt mit Ben Vogel anfragen?" in page
    assert "Tischdecke" not in page
    assert "live-config" not in page
    assert "ben@example.org" not in page
    assert meeting.ben.access_token not in page


def test_own_live_page_on_own_device_shown(meeting):
    response = phone(meeting.ana).get(reverse("live:page", kwargs={"kind": "p", "token": meeting.ana.access_token}))

    assert response.status_code == 200
    assert "Tischdecke" in response.content.decode()


def test_networking_page_of_someone_else_on_bound_device_redirects_to_prompt(meeting):
    ana = phone(meeting.ana)

    page = ana.get(url("network", meeting.ben))
    post = ana.post(url("network_withdraw", meeting.ben))

    assert (page.status_code, page["Location"]) == (302, _badge("badge", meeting.ben))
    assert post.status_code == 403
    assert Profile.objects.get(participant=meeting.ben).visible is True


def test_scan_post_sends_request_from_device_owner(meeting):
    ana = phone(meeting.ana)

    response = ana.post(_badge("network_scan", meeting.ben))

    assert response["Location"] == url("network", meeting.ana)
    assert list(ContactRequest.objects.values_list("sender", "recipient")) == [(meeting.ana.pk, meeting.ben.pk)]


def test_scan_of_person_without_consent_shows_no_name(meeting):
    page = phone(meeting.ana).get(_badge("network_scan", meeting.cem)).content.decode()

    assert "Kein Kontaktaustausch möglich" in page
    assert "Cem Kaya" not in page


def test_scan_of_other_event_badge_offers_no_contact(meeting):
    stranger = ParticipantFactory(event=EventFactory(), name="Zora Fremd")
    set_profile(stranger)
    ana = phone(meeting.ana)

    prompt = ana.get(_badge("network_scan", stranger))
    post = ana.post(_badge("network_scan", stranger))

    assert (prompt.status_code, prompt["Location"]) == (302, _badge("badge", stranger))
    assert post.status_code == 403
    assert ContactRequest.objects.count() == 0


def test_own_link_of_other_meeting_on_bound_device_rebinds(meeting):
    later = ParticipantFactory(event=EventFactory(), email="ANA@example.org")
    ana = phone(meeting.ana)

    response = ana.get(url("network", later))

    assert response.status_code == 200
    assert DEVICE_COOKIE in response.cookies  # the phone now belongs to Ana's link of the later meeting


def test_scan_on_unbound_device_goes_to_the_badge_page(meeting):
    response = Client().get(_badge("network_scan", meeting.ben))

    assert response["Location"] == _badge("badge", meeting.ben)


def test_tampered_device_cookie_ignored(meeting):
    client = Client()
    client.cookies[DEVICE_COOKIE] = meeting.ana.access_token  # unsigned

    response = client.get(reverse("live:page", kwargs={"kind": "p", "token": meeting.ben.access_token}))

    assert response.status_code == 200


def test_revoked_owner_link_releases_the_device(meeting):
    ana = phone(meeting.ana)
    attendance.revoke_access(participant=meeting.ana)

    response = ana.get(reverse("live:page", kwargs={"kind": "p", "token": meeting.ben.access_token}))

    assert response.status_code == 200  # bound to a link that no longer exists: the binding is void


def test_forget_device_drops_binding(meeting):
    ana = phone(meeting.ana)

    ana.post(url("network_forget_device", meeting.ana))
    response = ana.get(url("network", meeting.ben))

    assert response.status_code == 200


# ------------------------------------------------------------------------------------------------ N+1 guard
def _add_contacts(meeting, count: int) -> None:
    """`count` accepted contacts with notes, `count` incoming and `count` outgoing requests."""
    for _ in range(count):
        contact, asking, asked = ParticipantFactory.create_batch(3, event=meeting.event)
        for other in (contact, asking, asked):
            set_profile(other, offers="Beratung zu Fördermitteln", seeks="Kunden")
        request = contacts.request_contact(sender=contact, recipient=meeting.ana).request
        contacts.answer_request(recipient=meeting.ana, request_id=request.pk, accept=True)
        notes.save_note(author=meeting.ana, contact=request, text="Notiz")
        contacts.request_contact(sender=asking, recipient=meeting.ana)
        contacts.request_contact(sender=meeting.ana, recipient=asked)


def _hub_queries(client, meeting) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("network", meeting.ana))
    context = response.context
    return len(captured), (len(context["contacts"]), len(context["incoming"]), len(context["outgoing"]))


def test_hub_queries_do_not_grow_with_contacts(meeting):
    client = phone(meeting.ana)
    _add_contacts(meeting, 1)
    one, contacts_one = _hub_queries(client, meeting)
    _add_contacts(meeting, 2)
    three, contacts_three = _hub_queries(client, meeting)

    assert (contacts_one, contacts_three) == ((1, 1, 1), (3, 3, 3))
    assert one == three
