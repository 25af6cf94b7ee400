"""Every write of speed networking: plan a session, and run its rounds (start, pause, resume, +1 min, end, next).

Keyword-only; each service owns its transaction, refuses in the organiser's words (German source strings) and then
writes nothing. After a commit the café's screens hear `speed.changed` (`cafe.live.broadcast.send_event`, group
`cafe-<id>`: every phone and wall socket of the café); an event without a café has no sockets, its phones poll.
The round logic mirrors the café's (`cafe/services/rounds.py`). Reads are in `speed/queries.py`, the JSON in
`speed/payloads.py`.
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe import planning
from weltcafe.cafe.live.broadcast import send_event
from weltcafe.common import timed_rounds
from weltcafe.common.timed_rounds import Action
from weltcafe.events.models import Event
from weltcafe.networking.speed.models import (
    GROUP_SIZE_MAX,
    GROUP_SIZE_MIN,
    MINUTES_MAX,
    MINUTES_MIN,
    ROUNDS_MAX,
    ROUNDS_MIN,
    SpeedRound,
    SpeedSeat,
    SpeedSession,
)
from weltcafe.networking.speed.payloads import speed_payload
from weltcafe.networking.speed.queries import EventPlan, build_speed_plan, cafe_id_of, current_round

EVENT_TYPE = "speed.changed"


def _announce(session: SpeedSession) -> None:
    cafe_id = cafe_id_of(session.event_id)
    if cafe_id is not None:
        send_event(cafe_id, EVENT_TYPE, speed_payload(session))


# ------------------------------------------------------------------------------------------------------ plan
def _check_settings(group_size: int, rounds: int, minutes: int) -> None:
    if not GROUP_SIZE_MIN <= group_size <= GROUP_SIZE_MAX:
        raise ValidationError(
            _("Eine Gruppe hat %(min)s bis %(max)s Personen.") % {"min": GROUP_SIZE_MIN, "max": GROUP_SIZE_MAX}
        )
    if not ROUNDS_MIN <= rounds <= ROUNDS_MAX:
        raise ValidationError(_("Planen Sie %(min)s bis %(max)s Runden.") % {"min": ROUNDS_MIN, "max": ROUNDS_MAX})
    if not MINUTES_MIN <= minutes <= MINUTES_MAX:
        raise ValidationError(
            _("Eine Runde dauert %(min)s bis %(max)s Minuten.") % {"min": MINUTES_MIN, "max": MINUTES_MAX}
        )


def _refuse_if_running(event: Event) -> None:
    if SpeedSession.objects.filter(event=event, started_at__isnull=False, ended_at__isnull=True).exists():
        raise ValidationError(_("Ein Speed-Networking läuft gerade. Beenden Sie es, bevor Sie ein neues planen."))


def create_session(*, event: Event, group_size: int, rounds: int, minutes: int, seed: int = 0) -> SpeedSession:
    """Plan a session for the people taking part now and store it; replaces a session that has not started."""
    _check_settings(group_size, rounds, minutes)
    _refuse_if_running(event)
    try:
        # Planned outside the transaction: seconds of CPU must not hold the database lock.
        planned = build_speed_plan(event, group_size=group_size, rounds=rounds, seed=seed)
    except planning.PlanningError as error:
        raise ValidationError(
            _(
                "Für Speed-Networking braucht es mindestens zwei Teilnehmende, "
                "die im Networking-Profil zugestimmt haben."
            )
        ) from error
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _refuse_if_running(event)
        SpeedSession.objects.filter(event=event, started_at__isnull=True).delete()
        session = SpeedSession.objects.create(
            event=event,
            group_size=group_size,
            round_count=rounds,
            round_minutes=minutes,
            seed=seed,
            plan_summary=_summary(planned),
        )
        _write_rounds(session, planned)
        _announce(session)
    return session


def _summary(planned: EventPlan) -> dict:
    plan = planned.plan
    organisations = [participant.organisation for participant in planned.participants.values()]
    names = {str(organisation.pk): organisation.name for organisation in organisations if organisation}
    return {
        "people": len(planned.participants),
        "groups": max((len(groups) for groups in plan.rounds), default=0),
        "repeats": plan.repeats,
        "met_before": plan.met_before,
        "pinned_pairs": plan.pinned_pairs,
        "violations": plan.violations,
        "unsplittable": sorted(names.get(key, key) for key in plan.unsplittable),
        "method": plan.method,
        "seconds": round(plan.seconds, 3),
    }


def _write_rounds(session: SpeedSession, planned: EventPlan) -> None:
    seats = []
    for index, groups in enumerate(planned.plan.rounds, start=1):
        round_ = SpeedRound.objects.create(session=session, index=index, planned_minutes=session.round_minutes)
        for number, members in enumerate(groups, start=1):
            for person in members:
                reasons = {
                    str(other): planned.reasons[(person, other)]
                    for other in members
                    if other != person and (person, other) in planned.reasons
                }
                seats.append(SpeedSeat(round=round_, group=number, participant_id=person, reasons=reasons))
    SpeedSeat.objects.bulk_create(seats)


# ------------------------------------------------------------------------------------------------------ rounds
def _locked(session: SpeedSession) -> SpeedSession:
    session = SpeedSession.objects.select_for_update().get(pk=session.pk)
    if session.ended_at:
        raise ValidationError(_("Dieses Speed-Networking ist schon beendet."))
    return session


def _start(session: SpeedSession, round_: SpeedRound) -> SpeedRound:
    now = timezone.now()
    timed_rounds.start(round_, siblings=session.rounds.filter(started_at__isnull=False, ended_at__isnull=True), now=now)
    if session.started_at is None:
        session.started_at = now
        session.save(update_fields=["started_at", "updated_at"])
    _announce(session)
    return round_


@transaction.atomic
def start_session(*, session: SpeedSession) -> SpeedRound:
    """Start round 1."""
    session = _locked(session)
    if session.started_at is not None:
        raise ValidationError(_("Das Speed-Networking wurde schon gestartet."))
    first = session.rounds.order_by("index").first()
    if first is None:
        raise ValidationError(_("Dieses Speed-Networking hat keine Runden."))
    return _start(session, first)


@transaction.atomic
def next_round(*, session: SpeedSession) -> SpeedRound:
    """End the current round (if any) and start the next planned one."""
    session = _locked(session)
    planned = session.rounds.filter(started_at__isnull=True).order_by("index").first()
    if planned is None:
        raise ValidationError(_("Alle Runden wurden schon gespielt."))
    return _start(session, planned)


def _control(session: SpeedSession, action: Action, *, minutes: int = 0) -> SpeedRound:
    """The facilitator's buttons, under the session's lock; the rules are the engine's (`common.timed_rounds`)."""
    session = _locked(session)
    round_, changed = timed_rounds.control(current_round(session), action, minutes=minutes)
    if changed:
        _announce(session)
    return round_


