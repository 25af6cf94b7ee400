"""The JSON of speed networking: the `speed.changed` event and the states the phone and the wall fetch.

`speed.changed` carries no names (it reaches every socket of the café); each screen then fetches its own state, in
which names appear only of people whose profile is visible at the moment of the request.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from weltcafe.cafe.models import Cafe
from weltcafe.common import timed_rounds
from weltcafe.common.timed_rounds import RoundStatus
from weltcafe.events.models import Participant
from weltcafe.networking.queries.profiles import visible_ids
from weltcafe.networking.speed import queries
from weltcafe.networking.speed.models import SpeedRound, SpeedSeat, SpeedSession


def round_payload(round_: SpeedRound | None) -> dict | None:
    return timed_rounds.clock_payload(round_) if round_ is not None else None


def speed_payload(session: SpeedSession) -> dict:
    """`speed.changed`: which session and round; screens fetch their own view (names are not broadcast)."""
    return {
        "session": session.pk,
        "status": session.status.value,
        "round_count": session.round_count,
        "round": round_payload(queries.current_round(session)),
    }


def _person(participant: Participant) -> dict:
    return {
        "name": participant.name,
        "organisation": participant.organisation.name if participant.organisation else "",
    }


def _meeting(seat: SpeedSeat | None, mates: list[SpeedSeat], visible: set[int], language: str) -> dict | None:
    if seat is None:
        return None
    partners = []
    for mate in mates:
        if mate.participant_id == seat.participant_id or mate.participant_id not in visible:
            continue
        reason = seat.reasons.get(str(mate.participant_id), {})
        partners.append({**_person(mate.participant), "reason": reason.get(language) or reason.get("de", "")})
    return {"round": seat.round.index, "group": seat.group, "partners": partners}


def _session_state(session: SpeedSession | None) -> dict:
    state: dict[str, object] = {"server_now": timezone.now().isoformat(), "session": None, "round": None}
    if session is not None:
        state["session"] = {
            "id": session.pk,
            "status": session.status.value,
            "round_count": session.round_count,
            "round_minutes": session.round_minutes,
        }
        state["round"] = round_payload(queries.current_round(session))
    return state


def phone_state(me: Participant, *, language: str) -> dict:
    """The phone's state: the round, and whom `me` meets now and next with the reasons in `language`."""
    session = queries.current_session(me.event)
    state = _session_state(session)
    visible = visible_ids(me.event_id)
    state.update({"visible": me.pk in visible, "planned": False, "now": None, "next": None})
    if session is None or me.pk not in visible:
        return state
    mine = queries.seats_of(session, me)
    state["planned"] = bool(mine)
    current = queries.current_round(session)
    upcoming = queries.upcoming_round(session)
    wanted = [r for r in (current, upcoming) if r is not None and r.pk in mine]
    mates: dict[tuple[int, int], list[SpeedSeat]] = defaultdict(list)
    for seat in queries.group_mates([r.pk for r in wanted], [mine[r.pk].group for r in wanted]):
        mates[(seat.round_id, seat.group)].append(seat)
    for key, round_ in (("now", current), ("next", upcoming)):
        if round_ is not None and round_.pk in mine:
            seat = mine[round_.pk]
            state[key] = _meeting(seat, mates[(round_.pk, seat.group)], visible, language)
    return state


def wall_state(cafe: Cafe) -> dict:
    """The wall's state: the round and its groups with names (between rounds: the next one)."""
    session = queries.current_session(cafe.event)
    state = _session_state(session)
    state["groups"] = []
    if session is None:
        return state
    current = queries.current_round(session)
    upcoming = queries.upcoming_round(session)
    # Before the first round and between rounds the wall shows where to go next.
    shown = upcoming if current is None or current.status == RoundStatus.ENDED else current
    state["shown_round"] = shown.index if shown else None
    if shown is None:
        return state
    visible = visible_ids(cafe.event_id)
    groups: dict[int, list[dict]] = defaultdict(list)
    for seat in queries.round_seats(shown):
        if seat.participant_id in visible:
            groups[seat.group].append(_person(seat.participant))
    state["groups"] = [{"number": number, "members": members} for number, members in sorted(groups.items())]
    return state
