"""Export and import carry the badge token and the claim of a personal link, as they carry the access token."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory
from weltcafe.documents.exchange import export, restore
from weltcafe.events.models import Participant

pytestmark = pytest.mark.integration


def _people(event) -> list[tuple]:
    return list(
        Participant.objects.filter(event=event).order_by("name").values_list("badge_token", "link_claimed_at")
    )


def test_export_import_keeps_badge_tokens_and_claims(organiser):
    event = EventFactory(organisers=[organiser])
    ParticipantFactory(event=event, name="Ana", link_claimed_at=timezone.now())
    ParticipantFactory(event=event, name="Ben")
    before = _people(event)
    document = json.loads(json.dumps(export.export_event(event), default=str))
    Participant.objects.filter(event=event).delete()
    event.delete()

    restored = restore.import_event(document, organiser=organiser).event

    assert _people(restored) == before  # printed badges keep working after a move
    assert before[0][1] is not None
    assert before[1][1] is None


def test_import_beside_the_original_gives_fresh_badge_tokens(organiser):
    event = EventFactory(organisers=[organiser])
    ParticipantFactory(event=event, name="Ana")
    document = json.loads(json.dumps(export.export_event(event), default=str))

    copy = restore.import_event(document, organiser=organiser).event

    original, imported = _people(event)[0][0], _people(copy)[0][0]
    assert original != imported
    assert len(imported) == 43
