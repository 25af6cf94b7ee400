"""Organiser area: the seating plan — compute, look at it as a grid, swap two people, lock, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weltcafe.cafe.access import cafe_view
from weltcafe.cafe.forms import PlanForm, SwapForm
from weltcafe.cafe.models import Cafe
from weltcafe.cafe.queries import setup as queries
from weltcafe.cafe.queries.seating import seated_participants, without_seat
from weltcafe.cafe.services import seating
from weltcafe.events.models import Event


@cafe_view
def plan_page(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    colour_by = request.GET.get("colour", "region")
    grid, legend = queries.seating_grid(cafe, colour_by=colour_by)
    people = seated_participants(cafe)
    swap_form = SwapForm()
    choices = [("", "–"), *((person.pk, person.name) for person in people)]
    swap_form.fields["first"].widget.choices = choices
    swap_form.fields["second"].widget.choices = choices
    context = {
        "event": event,
        "cafe": cafe,
        "form": PlanForm(initial={"seed": (cafe.plan_summary or {}).get("seed") or 0}),
        "swap_form": swap_form,
        "grid": grid,
        "legend": legend,
        "colour_by": colour_by,
        "summary": cafe.plan_summary or {},
        "has_plan": (has_plan := any(cell.people for row in grid for cell in row.tables)),
        # Registered after the plan was made (a late registration, an import): they have no table yet.
        "without_seat": without_seat(cafe) if has_plan else [],
        "longest_search": seating.MAX_TIME_LIMIT_SECONDS,
        "people_count": len(people),
        "table_count": len(queries.tables(cafe)),
    }
    return render(request, "orga/plan.html", context)


@require_POST
@cafe_view
def plan_run(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    form = PlanForm(data=request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("orga:plan", slug=event.slug)
    try:
        plan = seating.plan_seating(
            cafe=cafe, seed=form.cleaned_data["seed"], time_limit=form.cleaned_data["time_limit"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Sitzplan berechnet in %(seconds).1f s: %(repeats)s wiederholte Begegnungen.")
            % {"seconds": plan.seconds, "repeats": plan.score.repeats},
        )
    return redirect("orga:plan", slug=event.slug)


@require_POST
@cafe_view
def plan_swap(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    form = SwapForm(data=request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Runde und zwei Personen."))
    else:
        try:
            summary = seating.swap_seats(
                cafe=cafe,
                round_index=form.cleaned_data["round_index"],
                first_id=form.cleaned_data["first"],
                second_id=form.cleaned_data["second"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Getauscht. Jetzt %(repeats)s wiederholte Begegnungen.") % {"repeats": summary["repeats"]},
            )
    colour = request.POST.get("colour") if request.POST.get("colour") in queries.COLOUR_BY else "region"
    # Back to the round that was changed, not to the top of a long page.
    round_index = form.cleaned_data.get("round_index") if form.is_valid() else None
    anchor = f"#plan-round-{round_index}" if round_index else "#plan-grid-title"
    return redirect(f"{reverse('orga:plan', kwargs={'slug': event.slug})}?colour={colour}{anchor}")


@require_POST
@cafe_view
def plan_lock(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    try:
        if request.POST.get("action") == "unlock":
            seating.unlock_plan(cafe=cafe)
            messages.success(request, _("Der Sitzplan kann wieder geändert werden."))
        elif request.POST.get("action") == "discard":
            seating.discard_plan(cafe=cafe)
            messages.success(request, _("Der Sitzplan wurde verworfen."))
        else:
            seating.lock_plan(cafe=cafe)
            messages.success(
                request, _("Der Sitzplan ist festgeschrieben: Live-Café und Druckunterlagen verwenden ihn.")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("orga:plan", slug=event.slug)


@cafe_view
def plan_export(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    content = seating.plan_as_csv(cafe=cafe)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sitzplan-{event.slug}.csv"'
    return response
