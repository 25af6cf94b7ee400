"""Services of networking: requests, answers and notes are safe to retry; consent and scope are enforced."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import EventFactory, ParticipantFactory
from tests.networking.conftest import set_profile
from weltcafe.networking.models import ContactNote, ContactRequest, Profile
from weltcafe.networking.services import contacts, notes, profiles

pytestmark = pytest.mark.integration

ACCEPTED, DECLINED, PENDING = (
    ContactRequest.Status.ACCEPTED,
    ContactRequest.Status.DECLINED,
    ContactRequest.Status.PENDING,
)


def test_request_contact_resent_keeps_one_request(meeting):
    first = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben)
    again = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben)

    assert (first.created, again.created) == (True, False)
    assert again.request.pk == first.request.pk
    assert list(ContactRequest.objects.values_list("sender", "recipient", "status")) == [
        (meeting.ana.pk, meeting.ben.pk, PENDING)
    ]


def test_request_contact_asked_back_accepts_the_first(meeting):
    contacts.request_contact(sender=meeting.ana, recipient=meeting.ben)

    result = contacts.request_contact(sender=meeting.ben, recipient=meeting.ana)

    assert result.created is False
    assert list(ContactRequest.objects.values_list("sender", "status")) == [(meeting.ana.pk, ACCEPTED)]


def test_answer_request_accept_retried_stays_accepted(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request

    first = contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=True)
    responded = first.responded_at
    again = contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=True)

    assert (first.status, again.status) == (ACCEPTED, ACCEPTED)
    assert again.responded_at == responded


def test_answer_request_decline_retried_stays_declined(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request

    first = contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=False)
    again = contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=False)

    assert (first.status, again.status) == (DECLINED, DECLINED)


def test_answer_request_declined_then_accepted_is_accepted(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request
    contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=False)

    answered = contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=True)

    assert answered.status == ACCEPTED


def test_answer_request_decline_after_accept_refused(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request
    contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=True)

    with pytest.raises(ValidationError):
        contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=False)

    assert ContactRequest.objects.get().status == ACCEPTED


def test_answer_request_by_sender_not_found(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request

    with pytest.raises(ContactRequest.DoesNotExist):
        contacts.answer_request(recipient=meeting.ana, request_id=request.pk, accept=True)

    assert ContactRequest.objects.get().status == PENDING


def test_request_after_decline_by_sender_again_stays_declined(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request
    contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=False)

    again = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben)

    assert (again.created, again.request.status) == (False, DECLINED)


@pytest.mark.parametrize("who", ["cem", "dora"])
def test_request_contact_recipient_without_consent_refused(meeting, who):
    with pytest.raises(PermissionDenied):
        contacts.request_contact(sender=meeting.ana, recipient=getattr(meeting, who))

    assert ContactRequest.objects.count() == 0


def test_request_contact_sender_without_consent_refused(meeting):
    with pytest.raises(PermissionDenied):
        contacts.request_contact(sender=meeting.cem, recipient=meeting.ana)

    assert ContactRequest.objects.count() == 0


def test_request_contact_other_event_refused(meeting):
    stranger = ParticipantFactory(event=EventFactory())
    set_profile(stranger)

    with pytest.raises(PermissionDenied):
        contacts.request_contact(sender=meeting.ana, recipient=stranger)

    assert ContactRequest.objects.count() == 0


def test_request_contact_self_refused(meeting):
    with pytest.raises(ValidationError):
        contacts.request_contact(sender=meeting.ana, recipient=meeting.ana)


def test_answer_request_accept_after_sender_withdrew_refused(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request
    profiles.withdraw_visibility(participant=meeting.ana)

    with pytest.raises(PermissionDenied):
        contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=True)

    assert ContactRequest.objects.get().status == PENDING


def test_request_contact_rate_limited_after_limit(meeting):
    others = ParticipantFactory.create_batch(contacts.CONTACT_REQUESTS.limit + 1, event=meeting.event)
    for other in others:
        set_profile(other)
    for other in others[:-1]:
        contacts.request_contact(sender=meeting.ana, recipient=other)

    with pytest.raises(contacts.RateLimitedError):
        contacts.request_contact(sender=meeting.ana, recipient=others[-1])

    assert ContactRequest.objects.count() == contacts.CONTACT_REQUESTS.limit


def test_request_contact_resend_not_counted_by_rate_limit(meeting):
    for _ in range(contacts.CONTACT_REQUESTS.limit + 2):
        contacts.request_contact(sender=meeting.ana, recipient=meeting.ben)

    assert contacts.CONTACT_REQUESTS.hits(str(meeting.ana.pk)) == 1


def test_save_note_twice_keeps_one_note(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request
    contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=True)

    notes.save_note(author=meeting.ana, contact=request, text="Messe Hannover – Elektrolyse")
    notes.save_note(author=meeting.ana, contact=request, text="Rückruf im Mai")

    assert list(ContactNote.objects.values_list("author", "text")) == [(meeting.ana.pk, "Rückruf im Mai")]


def test_save_note_on_pending_request_refused(meeting):
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request

    with pytest.raises(PermissionDenied):
        notes.save_note(author=meeting.ana, contact=request, text="zu früh")

    assert ContactNote.objects.count() == 0


def test_save_profile_topic_of_other_event_refused(meeting):
    from tests.factories import TopicFactory

    foreign = TopicFactory()

    with pytest.raises(ValidationError):
        profiles.save_profile(participant=meeting.cem, data=profiles.ProfileData(topic_ids=(foreign.pk,), visible=True))

    assert not Profile.objects.filter(participant=meeting.cem).exists()
