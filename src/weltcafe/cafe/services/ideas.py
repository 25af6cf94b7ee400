"""Ideas: captured exactly once per client UUID from a phone or a table's device, and moderated (hide, restore,
edit, merge, key insight) with a trail. Each service owns its transaction and sends its live event after commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe.cafe.live import payloads
from weltcafe.cafe.live.broadcast import send_event
from weltcafe.cafe.models import MAX_IDEA_LENGTH, Cafe, Idea, ModerationEntry, Round, Seat, Table
from weltcafe.cafe.services import summaries
from weltcafe.common.text_input import clean_typed_text
from weltcafe.common.throttle import RateLimit
from weltcafe.events.models import Participant

IDEAS_PER_MINUTE = RateLimit(name="idea", limit=12, window_seconds=60)
# A table's link is on a printed sign: each device posting with it counts on its own (IDEAS_PER_MINUTE), and the
# whole table has a ceiling well above what the people at one table write.
TABLE_IDEAS_PER_MINUTE = RateLimit(name="idea-table", limit=60, window_seconds=60)


class RateLimitedError(PermissionDenied):
    """Too many ideas in a short time from one phone or table."""


@dataclass(frozen=True)
class Poster:
    """Who posts: a participant with their personal link, or a device with a table's link (participant None),
    told apart by `device` (`cafe.access.table_device`)."""

    cafe: Cafe
    participant: Participant | None = None
    table: Table | None = None
    device: str = ""

    @property
    def rate_limits(self) -> tuple[tuple[RateLimit, str], ...]:
        """The limits an idea counts against, in order: the first one exceeded refuses it, and the later ones
        are not counted then (a device over its own limit cannot use up the table's ceiling)."""
        if self.participant:
            return ((IDEAS_PER_MINUTE, f"participant:{self.participant.pk}"),)
        table_id = self.table.pk if self.table else 0
        return (
            (IDEAS_PER_MINUTE, f"table:{table_id}:{self.device}"),
            (TABLE_IDEAS_PER_MINUTE, f"table:{table_id}"),
        )


@dataclass(frozen=True)
class CaptureResult:
    idea: Idea
    created: bool


def _validate_text(text: str) -> str:
    cleaned = clean_typed_text(text).strip()
    if not cleaned:
        raise ValidationError(_("Bitte schreiben Sie Ihre Idee auf."))
    if len(cleaned) > MAX_IDEA_LENGTH:
        raise ValidationError(
            _("Eine Idee hat höchstens %(max)s Zeichen (Ihre hat %(length)s).")
            % {"max": MAX_IDEA_LENGTH, "length": len(cleaned)}
        )
    return cleaned


def _check_round_open(cafe: Cafe, round_: Round) -> None:
    if round_.started_at is None:
        raise ValidationError(_("Runde %(index)s hat noch nicht begonnen.") % {"index": round_.index})
    if round_.ended_at and timezone.now() - round_.ended_at > timedelta(seconds=cafe.grace_seconds):
        raise ValidationError(
            _("Runde %(index)s ist beendet; Ideen werden nicht mehr angenommen.") % {"index": round_.index}
        )


def _place(poster: Poster, table_id: int, round_id: int) -> tuple[int, Round]:
    """The table (its id) and round an idea is posted to, after checking the poster may write there.

    A seated participant — nearly every post — costs one query: the seat with its round, both checked to be of
    the poster's café. Hosts (who have no seat) and refusals take the longer way, which also names what is wrong."""
    if poster.participant is not None:
        try:
            seat = Seat.objects.select_related("round").get(
                participant=poster.participant,
                round_id=round_id,
                table_id=table_id,
                table__cafe=poster.cafe,
                round__cafe=poster.cafe,
            )
        except Seat.DoesNotExist:
            pass
        else:
            return seat.table_id, seat.round
    try:
        table = Table.objects.select_related("topic").get(pk=table_id, cafe=poster.cafe)
        round_ = Round.objects.get(pk=round_id, cafe=poster.cafe)
    except (Table.DoesNotExist, Round.DoesNotExist) as error:
        raise PermissionDenied(_("Dieser Tisch oder diese Runde gehört nicht zu Ihrem Café.")) from error
    if poster.participant is None:
        if poster.table is None or poster.table.pk != table.pk:
            number = poster.table.number if poster.table else "?"
            raise PermissionDenied(_("Dieser Tisch-Link gilt nur für Tisch %(number)s.") % {"number": number})
    elif table.host_id != poster.participant.pk:
        raise PermissionDenied(
            _("Sie sitzen in Runde %(index)s nicht an Tisch %(number)s.")
            % {"index": round_.index, "number": table.number}
        )
    return table.pk, round_


def capture_idea(
    *,
    poster: Poster,
    client_uuid: uuid.UUID,
    text: str,
    table_id: int,
    round_id: int,
    show_author: bool = False,
) -> CaptureResult:
    """Store an idea exactly once per client UUID: a resend after a lost answer returns the stored idea — also when
    it would be refused now (the round has ended, the seat or the limit changed since)."""
    try:
        return _capture_new(poster, client_uuid, text, table_id, round_id, show_author)
    except (PermissionDenied, ValidationError):
        # Only refusals look for a stored idea: a first post (nearly all) is not asked about twice.
        stored = _stored_idea(client_uuid)
        if stored is None:
            raise
        return _resent(poster, stored)


def _stored_idea(client_uuid: uuid.UUID) -> Idea | None:
    return Idea.objects.filter(client_uuid=client_uuid).select_related("author", "table").first()


def _capture_new(
    poster: Poster, client_uuid: uuid.UUID, text: str, table_id: int, round_id: int, show_author: bool
) -> CaptureResult:
    cleaned = _validate_text(text)
    table_id, round_ = _place(poster, table_id, round_id)
    _check_round_open(poster.cafe, round_)
    for limit, key in poster.rate_limits:
        if limit.hit(key) > limit.limit:  # counted first: parallel posts cannot all pass one check
            raise RateLimitedError(_("Sehr viele Ideen in kurzer Zeit – bitte warten Sie einen Moment."))
    try:
        with transaction.atomic():
            idea = Idea.objects.create(
                client_uuid=client_uuid,
                table_id=table_id,
                round=round_,
                text=cleaned,
                author=poster.participant,
                show_author=bool(show_author and poster.participant),
            )
            send_event(poster.cafe.pk, "idea.saved", payloads.idea_payload(idea), table_id=idea.table_id)
    except IntegrityError:
        # The same UUID was stored before (a resend) or won a race in another worker a moment ago.
        stored = _stored_idea(client_uuid)
        if stored is None:
            raise
        return _resent(poster, stored)
    return CaptureResult(idea, created=True)


def _resent(poster: Poster, idea: Idea) -> CaptureResult:
    """A resend of a stored idea: the stored idea, and its event once more. The first answer may have been lost
    with a worker that died between the commit and the broadcast; screens apply the event idempotently."""
    result = _same_sender(poster, idea)
    send_event(idea.table.cafe_id, "idea.saved", payloads.idea_payload(idea), table_id=idea.table_id)
    return result


def _same_sender(poster: Poster, idea: Idea) -> CaptureResult:
    same = (
        idea.author_id == poster.participant.pk
        if poster.participant
        else (idea.author_id is None and poster.table is not None and idea.table_id == poster.table.pk)
    )
    if not same or idea.table.cafe_id != poster.cafe.pk:
        raise PermissionDenied(_("Diese Kennung gehört zu einer anderen Idee."))
    return CaptureResult(idea, created=False)


def _moderate(idea: Idea, action: str, *, user=None, participant=None, before: str = "", after: str = "") -> None:
    if action != ModerationEntry.Action.KEY_INSIGHT:
        # A hidden, edited or merged idea must not stay quoted in a summary on the plenary screen.
        summaries.refresh_summaries(cafe=idea.table.cafe)
    ModerationEntry.objects.create(
        cafe_id=idea.table.cafe_id,
        idea=idea,
        action=action,
        actor_user=user,
        actor_participant=participant,
        before=before,
        after=after,
    )
    send_event(idea.table.cafe_id, "idea.saved", payloads.idea_payload(idea), table_id=idea.table_id)


def _idea_for_update(cafe: Cafe, idea_id: int) -> Idea:
    try:
        # of=("self",): PostgreSQL cannot lock the nullable side (author) of an outer join.
        return (
            Idea.objects.select_for_update(of=("self",))
            .select_related("table", "author")
            .get(pk=idea_id, table__cafe=cafe)
        )
    except Idea.DoesNotExist as error:
        raise ValidationError(_("Diese Idee gibt es in diesem Café nicht.")) from error


@transaction.atomic
def hide_idea(*, cafe: Cafe, idea_id: int, user) -> Idea:
    idea = _idea_for_update(cafe, idea_id)
    idea.status = Idea.Status.HIDDEN
    idea.save(update_fields=["status", "updated_at"])
    _moderate(idea, ModerationEntry.Action.HIDE, user=user)
    return idea


@transaction.atomic
def restore_idea(*, cafe: Cafe, idea_id: int, user) -> Idea:
    idea = _idea_for_update(cafe, idea_id)
    idea.status, idea.merged_into = Idea.Status.VISIBLE, None
    idea.save(update_fields=["status", "merged_into", "updated_at"])
    _moderate(idea, ModerationEntry.Action.RESTORE, user=user)
    return idea


@transaction.atomic
def edit_idea(*, cafe: Cafe, idea_id: int, text: str, user) -> Idea:
    idea = _idea_for_update(cafe, idea_id)
    before, idea.text = idea.text, _validate_text(text)
    idea.save(update_fields=["text", "updated_at"])
    _moderate(idea, ModerationEntry.Action.EDIT, user=user, before=before, after=idea.text)
    return idea


@transaction.atomic
def merge_ideas(*, cafe: Cafe, keep_id: int, merge_id: int, user) -> Idea:
    """Fold a duplicate into another idea of the same café; the duplicate stays in the trail and can be restored."""
    if keep_id == merge_id:
        raise ValidationError(_("Eine Idee kann nicht mit sich selbst zusammengeführt werden."))
    keep = _idea_for_update(cafe, keep_id)
    duplicate = _idea_for_update(cafe, merge_id)
    duplicate.status, duplicate.merged_into = Idea.Status.MERGED, keep
    duplicate.save(update_fields=["status", "merged_into", "updated_at"])
    _moderate(duplicate, ModerationEntry.Action.MERGE, user=user, before=duplicate.text, after=f"→ {keep.pk}")
    return keep


@transaction.atomic
def mark_key_insight(*, cafe: Cafe, idea_id: int, host: Participant, value: bool = True) -> Idea:
    """A table host marks an idea of their own topic's tables as a key insight."""
    idea = _idea_for_update(cafe, idea_id)
    if not Table.objects.filter(topic_id=idea.table.topic_id, host=host).exists():
        raise PermissionDenied(_("Nur die Gastgebenden dieses Themas können Kernerkenntnisse markieren."))
    idea.is_key_insight = value
    idea.save(update_fields=["is_key_insight", "updated_at"])
    _moderate(idea, ModerationEntry.Action.KEY_INSIGHT, participant=host, after="1" if value else "0")
    return idea
