"""Organiser area: the participant list, adding and editing by hand, and the CSV/XLSX import."""

from __future__ import annotations

import base64
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weltcafe.events import queries, services
from weltcafe.events.access import event_view
from weltcafe.events.forms import ImportConfirmForm, ImportUploadForm, ParticipantForm
from weltcafe.events.models import Event
from weltcafe.events.participant_import import ImportFileError, ImportPreview, parse_participants

PAGE_SIZE = 50
SORTABLE = ("name", "organisation", "region", "role")


@event_view
def participant_list(request: HttpRequest, event: Event) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "name")
    if sort not in queries.PARTICIPANT_SORTS:
        sort = "name"
    found = queries.participants(event, search=search, sort=sort)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "page": page,
        "search": search,
        "sort": sort,
        "columns": [(key, _column_label(key)) for key in SORTABLE],
        "total": event.participants.count(),
        "partial": bool(request.headers.get("HX-Request")),
    }
    # A history restore wants the whole page; only a live search swaps the table alone.
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    response = render(request, "orga/_participant_table.html" if partial else "orga/participant_list.html", context)
    # Same URL, two bodies: without this the browser's Back button may show the bare table from its cache.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _column_label(key: str) -> str:
    return {
        "name": _("Name"),
        "organisation": _("Organisation"),
        "region": _("Bundesland"),
        "role": _("Rolle"),
    }[key]


def _form_with_service_errors(form: ParticipantForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@event_view
def participant_create(request: HttpRequest, event: Event) -> HttpResponse:
    form = ParticipantForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.add_participant(event=event, data=form.to_data())
        except ValidationError as error:
            _form_with_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s wurde hinzugefügt.") % {"name": participant.name})
            return redirect("orga:participants", slug=event.slug)
    return render(request, "orga/participant_form.html", _form_context(event, form, None))


def _form_context(event: Event, form: ParticipantForm, participant) -> dict:
    return {
        "event": event,
        "form": form,
        "participant": participant,
        "organisation_names": list(event.organisations.order_by("sort_name").values_list("name", flat=True)),
    }


@event_view
def participant_edit(request: HttpRequest, event: Event, participant_id: int) -> HttpResponse:
    participant = queries.participant_for_event(event, participant_id)
    form = ParticipantForm.for_participant(participant, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(participant=participant, data=form.to_data())
        except ValidationError as error:
            _form_with_service_errors(form, error)
        else:
            messages.success(request, _("Änderungen an %(name)s gespeichert.") % {"name": participant.name})
            return redirect("orga:participants", slug=event.slug)
    return render(request, "orga/participant_form.html", _form_context(event, form, participant))


@require_POST
@event_view
def participant_delete(request: HttpRequest, event: Event, participant_id: int) -> HttpResponse:
    participant = queries.participant_for_event(event, participant_id)
    services.remove_participant(participant=participant)
    messages.success(request, _("%(name)s wurde entfernt.") % {"name": participant.name})
    return redirect("orga:participants", slug=event.slug)


def _session_key(event: Event) -> str:
    return f"participant-import:{event.pk}"


def _parse(event: Event, content: bytes, filename: str, encoding: str) -> ImportPreview:
    return parse_participants(
        content,
        filename=filename,
        encoding=encoding,
        existing_emails=services.existing_emails(event),
        max_rows=settings.WELTCAFE_IMPORT_MAX_ROWS,
    )


@event_view
def participant_import(request: HttpRequest, event: Event) -> HttpResponse:
    form = ImportUploadForm(
        data=request.POST or None, files=request.FILES or None, max_bytes=settings.WELTCAFE_IMPORT_MAX_BYTES
    )
    context: dict = {"event": event, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        encoding = form.cleaned_data["encoding"]
        try:
            preview = _parse(event, content, upload.name, encoding)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            digest = hashlib.sha256(content).hexdigest()
            # The file waits in the session between preview and confirmation; nothing touches the database yet.
            request.session[_session_key(event)] = {
                "filename": upload.name,
                "encoding": encoding,
                "content": base64.b64encode(content).decode("ascii"),
                "digest": digest,
            }
            context.update(
                preview=preview,
                confirm_form=ImportConfirmForm(initial={"digest": digest}),
                filename=upload.name,
            )
    return render(request, "orga/participant_import.html", context)


@require_POST
@event_view
def participant_import_confirm(request: HttpRequest, event: Event) -> HttpResponse:
    stored = request.session.get(_session_key(event))
    form = ImportConfirmForm(data=request.POST)
    if not stored or not form.is_valid() or form.cleaned_data["digest"] != stored["digest"]:
        messages.error(request, _("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch."))
        return redirect("orga:participant_import", slug=event.slug)
    content = base64.b64decode(stored["content"])
    try:
        preview = _parse(event, content, stored["filename"], stored["encoding"])
        created = services.import_participants(event=event, preview=preview)
    except (ImportFileError, services.ImportRejectedError) as error:
        messages.error(request, str(error))
        return redirect("orga:participant_import", slug=event.slug)
    del request.session[_session_key(event)]
    messages.success(request, _("%(count)s Personen importiert.") % {"count": len(created)})
    return redirect("orga:participants", slug=event.slug)
