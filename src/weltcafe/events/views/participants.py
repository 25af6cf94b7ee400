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
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from weltcafe.common.csv_export import csv_text
from weltcafe.events import queries, services
from weltcafe.events.access import event_view
from weltcafe.events.forms import ColumnMappingForm, ImportConfirmForm, ImportUploadForm, ParticipantForm
from weltcafe.events.models import Event, ImportColumnChoice
from weltcafe.events.participant_import import (
    ImportFileError,
    ImportPreview,
    Sheet,
    guess_mapping,
    heading_key,
    parse_participants,
    read_sheet,
)
from weltcafe.events.vocabulary import Language, OrganisationKind, ParticipantRole, Region

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


def _remembered(request: HttpRequest) -> dict[str, str]:
    return dict(ImportColumnChoice.objects.filter(organiser_id=request.user.pk).values_list("heading", "field"))


def _remember(request: HttpRequest, header: list[str], mapping: tuple[str, ...]) -> None:
    for title, name in zip(header, mapping, strict=True):
        if heading_key(title):
            ImportColumnChoice.objects.update_or_create(
                organiser_id=request.user.pk, heading=heading_key(title), defaults={"field": name}
            )


def _stored_file(request: HttpRequest, event: Event, digest: str) -> dict | None:
    stored = request.session.get(_session_key(event))
    if not stored or stored["digest"] != digest:
        return None
    return stored


def _parse(event: Event, stored: dict) -> ImportPreview:
    return parse_participants(
        base64.b64decode(stored["content"]),
        filename=stored["filename"],
        encoding=stored["encoding"],
        mapping=stored.get("mapping"),
        existing=services.registered_people(event),
        max_rows=settings.WELTCAFE_IMPORT_MAX_ROWS,
    )


def _mapping_form(request: HttpRequest, sheet: Sheet, digest: str, data=None) -> ColumnMappingForm:
    header = list(sheet.header)
    return ColumnMappingForm(
        data=data,
        initial={"digest": digest},
        header=header,
        samples=[sheet.samples(index) for index in range(len(header))],
        guess=guess_mapping(header, _remembered(request)),
    )


