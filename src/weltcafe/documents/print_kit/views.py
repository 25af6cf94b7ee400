"""Organiser area: the page "Druckunterlagen" and the downloads of the print kit (PDF or ZIP)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weltcafe.cafe.access import cafe_view
from weltcafe.cafe.models import Cafe, Seat
from weltcafe.cafe.queries.seating import without_seat
from weltcafe.common.site_address import base_url_for, is_loopback
from weltcafe.documents.print_kit import render as kit_render
from weltcafe.documents.print_kit.data import DOCUMENTS, NEED_SEATS, KitOptions, document_titles
from weltcafe.events.models import Event
from weltcafe.events.vocabulary import Language

KIT, KIT_ZIP = "kit", "kit-zip"
LOOPBACK_REFUSAL = gettext_lazy(
    "Nicht gedruckt: Die QR-Codes würden zu %(base)s führen, und diese Adresse erreichen nur Programme auf diesem "
    "Rechner, keine Smartphones. Starten Sie den Server mit --host 0.0.0.0 (dann gilt die Adresse dieses Rechners "
    "im WLAN) oder setzen Sie WELTCAFE_BASE_URL auf die öffentliche Adresse des Servers."
)


class DownloadForm(forms.Form):
    download = forms.ChoiceField(
        label=gettext_lazy("Dokument"),
        choices=[(KIT, KIT), (KIT_ZIP, KIT_ZIP), *((name, name) for name in DOCUMENTS)],
    )
    badges = forms.ChoiceField(
        label=gettext_lazy("Namensschilder"),
        choices=[
            ("a6", gettext_lazy("A6, ein Schild je Seite (für Namensschildhüllen A6)")),
            ("a4", gettext_lazy("A4, vier Schilder je Blatt mit Schnittmarken")),
        ],
        initial="a6",
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Sprache der Unterlagen"),
        choices=Language.choices,
        initial=Language.DE,
        widget=forms.RadioSelect,
    )

    def options(self) -> KitOptions:
        download = self.cleaned_data["download"]
        documents = DOCUMENTS if download in (KIT, KIT_ZIP) else (download,)
        return KitOptions(
            documents=documents, badge_layout=self.cleaned_data["badges"], language=self.cleaned_data["language"]
        )


@cafe_view
def print_kit(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    has_seats = Seat.objects.filter(round__cafe=cafe).exists()
    base_url = base_url_for(request)
    titles = document_titles()
    context = {
        "event": event,
        "cafe": cafe,
        "form": DownloadForm(initial={"badges": "a6", "language": "de"}),
        "has_seats": has_seats,
        "has_tables": cafe.tables.exists(),
        "documents": [
            {"name": name, "title": titles[name], "needs_seats": name in NEED_SEATS, "description": description}
            for name, description in _descriptions(event, cafe).items()
        ],
        "base_url": base_url,
        "base_url_is_loopback": is_loopback(base_url),
        # Their badges would say "Kein fester Platz": said here before printing, not found at the door.
        "without_seat": without_seat(cafe) if has_seats else [],
    }
    return render(request, "print_kit/print_kit.html", context)


def _descriptions(event: Event, cafe: Cafe) -> dict[str, str]:
    tables = cafe.tables.count()
    topics = cafe.topics.count()
    people = event.participants.count()
    return {
        "run_sheet": _("Programm, Runden und Tischplan für die Moderation"),
        "signs": _("%(count)s Tischaufsteller (A4 quer, zum Falten)") % {"count": tables},
        "host_sheets": _("%(count)s Gastgeberbögen (A4, einer je Thema)") % {"count": topics},
        "badges": _("%(count)s Namensschilder mit persönlichem Weg und QR-Code") % {"count": people},
    }


@cafe_view
def print_kit_download(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    form = DownloadForm(data=request.GET)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie ein Dokument, das Format der Namensschilder und die Sprache."))
        return redirect("orga:print_kit", slug=event.slug)
    options = form.options()
    download = form.cleaned_data["download"]
    base_url = base_url_for(request)
    if is_loopback(base_url):
        # Paper cannot be corrected: QR codes to 127.0.0.1 would send every phone in the room to itself.
        messages.error(request, LOOPBACK_REFUSAL % {"base": base_url})
        return redirect("orga:print_kit", slug=event.slug)
    try:
        if download == KIT_ZIP:
            content = kit_render.render_kit_zip(event=event, cafe=cafe, base_url=base_url, options=options)
            name, content_type = kit_render.file_name(event, None, options.language, "zip"), "application/zip"
        else:
            content = kit_render.render_kit(event=event, cafe=cafe, base_url=base_url, options=options)
            document = None if download == KIT else download
            name, content_type = kit_render.file_name(event, document, options.language), "application/pdf"
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("orga:print_kit", slug=event.slug)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
