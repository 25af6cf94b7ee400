"""The organiser's data export (JSON, CSV) and the import of an exported event."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weltcafe.cafe.queries.setup import cafe_of
from weltcafe.cafe.services import seating
from weltcafe.documents.exchange import export, restore
from weltcafe.events.access import event_view, organiser_required
from weltcafe.events.models import Event


def _download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@event_view
def export_page(request: HttpRequest, event: Event) -> HttpResponse:
    return render(request, "exchange/export.html", {"event": event, "has_cafe": cafe_of(event) is not None})


@event_view
def export_file(request: HttpRequest, event: Event, what: str) -> HttpResponse:
    if what == "json":
        content = json.dumps(export.export_event(event), ensure_ascii=False, indent=1)
        return _download(content, "application/json; charset=utf-8", f"{event.slug}.weltcafe.json")
    csv_type = "text/csv; charset=utf-8"
    if what == "participants":
        return _download(export.participants_csv(event), csv_type, f"teilnehmende-{event.slug}.csv")
    if what == "ideas":
        return _download(export.ideas_csv(event), csv_type, f"ideen-{event.slug}.csv")
    if what == "themes":
        return _download(export.themes_csv(event), csv_type, f"themen-{event.slug}.csv")
    if what == "seating" and (cafe := cafe_of(event)) is not None:
        return _download(seating.plan_as_csv(cafe=cafe), csv_type, f"sitzplan-{event.slug}.csv")
    raise Http404("export")


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Exportdatei (.json)"))


@organiser_required
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            restore.check_size(upload.size)  # before reading it into memory
            result = restore.import_file(upload.read(), organiser=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("„%(title)s“ wurde importiert.") % {"title": result.event.title})
            for note in result.notes:
                messages.info(request, note)
            return redirect("orga:event_detail", slug=result.event.slug)
    return render(request, "exchange/import.html", {"form": form, "max_megabytes": restore.MAX_BYTES // 2**20})
