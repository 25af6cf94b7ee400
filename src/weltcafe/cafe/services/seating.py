"""Every write to the seating plan: compute it, swap two people by hand, lock it, discard it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe import planning
from weltcafe.cafe.models import Cafe, Seat
from weltcafe.cafe.queries.seating import SeatingProblem, build_problem, rounds_from_seats, summary_of
from weltcafe.common.csv_export import csv_text

MAX_TIME_LIMIT_SECONDS = 30.0


def _refuse_if_locked(cafe: Cafe) -> None:
    if cafe.plan_locked:
        raise ValidationError(_("Der Sitzplan ist festgeschrieben. Lösen Sie ihn, um ihn zu ändern."))
    if cafe.rounds.filter(started_at__isnull=False).exists():
        # Phones already follow this plan; live changes go through the control room's re-seating.
        raise ValidationError(
            _(
                "Das Café läuft schon. Änderungen am Sitzplan bitte über „Restliche Runden neu setzen“ "
                "in der Live-Steuerung."
            )
        )


def _locked_cafe(cafe: Cafe) -> Cafe:
    """Re-read the café under a row lock, so two organisers cannot write two plans at once."""
    return Cafe.objects.select_for_update().get(pk=cafe.pk)


def plan_seating(*, cafe: Cafe, seed: int = 0, time_limit: float = 5.0) -> planning.Plan:
    """Compute a new seating plan and store it as the café's seats, replacing any unlocked earlier plan."""
    _refuse_if_locked(cafe)
    seating = build_problem(cafe)
    options = planning.SolveOptions(seed=seed, time_limit=min(max(time_limit, 0.2), MAX_TIME_LIMIT_SECONDS))
    try:
        # Solved outside the transaction: seconds of CPU must not hold the database lock.
        plan = planning.solve(seating.problem, options)
    except planning.PlanningError as error:
        raise ValidationError(_("Der Sitzplan lässt sich nicht berechnen: %(reason)s") % {"reason": error}) from error
    with transaction.atomic():
        cafe = _locked_cafe(cafe)
        _refuse_if_locked(cafe)
        _write_seats(cafe, seating, plan.rounds)
        cafe.plan_summary = summary_of(
            plan.score,
            plan.bound,
            seconds=round(plan.seconds, 3),
            method=plan.method,
            seed=plan.seed,
            unsplittable=list(seating.unsplittable),
        )
        cafe.save(update_fields=["plan_summary", "updated_at"])
    return plan


def _write_seats(cafe: Cafe, seating: SeatingProblem, rounds: tuple) -> None:
    Seat.objects.filter(round__cafe=cafe).delete()
    Seat.objects.bulk_create(
        Seat(participant=seating.participants[person], round=seating.rounds[r], table=seating.tables[t])
        for r, tables in enumerate(rounds)
        for t, members in enumerate(tables)
        for person in members
    )


def rescore(*, cafe: Cafe) -> dict:
    """Score the stored seats as they are now (after a swap, or after people were added or removed)."""
    seating = build_problem(cafe)
    seats = list(Seat.objects.filter(round__cafe=cafe))
    rounds = rounds_from_seats(seating, seats)
    score = planning.score_plan(seating.problem, rounds, planning.analyse(seating.problem))
    previous = cafe.plan_summary or {}
    unseated = len(seating.participants) * len(seating.rounds) - len(seats)
    summary = summary_of(
        score,
        planning.analyse(seating.problem),
        seconds=previous.get("seconds"),
        method=previous.get("method"),
        seed=previous.get("seed"),
        unsplittable=list(seating.unsplittable),
        unseated=max(unseated, 0),
    )
    cafe.plan_summary = summary
    cafe.save(update_fields=["plan_summary", "updated_at"])
    return summary


@transaction.atomic
def swap_seats(*, cafe: Cafe, round_index: int, first_id: int, second_id: int) -> dict:
    """Swap the tables of two people in one round, then re-score. Hosts stay at their tables."""
    cafe = _locked_cafe(cafe)
    _refuse_if_locked(cafe)
    if first_id == second_id:
        raise ValidationError(_("Bitte wählen Sie zwei verschiedene Personen."))
    seats = {
        seat.participant_id: seat
        for seat in Seat.objects.select_related("participant", "table__topic").filter(
            round__cafe=cafe, round__index=round_index, participant_id__in=[first_id, second_id]
        )
    }
    if len(seats) != 2:
        raise ValidationError(_("Beide Personen müssen in dieser Runde einen Platz haben."))
    first, second = seats[first_id], seats[second_id]
    if first.table_id == second.table_id:
        raise ValidationError(_("Die beiden sitzen in dieser Runde schon am selben Tisch."))
    for seat in (first, second):
        if seat.table.host_id == seat.participant_id:
            raise ValidationError(_("%(name)s ist Gastgebende und bleibt am Tisch.") % {"name": seat.participant.name})
    first.table_id, second.table_id = second.table_id, first.table_id
    Seat.objects.bulk_update([first, second], ["table"])
    return rescore(cafe=cafe)


@transaction.atomic
def lock_plan(*, cafe: Cafe) -> Cafe:
    cafe = _locked_cafe(cafe)
    if not Seat.objects.filter(round__cafe=cafe).exists():
        raise ValidationError(_("Es gibt noch keinen Sitzplan zum Festschreiben."))
    if (cafe.plan_summary or {}).get("violations"):
        raise ValidationError(_("Der Sitzplan verletzt Bedingungen und kann nicht festgeschrieben werden."))
    cafe.plan_locked_at = timezone.now()
    cafe.save(update_fields=["plan_locked_at", "updated_at"])
    return cafe


@transaction.atomic
def unlock_plan(*, cafe: Cafe) -> Cafe:
    cafe = _locked_cafe(cafe)
    cafe.plan_locked_at = None
    cafe.save(update_fields=["plan_locked_at", "updated_at"])
    return cafe


@transaction.atomic
def discard_plan(*, cafe: Cafe) -> None:
    cafe = _locked_cafe(cafe)
    _refuse_if_locked(cafe)
    Seat.objects.filter(round__cafe=cafe).delete()
    cafe.plan_summary = {}
    cafe.save(update_fields=["plan_summary", "updated_at"])


def _seat_row(seat: Seat) -> list[object]:
    organisation = seat.participant.organisation
    return [
        seat.round.index,
        seat.table.number,
        seat.table.topic.title,
        seat.participant.name,
        organisation.name if organisation else "",
        organisation.get_region_display() if organisation and organisation.region else "",
        _("ja") if seat.table.host_id == seat.participant_id else "",
    ]


def plan_as_csv(*, cafe: Cafe) -> str:
    """One row per seat, semicolon-separated with a BOM, as German Excel opens it without asking."""
    seats = (
        Seat.objects.filter(round__cafe=cafe)
        .select_related("round", "table__topic", "participant__organisation")
        .order_by("round__index", "table__number", "participant__sort_name")
    )
    header = [_("Runde"), _("Tisch"), _("Thema"), _("Name"), _("Organisation"), _("Bundesland"), _("Gastgebend")]
    return csv_text(header, (_seat_row(seat) for seat in seats))
