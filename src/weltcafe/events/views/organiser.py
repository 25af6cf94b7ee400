"""Organiser area: the event list, an event's overview and settings, and its agenda."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weltcafe.cafe.queries.setup import cafe_of
from weltcafe.common.listing import rendered_rows
from weltcafe.events import queries, services
from weltcafe.events.access import event_view, organiser_required
from weltcafe.events.forms import AgendaItemForm, EventForm
from weltcafe.events.models import AgendaItem, Event

PAGE_SIZE = 25


@organiser_required
def event_list(request: HttpRequest) -> HttpResponse:
    show_archived = request.GET.get("archived") == "1"
    search = request.GET.get("q", "").strip()
    events = queries.events_for_organiser(request.user, include_archived=show_archived, search=search)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    # A superuser sees every organiser's events: one with a damaged slug must not take the list down.
    rows = rendered_rows(page.object_list, _listed, page="orga event list")
    context = {"page": page, "rows": rows, "show_archived": show_archived, "search": search}
    return render(request, "orga/event_list.html", context)


def _listed(event: Event) -> tuple[Event, str]:
    return event, reverse("orga:event_detail", kwargs={"slug": event.slug})


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@organiser_required
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(organiser=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Die Veranstaltung „%(title)s“ wurde angelegt.") % {"title": event.title})
            return redirect("orga:event_detail", slug=event.slug)
    return render(request, "orga/event_form.html", {"form": form, "event": None})


@event_view
def event_detail(request: HttpRequest, event: Event) -> HttpResponse:
    cafe = cafe_of(event)
    context = {
        "event": event,
        "participant_count": event.participants.count(),
        "agenda_count": event.agenda_items.count(),
        "topic_count": cafe.topics.count() if cafe else 0,
        "cafe": cafe,
    }
    return render(request, "orga/event_detail.html", context)


@event_view
def event_edit(request: HttpRequest, event: Event) -> HttpResponse:
    form = EventForm.for_event(event, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(event=event, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return redirect("orga:event_detail", slug=event.slug)
    return render(request, "orga/event_form.html", {"form": form, "event": event})


@require_POST
@event_view
def event_archive(request: HttpRequest, event: Event) -> HttpResponse:
    if event.status == Event.Status.ARCHIVED:
        services.restore_event(event=event)
        messages.success(request, _("Die Veranstaltung ist wieder aktiv (als Entwurf)."))
    else:
        services.archive_event(event=event)
        messages.success(request, _("Die Veranstaltung wurde archiviert."))
    return redirect("orga:event_detail", slug=event.slug)


@event_view
def agenda(request: HttpRequest, event: Event) -> HttpResponse:
    items = list(queries.agenda(event))
    # Suggest the end of the last item, unless the programme already fills the event.
    last_end = items[-1].ends_at if items else event.starts_at
    initial = {"starts_at": last_end.astimezone(event.tzinfo).replace(tzinfo=None)} if last_end < event.ends_at else {}
    form = AgendaItemForm(data=request.POST or None, initial=initial, event=event)
    if request.method == "POST" and form.is_valid():
        services.add_agenda_item(event=event, **form.cleaned_data)
        messages.success(request, _("Programmpunkt hinzugefügt."))
        return redirect("orga:agenda", slug=event.slug)
    return render(request, "orga/agenda.html", {"event": event, "items": items, "form": form})


@event_view
def agenda_item_edit(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=item_id, event=event)
    form = AgendaItemForm.for_item(item, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.update_agenda_item(item=item, **form.cleaned_data)
        messages.success(request, _("Programmpunkt gespeichert."))
        return redirect("orga:agenda", slug=event.slug)
    return render(request, "orga/agenda_item_form.html", {"event": event, "item": item, "form": form})


@require_POST
@event_view
def agenda_item_delete(request: HttpRequest, event: Event, item_id: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=item_id, event=event)
    services.remove_agenda_item(item=item)
    messages.success(request, _("Programmpunkt „%(title)s“ entfernt.") % {"title": item.title})
    return redirect("orga:agenda", slug=event.slug)
