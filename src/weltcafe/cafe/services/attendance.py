"""Who is here: check-in, revoking a personal link, and re-seating the remaining rounds for who came."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe import planning
from weltcafe.cafe.live import payloads
from weltcafe.cafe.live.broadcast import close_link_sockets, send_event
from weltcafe.cafe.models import Cafe, Seat
from weltcafe.cafe.queries.seating import build_problem, rounds_from_seats, summary_of
from weltcafe.common.tokens import new_access_token
from weltcafe.events.models import Participant


@transaction.atomic
def set_checked_in(*, participant: Participant, present: bool) -> Participant:
    participant.checked_in_at = timezone.now() if present else None
    participant.save(update_fields=["checked_in_at", "updated_at"])
    return participant


@transaction.atomic
def revoke_access(*, participant: Participant) -> Participant:
    """A new personal link; the old one (and any QR printed with it) stops working at once, open sockets too."""
    participant.access_token = new_access_token()
    participant.save(update_fields=["access_token", "updated_at"])
    close_link_sockets("p", participant.pk)
    return participant


@dataclass(frozen=True)
class ReseatResult:
    from_round: int
    absent: tuple[str, ...]
    arrived: tuple[str, ...]
    repeats: int


def reseat_present(*, cafe: Cafe, time_limit: float = 0.9) -> ReseatResult:
    """Re-seat the rounds not yet started for the people checked in; earlier rounds stay exactly as they were.

    No-shows are seated participants who are not checked in (once anyone is checked in); arrivals are checked-in
    participants without a seat.
    """
    seating = build_problem(cafe)
    seats = list(Seat.objects.filter(round__cafe=cafe))
    rounds = rounds_from_seats(seating, seats)
    started = [r for r in seating.rounds if r.started_at is not None]
    from_round = len(started)
    if from_round >= len(seating.rounds):
        raise ValidationError(_("Alle Runden haben schon begonnen; es gibt nichts mehr umzusetzen."))
    anyone_checked_in = any(p.checked_in_at for p in seating.participants)
    seated = {p for tables in rounds for members in tables for p in members}
    absent = (
        [i for i, p in enumerate(seating.participants) if p.checked_in_at is None and i in seated]
        if anyone_checked_in
        else []
    )
    arrivals = [
        i for i, p in enumerate(seating.participants) if i not in seated and (p.checked_in_at or not anyone_checked_in)
    ]
    if cafe.mode == "mix":
        new_rounds = _replan_mix(seating, rounds, from_round, absent, time_limit)
    else:
        new_rounds = _follow_groups(seating, rounds, from_round, absent, arrivals)
    with transaction.atomic():
        Seat.objects.filter(round__cafe=cafe, round__index__gt=from_round).delete()
        Seat.objects.bulk_create(
            Seat(participant=seating.participants[p], round=seating.rounds[r], table=seating.tables[t])
            for r in range(from_round, len(seating.rounds))
            for t, members in enumerate(new_rounds[r])
            for p in members
        )
        score = planning.score_plan(seating.problem, new_rounds, planning.analyse(seating.problem))
        cafe.plan_summary = summary_of(
            score,
            planning.analyse(seating.problem),
            **{key: (cafe.plan_summary or {}).get(key) for key in ("seconds", "method", "seed")},
        )
        cafe.save(update_fields=["plan_summary", "updated_at"])
        send_event(cafe.pk, "seats.changed", payloads.seats_payload(cafe))
    names = seating.participants
    return ReseatResult(
        from_round=from_round + 1,
        absent=tuple(names[i].name for i in absent),
        arrived=tuple(names[i].name for i in arrivals),
        repeats=score.repeats,
    )


def _replan_mix(seating, rounds, from_round: int, absent: list[int], time_limit: float):
    bound = planning.analyse(seating.problem)
    current = planning.Plan(
        rounds=rounds,
        score=planning.score_plan(seating.problem, rounds, bound),
        bound=bound,
        seconds=0.0,
        method="stored",
        seed=0,
    )
    try:
        _problem, plan = planning.replan(
            seating.problem,
            current,
            from_round=from_round,
            absent=absent,
            options=planning.SolveOptions(time_limit=time_limit),
        )
    except planning.PlanningError as error:
        raise ValidationError(_("Umsetzen nicht möglich: %(reason)s") % {"reason": error}) from error
    return plan.rounds


def _follow_groups(seating, rounds, from_round: int, absent: list[int], arrivals: list[int]):
    """Rotating groups: no-shows leave their group; a late arrival joins the smallest group and moves with it."""
    gone = set(absent)
    new_rounds = [[[p for p in members if p not in gone] for members in tables] for tables in rounds]
    hosts = {table.host for table in seating.problem.tables if table.host is not None}
    for person in arrivals:
        tables = new_rounds[from_round]
        target = min(range(len(tables)), key=lambda t: (len(tables[t]), t))
        buddy = next((p for p in tables[target] if p not in hosts), None)
        for r in range(from_round, len(new_rounds)):
            if buddy is None:
                new_rounds[r][target].append(person)
                continue
            for members in new_rounds[r]:
                if buddy in members:
                    members.append(person)
                    break
    return tuple(tuple(tuple(sorted(members)) for members in tables) for tables in new_rounds)
