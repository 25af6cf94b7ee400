"""Organiser area: setting up the café (mode, rounds, tables) and its topics with guiding question and host."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weltcafe.cafe.access import cafe_view
from weltcafe.cafe.forms import CafeForm, TopicForm
from weltcafe.cafe.models import Cafe
from weltcafe.cafe.queries import setup as queries
from weltcafe.cafe.services import setup as services
from weltcafe.events.access import event_view
from weltcafe.events.models import Event


@event_view
def cafe_setup(request: HttpRequest, event: Event) -> HttpResponse:
    cafe = queries.cafe_of(event)
    form = CafeForm.for_cafe(cafe, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_cafe(event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Café-Einstellungen gespeichert."))
            return redirect("orga:cafe", slug=event.slug)
    topic_list = list(queries.topics(cafe)) if cafe else []
    hosts = TopicForm.host_choices_for(event)
    context = {
        "event": event,
        "cafe": cafe,
        "form": form,
        "topics": topic_list,
        "topic_forms": [
            (
                topic,
                TopicForm(
                    prefix=f"topic-{topic.pk}",
                    event=event,
                    tables=[table.number for table in topic.tables.all()],
                    initial=_topic_initial(topic),
                    host_choices=hosts,
                ),
            )
            for topic in topic_list
        ],
        "new_topic_form": TopicForm(prefix="new", event=event, tables=cafe.tables_per_topic if cafe else 1,
                                    host_choices=hosts),
        "unhosted": [table for topic in topic_list for table in topic.tables.all() if table.host_id is None],
        "seat_total": (cafe.table_capacity * len(queries.tables(cafe))) if cafe else 0,
        "participant_count": event.participants.count(),
    }
    return render(request, "orga/cafe.html", context)


def _topic_initial(topic) -> dict:
    hosts = {f"host_{index}": table.host_id for index, table in enumerate(topic.tables.all(), start=1)}
    return {"title": topic.title, "guiding_question": topic.guiding_question, **hosts}


@require_POST
@cafe_view
def topic_add(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    form = TopicForm(data=request.POST, prefix="new", event=event, tables=cafe.tables_per_topic)
    added = _("Thema „%(title)s“ hinzugefügt.")
    return _save_topic(request, event, form, lambda fields: services.add_topic(cafe=cafe, **fields), added)


@require_POST
@cafe_view
def topic_edit(request: HttpRequest, event: Event, cafe: Cafe, topic_id: int) -> HttpResponse:
    topic = queries.topic_for_cafe(cafe, topic_id)
    tables = [table.number for table in topic.tables.order_by("number")]
    form = TopicForm(data=request.POST, prefix=f"topic-{topic.pk}", event=event, tables=tables)
    saved = _("Thema „%(title)s“ gespeichert.")
    return _save_topic(request, event, form, lambda fields: services.update_topic(topic=topic, **fields), saved)


def _save_topic(
    request: HttpRequest, event: Event, form: TopicForm, save: Callable[[dict], object], done: str
) -> HttpResponse:
    """The form checked, then the service (which refuses a host of another table): either way back to the page."""
    if not form.is_valid():
        messages.error(request, _("Das Thema wurde nicht gespeichert: %(errors)s") % {"errors": _errors_text(form)})
        return redirect("orga:cafe", slug=event.slug)
    fields = {name: form.cleaned_data[name] for name in ("title", "guiding_question")}
    try:
        save({**fields, "hosts": form.hosts})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"title": fields["title"]})
    return redirect("orga:cafe", slug=event.slug)


@require_POST
@cafe_view
def topic_delete(request: HttpRequest, event: Event, cafe: Cafe, topic_id: int) -> HttpResponse:
    topic = queries.topic_for_cafe(cafe, topic_id)
    try:
        services.remove_topic(topic=topic)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thema „%(title)s“ entfernt.") % {"title": topic.title})
    return redirect("orga:cafe", slug=event.slug)


def _errors_text(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".strip(": ")
        for name, errors in form.errors.items()
    )
