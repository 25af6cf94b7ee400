"""Writes of the contact flow: requests and answers. Keyword-only; each service owns its transaction and is safe to
retry (a resent request or answer changes nothing). Both sides must be open (`queries.profiles.is_open`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe.common.throttle import RateLimit
from weltcafe.events.models import Participant
from weltcafe.networking.models import ContactRequest
from weltcafe.networking.queries.profiles import is_open

# New requests a participant may send: generous for a busy networking break, tight enough against spamming a hall.
CONTACT_REQUESTS = RateLimit("contact-request", limit=12, window_seconds=10 * 60)


class RateLimitedError(Exception):
    pass


@dataclass(frozen=True)
class RequestResult:
    request: ContactRequest
    created: bool


def _pair(first: Participant, second: Participant) -> Q:
    return Q(sender=first, recipient=second) | Q(sender=second, recipient=first)


def _settle_existing(existing: ContactRequest, sender: Participant) -> RequestResult:
    """A request between the two exists already: a resend changes nothing; asking back accepts theirs."""
    if existing.sender_id == sender.pk or existing.status == ContactRequest.Status.ACCEPTED:
        return RequestResult(existing, created=False)
    # The other person asked first (and maybe this one declined before): asking now means yes.
    now = timezone.now()
    ContactRequest.objects.filter(pk=existing.pk).update(
        status=ContactRequest.Status.ACCEPTED, responded_at=now, updated_at=now
    )
    existing.refresh_from_db()
    return RequestResult(existing, created=False)


def request_contact(*, sender: Participant, recipient: Participant) -> RequestResult:
    """Ask `recipient` for a contact exchange. Same event only; both must be visible and contactable."""
    if sender.pk == recipient.pk:
        raise ValidationError(_("Das sind Sie selbst."))
    if sender.event_id != recipient.event_id:
        raise PermissionDenied(_("Diese Person ist nicht erreichbar."))
    if not is_open(sender):
        raise PermissionDenied(_("Bitte schalten Sie in Ihrem Profil „sichtbar“ und „Kontaktanfragen erlaubt“ ein."))
    if not is_open(recipient):
        raise PermissionDenied(_("Diese Person nimmt keine Kontaktanfragen an."))
    existing = ContactRequest.objects.filter(_pair(sender, recipient)).first()
    if existing is not None:
        return _settle_existing(existing, sender)
    key = str(sender.pk)
    # Counted before the write: parallel requests to many people cannot all pass one check.
    if CONTACT_REQUESTS.hit(key) > CONTACT_REQUESTS.limit:
        raise RateLimitedError(_("Sie haben gerade sehr viele Anfragen gesendet. Bitte warten Sie ein paar Minuten."))
    try:
        with transaction.atomic():
            created = ContactRequest.objects.create(event_id=sender.event_id, sender=sender, recipient=recipient)
    except IntegrityError:  # both asked at the same moment, or a retry raced its original: not a new request
        CONTACT_REQUESTS.refund(key)
        return _settle_existing(ContactRequest.objects.get(_pair(sender, recipient)), sender)
    return RequestResult(created, created=True)


def answer_request(*, recipient: Participant, request_id: int, accept: bool) -> ContactRequest:
    """Accept or decline a request addressed to `recipient` (404 for any other). Retries change nothing.

    Declining is always possible; accepting needs both sides still visible and contactable. A declined request
    may still be accepted later; an accepted one is not declined (the cards have been exchanged).
    """
    contact = ContactRequest.objects.select_related("sender").get(pk=request_id, recipient=recipient)
    now = timezone.now()
    if accept:
        if contact.status == ContactRequest.Status.ACCEPTED:
            return contact
        if not (is_open(recipient) and is_open(contact.sender)):
            raise PermissionDenied(_("Der Kontakt ist gerade nicht möglich: eine Seite ist nicht sichtbar."))
        ContactRequest.objects.filter(pk=contact.pk).exclude(status=ContactRequest.Status.ACCEPTED).update(
            status=ContactRequest.Status.ACCEPTED, responded_at=now, updated_at=now
        )
    else:
        if contact.status == ContactRequest.Status.ACCEPTED:
            raise ValidationError(_("Diese Anfrage haben Sie bereits angenommen."))
        ContactRequest.objects.filter(pk=contact.pk, status=ContactRequest.Status.PENDING).update(
            status=ContactRequest.Status.DECLINED, responded_at=now, updated_at=now
        )
    contact.refresh_from_db()
    return contact
