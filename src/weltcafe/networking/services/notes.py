"""Writes of private notes: one per author and contact, seen by nobody else."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from weltcafe.common.text_input import clean_typed_text
from weltcafe.events.models import Participant
from weltcafe.networking.models import NOTE_MAX, ContactNote, ContactRequest


def save_note(*, author: Participant, contact: ContactRequest, text: str) -> ContactNote:
    """The author's private note about an accepted contact of theirs (empty text keeps an empty note)."""
    accepted = ContactRequest.objects.filter(pk=contact.pk, status=ContactRequest.Status.ACCEPTED)
    if not accepted.filter(Q(sender=author) | Q(recipient=author)).exists():
        raise PermissionDenied(_("Notizen gibt es nur zu Ihren angenommenen Kontakten."))
    text = clean_typed_text(text).strip()
    if len(text) > NOTE_MAX:
        raise ValidationError(_("Höchstens %(max)s Zeichen.") % {"max": NOTE_MAX})
    with transaction.atomic():
        note, _created = ContactNote.objects.select_for_update().get_or_create(author=author, contact=contact)
        note.text = text
        note.save(update_fields=["text", "updated_at"])
    return note
