"""Translation between the café's rows and the pure planner's dataclasses (weltcafe.planning).

The planner addresses people and tables by index; a SeatingProblem keeps the rows in the same order, so
index i of the planner is participants[i] here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from weltcafe import planning
from weltcafe.cafe.models import Cafe, Round, Seat, Table
from weltcafe.events.models import Participant
from weltcafe.events.vocabulary import ParticipantRole

# The organising team runs the café and the press observes it; everyone else takes a seat.
SEATED_ROLES = (ParticipantRole.PARTICIPANT, ParticipantRole.HOST, ParticipantRole.SPEAKER)

Rounds = tuple[tuple[tuple[int, ...], ...], ...]


@dataclass(frozen=True)
class SeatingProblem:
    problem: planning.Problem
    participants: tuple[Participant, ...]
    tables: tuple[Table, ...]
    rounds: tuple[Round, ...]
    # Organisations too large to keep apart (more members than tables): named for the organiser.
    unsplittable: tuple[str, ...] = ()

    def index_of_participant(self) -> dict[int, int]:
        return {participant.pk: index for index, participant in enumerate(self.participants)}

    def index_of_table(self) -> dict[int, int]:
        return {table.pk: index for index, table in enumerate(self.tables)}


def seated_participants(cafe: Cafe) -> list[Participant]:
    return list(
        Participant.objects.filter(event_id=cafe.event_id, role__in=SEATED_ROLES)
        .select_related("organisation")
        .order_by("id")
    )


def without_seat(cafe: Cafe) -> list[str]:
    """The names of people the plan should seat and does not: registered or imported after it was made."""
    return list(
        Participant.objects.filter(event_id=cafe.event_id, role__in=SEATED_ROLES)
        .exclude(seats__round__cafe=cafe)
        .order_by("sort_name")
        .values_list("name", flat=True)
    )


def build_problem(cafe: Cafe) -> SeatingProblem:
    """The café as the planner sees it; refuses in the organiser's words what cannot be seated at all."""
    participants = seated_participants(cafe)
    tables = list(cafe.tables.select_related("topic").order_by("number"))
    rounds = list(cafe.rounds.order_by("index"))
    if not tables:
        raise ValidationError(_("Das Café hat noch keine Tische: legen Sie zuerst Themen an."))
    if not participants:
        raise ValidationError(_("Es gibt noch keine Teilnehmenden, die Platz nehmen."))
    seats = sum(table.capacity for table in tables)
    if seats < len(participants):
        raise ValidationError(
            _("%(people)s Personen, aber nur %(seats)s Plätze: erhöhen Sie Tische je Thema oder Plätze je Tisch.")
            % {"people": len(participants), "seats": seats}
        )
    index = {participant.pk: position for position, participant in enumerate(participants)}
    # A host who is not seated (absent after a re-seat) leaves the table without one, as no host does.
    planner_tables = [
        planning.Table(topic=table.topic.title, capacity=table.capacity, host=index.get(table.host_id or 0))
        for table in tables
    ]

    hosts = {table.host for table in planner_tables if table.host is not None}
    apart, unsplittable = _same_organisation_apart(participants, len(tables), hosts)
    people = tuple(
        planning.Person(
            name=participant.name,
            organisation=participant.organisation.name if participant.organisation else "",
            organisation_type=participant.organisation.kind if participant.organisation else "",
            region=participant.organisation.region if participant.organisation else "",
            sector=participant.organisation.sector if participant.organisation else "",
        )
        for participant in participants
    )
    problem = planning.Problem(
        people=people,
        tables=tuple(planner_tables),
        rounds=len(rounds),
        mode="mix" if cafe.mode == Cafe.Mode.MIX else "rotate_groups",
        constraints=planning.Constraints(apart=apart),
    )
    return SeatingProblem(problem, tuple(participants), tuple(tables), tuple(rounds), unsplittable)


def _same_organisation_apart(
    participants: list[Participant], table_count: int, hosts: set[int]
) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Colleagues sit apart: a hard constraint wherever the organisation has no more members than tables.

    Hosts are left out: everyone visits every topic when rounds = topics, so a host's colleague must reach the
    host's table some time; as a hard constraint that would make the plan impossible.
    """
    members: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for position, participant in enumerate(participants):
        if participant.organisation and position not in hosts:
            members[participant.organisation.pk].append(position)
            names[participant.organisation.pk] = participant.organisation.name
    apart: list[tuple[int, int]] = []
    unsplittable: list[str] = []
    for organisation_id, group in members.items():
        if len(group) > table_count:
            unsplittable.append(names[organisation_id])
            continue
        apart.extend(combinations(group, 2))
    return tuple(apart), tuple(sorted(unsplittable))


def rounds_from_seats(seating: SeatingProblem, seats: list[Seat]) -> Rounds:
    people = seating.index_of_participant()
    tables = seating.index_of_table()
    round_position = {round_.pk: position for position, round_ in enumerate(seating.rounds)}
    grid: list[list[list[int]]] = [[[] for _ in seating.tables] for _ in seating.rounds]
    for seat in seats:
        if seat.participant_id in people and seat.table_id in tables and seat.round_id in round_position:
            grid[round_position[seat.round_id]][tables[seat.table_id]].append(people[seat.participant_id])
    return tuple(tuple(tuple(sorted(members)) for members in tables_) for tables_ in grid)


def summary_of(plan_or_score: planning.Score, bound: planning.BoundReport, **extra: object) -> dict:
    score = plan_or_score
    return {
        "repeats": score.repeats,
        "max_meetings_per_pair": score.max_meetings_per_pair,
        "pairs_met": score.pairs_met,
        "mean_diversity": round(score.mean_diversity, 3),
        "diversity_per_table": [[round(value, 3) for value in tables] for tables in score.diversity_per_table],
        "violations": score.violations,
        "violation_details": list(score.violation_details),
        "lower_bound": score.lower_bound,
        "gap_to_bound": score.gap_to_bound,
        "zero_repeats_possible": bound.zero_repeats_possible,
        "max_zero_repeat_rounds": bound.max_zero_repeat_rounds,
        "bound_reasons": list(bound.reasons),
        **extra,
    }
