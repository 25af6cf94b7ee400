"""The room's clock and announcements: start, pause, resume, extend and end the café's rounds, and the message on
every screen. Each service locks the café, owns its transaction and sends its live event after commit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe.cafe.live import payloads
from weltcafe.cafe.live.broadcast import send_event
from weltcafe.cafe.models import MAX_MESSAGE_LENGTH, Cafe, Round
from weltcafe.cafe.queries.setup import current_round
from weltcafe.common import timed_rounds
from weltcafe.common.text_input import clean_typed_text
from weltcafe.common.timed_rounds import RoundStatus


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
    now = timezone.now()
    timed_rounds.end_unfinished(cafe.rounds.filter(started_at__isnull=False, ended_at__isnull=True), now)
    round_.save(update_fields=round_.start(now))
    send_event(cafe.pk, "round.changed", payloads.round_payload(round_))
    return round_


def _running_round(cafe: Cafe) -> Round:
    round_ = current_round(cafe)
    if round_ is None or round_.status not in timed_rounds.ACTIVE:
        raise ValidationError(_("Es läuft gerade keine Runde."))
    return round_


@transaction.atomic
def pause_round(*, cafe: Cafe) -> Round:
    cafe = _lock_cafe(cafe)
    round_ = _running_round(cafe)
    if round_.status == RoundStatus.PAUSED:
        return round_
    round_.save(update_fields=round_.pause())
    send_event(cafe.pk, "round.changed", payloads.round_payload(round_))
    return round_


@transaction.atomic
def resume_round(*, cafe: Cafe) -> Round:
    cafe = _lock_cafe(cafe)
    round_ = _running_round(cafe)
    if round_.status == RoundStatus.RUNNING:
        return round_
    round_.save(update_fields=round_.resume())
    send_event(cafe.pk, "round.changed", payloads.round_payload(round_))
    return round_


@transaction.atomic
def extend_round(*, cafe: Cafe, minutes: int) -> Round:
    if not 1 <= minutes <= 30:
        raise ValidationError(_("Verlängern Sie um 1 bis 30 Minuten."))
    cafe = _lock_cafe(cafe)
    round_ = _running_round(cafe)
    round_.save(update_fields=round_.extend(minutes))
    send_event(cafe.pk, "round.changed", payloads.round_payload(round_))
    return round_


@transaction.atomic
def end_round(*, cafe: Cafe) -> Round:
    cafe = _lock_cafe(cafe)
    round_ = _running_round(cafe)
    round_.save(update_fields=round_.end(timezone.now()))
    send_event(cafe.pk, "round.changed", payloads.round_payload(round_))
    return round_


def next_round(*, cafe: Cafe) -> Round:
    """End the current round (if any) and start the next planned one."""
    planned = cafe.rounds.filter(started_at__isnull=True).order_by("index").first()
    if planned is None:
        raise ValidationError(_("Alle Runden wurden schon gespielt."))
    return start_round(cafe=cafe, index=planned.index)


@transaction.atomic
def set_broadcast_message(*, cafe: Cafe, text: str) -> Cafe:
    text = " ".join(clean_typed_text(text).split())
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("Eine Durchsage hat höchstens %(max)s Zeichen.") % {"max": MAX_MESSAGE_LENGTH}
        )
    cafe = _lock_cafe(cafe)
    cafe.broadcast_message = text
    cafe.broadcast_at = timezone.now() if text else None
    cafe.save(update_fields=["broadcast_message", "broadcast_at", "updated_at"])
    send_event(cafe.pk, "message.changed", payloads.message_payload(cafe))
    return cafe
