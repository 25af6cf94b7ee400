"""Dot voting: the facilitator opens a ballot on a topic's themes (or ideas); each participant places N dots.

A phone sends the number of dots it wants on one option, not "one more": a resend after a lost answer sets the
same number again, so retries can never count twice. Every change runs under a lock on the ballot row, so two
quick taps on two phones of the same person cannot exceed the allowance either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe.cafe.live.payloads import ballot_options
from weltcafe.cafe.models import Ballot, Cafe, Idea, Theme, Topic, Vote
from weltcafe.cafe.queries.voting import dots_of
from weltcafe.cafe.services import harvest_events
from weltcafe.common.throttle import RateLimit
from weltcafe.events.models import Participant

MAX_DOTS = 20
DOT_CHANGES_PER_MINUTE = RateLimit(name="dots", limit=60, window_seconds=60)


class VotingRateLimitedError(PermissionDenied):
    """Too many changes from one phone in a short time."""


@transaction.atomic
def open_ballot(*, topic: Topic, kind: str = Ballot.Kind.THEMES, dots_per_person: int = 3,
                max_per_option: int | None = None) -> Ballot:
    if kind not in Ballot.Kind.values:
        raise ValidationError(_("Abstimmen lässt sich über Themencluster oder Ideen."))
    if not 1 <= dots_per_person <= MAX_DOTS:
        raise ValidationError(_("Jede Person hat 1 bis %(max)s Punkte.") % {"max": MAX_DOTS})
    max_per_option = dots_per_person if max_per_option is None else max_per_option
    if not 1 <= max_per_option <= dots_per_person:
        raise ValidationError(_("Höchstens so viele Punkte je Eintrag, wie eine Person hat."))
    Cafe.objects.select_for_update().get(pk=topic.cafe_id)
    if Ballot.objects.filter(topic=topic, opened_at__isnull=False, closed_at__isnull=True).exists():
        raise ValidationError(_("Zu diesem Thema läuft schon eine Abstimmung."))
    ballot = Ballot(topic=topic, kind=kind, dots_per_person=dots_per_person, max_per_option=max_per_option)
    if len(ballot_options(ballot)) < 2:
        if kind == Ballot.Kind.THEMES:
            raise ValidationError(_("Für eine Abstimmung braucht es mindestens zwei sichtbare Themencluster – "
                                    "bitte zuerst auswerten."))
        raise ValidationError(_("Für eine Abstimmung braucht es mindestens zwei Ideen."))
    ballot.opened_at = timezone.now()
    ballot.save()
    harvest_events.ballot_changed(ballot)
    return ballot


@transaction.atomic
def close_ballot(*, ballot: Ballot) -> Ballot:
    ballot = Ballot.objects.select_for_update().select_related("topic").get(pk=ballot.pk)
    if ballot.closed_at is None:
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["closed_at", "updated_at"])
        harvest_events.ballot_changed(ballot)
    return ballot


@dataclass(frozen=True)
class DotsResult:
    ballot: Ballot
    mine: dict[int, int]   # option id → this person's dots

    @property
    def left(self) -> int:
        return self.ballot.dots_per_person - sum(self.mine.values())


def set_dots(*, cafe: Cafe, participant: Participant, ballot_id: int, option_id: int, count: int) -> DotsResult:
    """Set this person's dots on one option to `count` (0 removes them)."""
    if DOT_CHANGES_PER_MINUTE.hit(f"participant:{participant.pk}") > DOT_CHANGES_PER_MINUTE.limit:
        raise VotingRateLimitedError(_("Sehr viele Änderungen in kurzer Zeit – bitte warten Sie einen Moment."))
    with transaction.atomic():
        try:
            ballot = (
                Ballot.objects.select_for_update(of=("self",))
                .select_related("topic")
                .get(pk=ballot_id, topic__cafe=cafe)
            )
        except Ballot.DoesNotExist as error:
            raise ValidationError(_("Diese Abstimmung gibt es in diesem Café nicht.")) from error
        if participant.event_id != cafe.event_id:
            raise PermissionDenied(_("Sie nehmen an diesem Café nicht teil."))
        if ballot.status != Ballot.Status.OPEN:
            raise ValidationError(_("Die Abstimmung ist geschlossen – Punkte werden nicht mehr angenommen."))
        if not 0 <= count <= ballot.max_per_option:
            raise ValidationError(
                _("Auf einen Eintrag passen höchstens %(max)s Punkte.") % {"max": ballot.max_per_option}
            )
        target = _option(ballot, option_id)
        mine = dots_of(ballot, participant)
        others = sum(dots for option, dots in mine.items() if option != option_id)
        if others + count > ballot.dots_per_person:
            raise ValidationError(
                _("Sie haben %(total)s Punkte; %(left)s sind noch frei.")
                % {"total": ballot.dots_per_person, "left": ballot.dots_per_person - others - mine.get(option_id, 0)}
            )
        lookup = {"ballot": ballot, "participant": participant, **target}
        if count == 0:
            Vote.objects.filter(**lookup).delete()
            mine.pop(option_id, None)
        else:
            Vote.objects.update_or_create(**lookup, defaults={"dots": count})
            mine[option_id] = count
        harvest_events.tally_changed(ballot)
    return DotsResult(ballot=ballot, mine=mine)


def _option(ballot: Ballot, option_id: int) -> dict:
    if ballot.kind == Ballot.Kind.THEMES:
        theme = Theme.objects.filter(pk=option_id, topic_id=ballot.topic_id, hidden=False).first()
        if theme is None:
            raise ValidationError(_("Dieses Themencluster steht nicht zur Wahl."))
        return {"theme": theme}
    idea = Idea.objects.filter(pk=option_id, table__topic_id=ballot.topic_id, status=Idea.Status.VISIBLE).first()
    if idea is None:
        raise ValidationError(_("Diese Idee steht nicht zur Wahl."))
    return {"idea": idea}