@transaction.atomic
def pause_round(*, session: SpeedSession) -> SpeedRound:
    return _control(session, Action.PAUSE)


@transaction.atomic
def resume_round(*, session: SpeedSession) -> SpeedRound:
    return _control(session, Action.RESUME)


@transaction.atomic
def extend_round(*, session: SpeedSession, minutes: int = 1) -> SpeedRound:
    return _control(session, Action.EXTEND, minutes=minutes)


@transaction.atomic
def end_round(*, session: SpeedSession) -> SpeedRound:
    return _control(session, Action.END)


@transaction.atomic
def end_session(*, session: SpeedSession) -> SpeedSession:
    """End the running round (if any) and the session; its encounters count as met for the next session."""
    session = _locked(session)
    now = timezone.now()
    timed_rounds.end_unfinished(session.rounds.filter(started_at__isnull=False, ended_at__isnull=True), now)
    session.ended_at = now
    session.save(update_fields=["ended_at", "updated_at"])
    _announce(session)
    return session


# ------------------------------------------------------------------------------------------------------ erasure
def erase_seats(*, participant_ids: Collection[int]) -> None:
    """Their seats (who met whom) go; other people's reasons about them (which quote their profile) too."""
    with transaction.atomic():
        sessions = set(
            SpeedSeat.objects.filter(participant_id__in=participant_ids).values_list("round__session_id", flat=True)
        )
        SpeedSeat.objects.filter(participant_id__in=participant_ids).delete()
        keys = {str(pk) for pk in participant_ids}
        for seat in SpeedSeat.objects.filter(round__session_id__in=sessions).only("pk", "reasons"):
            if keys & set(seat.reasons):
                seat.reasons = {other: text for other, text in seat.reasons.items() if other not in keys}
                seat.save(update_fields=["reasons"])


def forget_organisation_names(*, event: Event) -> None:
    """The plan's figures name the organisations too large to split; once those are anonymous pools, the old names
    must not stay."""
    with transaction.atomic():
        for session in SpeedSession.objects.filter(event=event):
            if session.plan_summary.get("unsplittable"):
                session.plan_summary = {**session.plan_summary, "unsplittable": []}
                session.save(update_fields=["plan_summary", "updated_at"])
