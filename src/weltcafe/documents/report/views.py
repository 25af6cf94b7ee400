"""The report's pages: the organiser's editor, preview, publishing and downloads; the public page and its files.

Organiser views go through `events.access.event_view` (login, organiser role, the event scoped to the user); the
public ones show only a published report of a published event (404 otherwise, for drafts too).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weltcafe.documents.models import EDITABLE_FIELDS, Report
from weltcafe.documents.report import queries, services
from weltcafe.documents.report import render as renderers
from weltcafe.documents.report.content import board_of, report_content
from weltcafe.documents.report.forms import ReportForm
from weltcafe.events.access import event_view
from weltcafe.events.models import Event
from weltcafe.events.vocabulary import Language

PUBLIC_FORMATS = ("pdf", "md")
ORGANISER_FORMATS = ("pdf", "docx", "md")
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "md": "Markdown"}


def _downloads(event: Event, *, public: bool) -> list[dict[str, str]]:
    """Download links for every format and language: the organiser's exports, or the public PDF and Markdown."""
    links = []
    for code, name in settings.LANGUAGES:
        for fmt in PUBLIC_FORMATS if public else ORGANISER_FORMATS:
            if public:
                url = reverse("public:report_download", kwargs={"slug": event.slug, "fmt": fmt})
            else:
                url = reverse("orga:report_export", kwargs={"slug": event.slug, "fmt": fmt})
            links.append({"url": f"{url}?lang={code}", "label": f"{FORMAT_NAMES[fmt]} · {name}", "lang": code})
    return links


def _language(request: HttpRequest) -> str:
    """`?lang=en` for an export in another language; otherwise the page's language."""
    wanted = request.GET.get("lang", "")
    return wanted if wanted in dict(settings.LANGUAGES) else (translation.get_language() or settings.LANGUAGE_CODE)


def _download(report: Report, fmt: str, language: str) -> HttpResponse:
    response = HttpResponse(renderers.export(report, fmt, language), content_type=renderers.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{renderers.filename(report, fmt, language)}"'
    response["Content-Language"] = language
    return response


def _topics(event: Event) -> list[tuple[int, str]]:
    board = board_of(event)
    return [(topic.topic.pk, topic.topic.title) for topic in board.topics] if board else []


def _editor(request: HttpRequest, event: Event, report: Report | None, form: ReportForm | None = None) -> HttpResponse:
    context: dict[str, object] = {
        "event": event, "report": report, "form": form, "downloads": _downloads(event, public=False),
        "languages": Language.choices,
    }
    if report is not None:
        form = form or ReportForm(report=report, topics=_topics(event))
        content = report_content(report)
        sections = {topic.topic_id: topic for topic in content.topics}
        context.update(
            form=form,
            content=content,
            edited={name: report.is_edited(name) for name in EDITABLE_FIELDS},
            topic_rows=[
                {
                    "field": field,
                    "name": f"topic:{topic_id}",
                    "themes": sections[topic_id].themes if topic_id in sections else (),
                    "edited": report.topic_is_edited(topic_id),
                    "generated": report.topic_texts[str(topic_id)].get("generated", ""),
                }
                for topic_id, field in form.topic_fields()
            ],
        )
    return render(request, "report/editor.html", context)


@event_view
def report_editor(request: HttpRequest, event: Event) -> HttpResponse:
    report = queries.report_of(event)
    if request.method != "POST":
        return _editor(request, event, report)
    if report is None:
        raise Http404("report")
    form = ReportForm(data=request.POST, report=report, topics=_topics(event))
    if not form.is_valid():
        return _editor(request, event, report, form)
    try:
        services.update_report(report=report, texts=form.texts())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _editor(request, event, report, form)
    messages.success(request, _("Der Bericht wurde gespeichert."))
    return redirect("orga:report", slug=event.slug)


@require_POST
@event_view
def report_generate(request: HttpRequest, event: Event) -> HttpResponse:
    existed = queries.report_of(event) is not None
    chosen = request.POST.get("language") or None
    try:
        _report, kept = services.generate_report(event=event, language=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("orga:report", slug=event.slug)
    if not existed:
        messages.success(
            request, _("Der Bericht wurde aus der Veranstaltung erzeugt. Sie können jetzt alle Texte bearbeiten.")
        )
    elif kept:
        messages.success(
            request,
            _("Der Bericht wurde neu erzeugt. %(count)s von Ihnen bearbeitete Texte sind unverändert geblieben.")
            % {"count": len(kept)},
        )
    else:
        messages.success(request, _("Der Bericht wurde neu erzeugt."))
    return redirect("orga:report", slug=event.slug)


@require_POST
@event_view
def report_reset(request: HttpRequest, event: Event) -> HttpResponse:
    report = queries.report_for_organiser(event)
    try:
        services.reset_text(report=report, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Vorschlag wurde übernommen."))
    return redirect("orga:report", slug=event.slug)


@require_POST
@event_view
def report_publish(request: HttpRequest, event: Event) -> HttpResponse:
    report = queries.report_for_organiser(event)
    if request.POST.get("action") == "unpublish":
        services.unpublish_report(report=report)
        messages.success(request, _("Der Bericht ist nicht mehr öffentlich."))
    else:
        services.publish_report(report=report)
        if event.is_public:
            messages.success(request, _("Der Bericht ist veröffentlicht."))
        else:
            messages.warning(
                request,
                _(
                    "Der Bericht ist freigegeben; öffentlich sichtbar wird er, sobald die Veranstaltung "
                    "veröffentlicht ist."
                ),
            )
    return redirect("orga:report", slug=event.slug)


@event_view
def report_preview(request: HttpRequest, event: Event) -> HttpResponse:
    report = queries.report_for_organiser(event)
    context = {
        "content": report_content(report),
        "report": report,
        "event": event,
        "preview": True,
        "downloads": _downloads(event, public=False),
    }
    return render(request, "report/page.html", context)


@event_view
def report_export(request: HttpRequest, event: Event, fmt: str) -> HttpResponse:
    if fmt not in ORGANISER_FORMATS:
        raise Http404("format")
    return _download(queries.report_for_organiser(event), fmt, _language(request))


def public_report_page(request: HttpRequest, slug: str) -> HttpResponse:
    report = queries.public_report(slug)
    context = {
        "content": report_content(report),
        "report": report,
        "event": report.event,
        "preview": False,
        "downloads": _downloads(report.event, public=True),
    }
    return render(request, "report/page.html", context)


def public_report_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in PUBLIC_FORMATS:
        raise Http404("format")
    return _download(queries.public_report(slug), fmt, _language(request))