@event_view
def participant_import(request: HttpRequest, event: Event) -> HttpResponse:
    """Step one: the file. It waits in the session until the import; nothing touches the database before."""
    form = ImportUploadForm(
        data=request.POST or None, files=request.FILES or None, max_bytes=settings.WELTCAFE_IMPORT_MAX_BYTES
    )
    stored = request.session.get(_session_key(event)) or {}
    context: dict = {"event": event, "form": form, "refused": stored.get("refused", 0)}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        encoding = form.cleaned_data["encoding"]
        try:
            sheet = read_sheet(
                content, filename=upload.name, encoding=encoding, max_rows=settings.WELTCAFE_IMPORT_MAX_ROWS
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            digest = hashlib.sha256(content).hexdigest()
            request.session[_session_key(event)] = {
                "filename": upload.name,
                "encoding": encoding,
                "content": base64.b64encode(content).decode("ascii"),
                "digest": digest,
            }
            context.update(mapping_form=_mapping_form(request, sheet, digest), filename=upload.name, sheet=sheet)
    return _import_page(request, context)


def _import_page(request: HttpRequest, context: dict) -> HttpResponse:
    context["allowed"] = {
        "roles": [str(label) for label in ParticipantRole.labels],
        "kinds": [str(label) for label in OrganisationKind.labels],
        "regions": [str(label) for label in Region.labels],
        "languages": [str(label) for label in Language.labels],
    }
    return render(request, "orga/participant_import.html", context)


def _expired(request: HttpRequest, event: Event) -> HttpResponse:
    messages.error(request, _("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch."))
    return redirect("orga:participant_import", slug=event.slug)


@require_POST
@event_view
def participant_import_map(request: HttpRequest, event: Event) -> HttpResponse:
    """Step two: the organiser's mapping, remembered for the next list; then the preview of every row."""
    stored = _stored_file(request, event, request.POST.get("digest", ""))
    if stored is None:
        return _expired(request, event)
    content = base64.b64decode(stored["content"])
    try:
        sheet = read_sheet(content, filename=stored["filename"], encoding=stored["encoding"],
                           max_rows=settings.WELTCAFE_IMPORT_MAX_ROWS)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("orga:participant_import", slug=event.slug)
    form = _mapping_form(request, sheet, stored["digest"], data=request.POST)
    context: dict = {"event": event, "filename": stored["filename"], "sheet": sheet, "mapping_form": form,
                     "form": ImportUploadForm(max_bytes=settings.WELTCAFE_IMPORT_MAX_BYTES)}
    if form.is_valid():
        mapping = form.mapping()
        _remember(request, list(sheet.header), mapping)
        stored["mapping"] = list(mapping)
        _show_preview(request, event, stored, context, _parse(event, stored))
    return _import_page(request, context)


def _show_preview(request: HttpRequest, event: Event, stored: dict, context: dict, preview: ImportPreview) -> None:
    stored["shown"] = preview.fingerprint()
    request.session[_session_key(event)] = stored
    context.update(preview=preview, confirm_form=ImportConfirmForm(initial={"digest": stored["digest"]}))


@require_POST
@event_view
def participant_import_confirm(request: HttpRequest, event: Event) -> HttpResponse:
    form = ImportConfirmForm(data=request.POST)
    stored = _stored_file(request, event, request.POST.get("digest", "")) if form.is_valid() else None
    if stored is None or "mapping" not in stored:
        return _expired(request, event)
    try:
        preview = _parse(event, stored)
        if preview.fingerprint() != stored.get("shown"):
            # Someone added or changed people since the preview: show what would happen now, write nothing.
            messages.warning(
                request,
                _("Seit der Vorschau hat sich die Teilnehmendenliste geändert; es wurde nichts importiert. "
                  "Bitte prüfen Sie die neue Vorschau."),
            )
            context: dict = {"event": event, "filename": stored["filename"],
                             "form": ImportUploadForm(max_bytes=settings.WELTCAFE_IMPORT_MAX_BYTES)}
            _show_preview(request, event, stored, context, preview)
            return _import_page(request, context)
        result = services.import_participants(event=event, preview=preview)
    except (ImportFileError, services.ImportRejectedError) as error:
        messages.error(request, str(error))
        return redirect("orga:participant_import", slug=event.slug)
    messages.success(
        request,
        _("Import abgeschlossen: %(created)s neu, %(updated)s aktualisiert.")
        % {"created": len(result.created), "updated": len(result.updated)},
    )
    if result.skipped:
        # The file stays in the session for the download of the refused rows.
        messages.warning(
            request,
            ngettext(
                "%(count)s Zeile mit Fehlern wurde nicht importiert. Laden Sie sie herunter, korrigieren Sie sie "
                "und importieren Sie sie erneut.",
                "%(count)s Zeilen mit Fehlern wurden nicht importiert. Laden Sie sie herunter, korrigieren Sie sie "
                "und importieren Sie sie erneut.",
                result.skipped,
            )
            % {"count": result.skipped},
        )
        stored["refused"] = result.skipped
        request.session[_session_key(event)] = stored
        return redirect("orga:participant_import", slug=event.slug)
    del request.session[_session_key(event)]
    return redirect("orga:participants", slug=event.slug)


@event_view
def participant_import_refused(request: HttpRequest, event: Event) -> HttpResponse:
    """The refused rows of the file in the session, as they stood, with the reasons in a first column."""
    stored = request.session.get(_session_key(event))
    if not stored or "mapping" not in stored:
        return _expired(request, event)
    preview = _parse(event, stored)
    body = csv_text(
        [_("Fehler"), *preview.header],
        ([" ".join(row.errors), *row.cells] for row in preview.error_rows),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = stored["filename"].rsplit(".", 1)[0] or "liste"
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "liste"}-fehler.csv"'
    return response
