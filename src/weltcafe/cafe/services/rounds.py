"""The room's clock and announcements: start, pause, resume, extend and end the café's rounds, and the message on
every screen. Each service locks the café, owns its transaction and sends its live event after commit."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe.cafe.live import payloads
from weltcafe.cafe.live.broadcast import send_event
from weltcafe.cafe.models import MAX_MESSAGE_LENGTH, MESSAGE_MINUTES, Cafe, Round
from weltcafe.cafe.queries.setup import current_round
from weltcafe.cafe.services import harvest
from weltcafe.common import timed_rounds
from weltcafe.common.text_input import clean_typed_text
from weltcafe.common.timed_rounds import Action, RoundStatus


def _lock_cafe(cafe: Cafe) -> Cafe:
    return Cafe.objects.select_for_update().get(pk=cafe.pk)


def _round(cafe: Cafe, index: int) -> Round:
    try:
        return cafe.rounds.get(index=index)
    except Round.DoesNotExist as error:
        raise ValidationError(_("Diese Runde gibt es nicht.")) from error


@transaction.atomic
def start_round(*, cafe: Cafe, index: int) -> Round:
    """Start round `index`; a round still running is ended first, so only one round runs at a time."""
    cafe = _lock_cafe(cafe)
    round_ = _round(cafe, index)
    if round_.status != RoundStatus.PLANNED:
        raise ValidationError(_("Runde %(index)s wurde schon gestartet.") % {"index": index})
    timed_rounds.start(
        round_, siblings=cafe.rounds.filter(started_at__isnull=False, ended_at__isnull=True), now=timezone.now()
    )
    send_event(cafe.pk, "round.changed", payloads.round_payload(round_))
    if index > 1:  # the ideas of the rounds before are complete (up to their grace): embed them meanwhile
        transaction.on_commit(lambda: harvest.prepare_embeddings_soon(cafe.pk))
    return round_


def _control(cafe: Cafe, action: Action, *, minutes: int = 0) -> Round:
    """The facilitator's buttons, under the café's lock; the rules are the engine's (`common.timed_rounds`)."""
    cafe = _lock_cafe(cafe)
    round_, changed = timed_rounds.control(current_round(cafe), action, minutes=minutes)
    if changed:
        send_event(cafe.pk, "round.changed", payloads.round_payload(round_))
        if action == Action.END:
            transaction.on_commit(lambda: harvest.prepare_embeddings_soon(cafe.pk))
    return round_


@transaction.atomic
def pause_round(*, cafe: Cafe) -> Round:
    return _control(cafe, Action.PAUSE)


@transaction.atomic
def resume_round(*, cafe: Cafe) -> Round:
    return _control(cafe, Action.RESUME)


@transaction.atomic
def extend_round(*, cafe: Cafe, minutes: int) -> Round:
    return _control(cafe, Action.EXTEND, minutes=minutes)


@transaction.atomic
def end_round(*, cafe: Cafe) -> Round:
    return _control(cafe, Action.END)


def next_round(*, cafe: Cafe) -> Round:
    """End the current round (if any) and start the next planned one."""
    planned = cafe.rounds.filter(started_at__isnull=True).order_by("index").first()
    if planned is None:
        raise ValidationError(_("Alle Runden wurden schon gespielt."))
    return start_round(cafe=cafe, index=planned.index)


@transaction.atomic
def set_broadcast_message(*, cafe: Cafe, text: str, minutes: int | None = None) -> Cafe:
    """Show `text` on every screen for `minutes` (None: until removed); an empty text removes it."""
    text = " ".join(clean_typed_text(text).split())
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("Eine Durchsage hat höchstens %(max)s Zeichen.") % {"max": MAX_MESSAGE_LENGTH}
        )
    if minutes is not None and minutes not in MESSAGE_MINUTES:
        raise ValidationError(_("Bitte wählen Sie, wie lange die Durchsage zu sehen ist."))
    cafe = _lock_cafe(cafe)
    now = timezone.now()
    cafe.broadcast_message = text
    cafe.broadcast_at = now if text else None
    cafe.broadcast_until = now + timedelta(minutes=minutes) if text and minutes is not None else None
    cafe.save(update_fields=["broadcast_message", "broadcast_at", "broadcast_until", "updated_at"])
    send_event(cafe.pk, "message.changed", payloads.message_payload(cafe))
    return cafe
