"""The harvest pages: organisers (all topics) and table hosts (their own topic, through their personal link).

Both see the same page and make the same edits; only organisers open and close votes and ask for drafts.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from weltcafe.cafe.access import HarvestAccess, cafe_view, harvest_access_for_host, harvest_access_for_organiser
from weltcafe.cafe.forms import BallotForm, SelectionForm, ThemeEditForm
from weltcafe.cafe.live.links import wall_path
from weltcafe.cafe.live.payloads import tally_payload
from weltcafe.cafe.models import Ballot, Cafe
from weltcafe.cafe.queries import board as boards
from weltcafe.cafe.services import drafts, summaries, voting
from weltcafe.cafe.services import harvest as runs
from weltcafe.cafe.services import themes as editing
from weltcafe.common.throttle import RateLimit
from weltcafe.events.access import personal_link_view
from weltcafe.events.models import Event
from weltcafe.synthesis.text import majority_language

HARVEST_RUNS = RateLimit(name="harvest-run", limit=10, window_seconds=300)
# A host's runs count apart, per host: a host link (or a photo of its badge) never spends the organiser's runs.
HOST_HARVEST_RUNS = RateLimit(name="harvest-run-host", limit=5, window_seconds=300)


# ------------------------------------------------------------------------------------------------------ pages
def _page_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _overview(request: HttpRequest, access: HarvestAccess, event: Event) -> HttpResponse:
    board = summaries.shown_in(boards.cafe_board(access.cafe, topic_ids=set(access.topic_ids)), _page_language())
    if any(topic_board.new for topic_board in board.topics):
        # Whoever opens this page is about to press "Auswerten": the new ideas are embedded meanwhile.
        runs.prepare_embeddings_soon(access.cafe.pk)
    for topic_board in board.topics:
        topic_board.url = access.topic_url(topic_board.topic.pk)
    context = {
        "event": event,
        "cafe": access.cafe,
        "access": access,
        "board": board,
        "wall_url": request.build_absolute_uri(wall_path(access.cafe)),
    }
    return render(request, "harvest/overview.html", context)


def _topic_page(request: HttpRequest, access: HarvestAccess, event: Event, topic_id: int) -> HttpResponse:
    topic = access.topic(topic_id)
    cafe_board = summaries.shown_in(boards.cafe_board(access.cafe, topic_ids={topic.pk}), _page_language())
    board, run = cafe_board.topics[0], cafe_board.run
    open_ballot = board.open_ballot
    tally = {}
    if open_ballot or board.ballots:
        shown = open_ballot or board.ballots[0]
        tally = tally_payload(shown)["tally"]
    context = {
        "event": event,
        "cafe": access.cafe,
        "access": access,
        "topic": topic,
        "board": board,
        "run": run,
        "edit_url": access.edit_url(topic.pk),
        "choices": [(card.theme.pk, card.theme.label) for card in board.themes + board.hidden],
        "tally": tally,
        "ballot_kinds": Ballot.Kind.choices,
        "draft": (run.drafts.get(str(topic.pk)) if run else None),
        "drafts_enabled": drafts.enabled(),
        "undo_merge": [
            other["fields"]["label"] for other in request.session.get(_undo_key(topic.pk), {}).get("others", [])
        ],
    }
    return render(request, "harvest/topic.html", context)


@cafe_view
def orga_overview(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    return _overview(request, harvest_access_for_organiser(event, cafe), event)


@cafe_view
def orga_topic(request: HttpRequest, event: Event, cafe: Cafe, topic_id: int) -> HttpResponse:
    return _topic_page(request, harvest_access_for_organiser(event, cafe), event, topic_id)


@never_cache
@personal_link_view(page=True)
def host_overview(request: HttpRequest, token: str) -> HttpResponse:
    access = harvest_access_for_host(token)
    if len(access.topic_ids) == 1:
        return redirect(access.topic_url(next(iter(access.topic_ids))))
    return _overview(request, access, access.cafe.event)


@never_cache
@personal_link_view(page=True)
def host_topic(request: HttpRequest, token: str, topic_id: int) -> HttpResponse:
    access = harvest_access_for_host(token)
    return _topic_page(request, access, access.cafe.event, topic_id)


# ------------------------------------------------------------------------------------------------------ actions
def _run(request: HttpRequest, access: HarvestAccess) -> HttpResponse:
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = access.overview_url()  # only paths of this site: never an open redirect
    if access.is_organiser:
        limit, key = HARVEST_RUNS, f"cafe:{access.cafe.pk}"
    else:
        limit, key = HOST_HARVEST_RUNS, f"host:{access.host_id}"
    if limit.hit(key) > limit.limit:
        messages.error(request, _("Sehr viele Auswertungen in kurzer Zeit – bitte warten Sie einen Moment."))
        return redirect(back)
    try:
        if access.is_organiser:
            run = runs.run_harvest(cafe=access.cafe)
            ideas, seconds = run.method.get("ideas", 0), run.method.get("seconds", 0.0)
        else:  # a host: their own topics only
            result = runs.run_topics_harvest(cafe=access.cafe, topic_ids=access.topic_ids)
            ideas, seconds = runs.idea_count(result), result.method.seconds
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Ausgewertet: %(ideas)s Ideen in %(seconds).1f s.") % {"ideas": ideas, "seconds": seconds}
        )
    return redirect(back)


def _checked(form: SelectionForm) -> dict:
    if not form.is_valid():
        raise ValidationError(list(form.non_field_errors()) or form.selection_error())
    return form.cleaned_data


def _undo_key(topic_id: int) -> str:
    return f"weltcafe-harvest-undo-merge-{topic_id}"


def _edit(request: HttpRequest, access: HarvestAccess, topic_id: int) -> HttpResponse:
    topic = access.topic(topic_id)
    anchor = ""
    try:
        data = _checked(ThemeEditForm(data=request.POST))
        action = data["action"]
        if action == "rename":
            theme = editing.rename_theme(topic=topic, theme_id=data["theme"], label=data["label"])
            anchor, done = f"theme-{theme.pk}", _("Umbenannt in „%(label)s“.") % {"label": theme.label}
        elif action in ("hide", "show"):
            theme = editing.set_theme_hidden(topic=topic, theme_id=data["theme"], hidden=action == "hide")
            done = _("Ausgeblendet.") if action == "hide" else _("Wieder sichtbar.")
        elif action == "merge":
            record = editing.merge_record(topic=topic, keep_id=data["theme"], merge_ids=data["merge"])
            theme = editing.merge_themes(topic=topic, keep_id=data["theme"], merge_ids=data["merge"])
            # One step back, for whoever merged (organiser or host), on this topic's page.
            request.session[_undo_key(topic.pk)] = record
            anchor, done = f"theme-{theme.pk}", _("Zusammengeführt.")
        elif action == "undo_merge":
            record = request.session.pop(_undo_key(topic.pk), None)
            if record is None:
                raise ValidationError(_("Es gibt kein Zusammenführen, das sich rückgängig machen ließe."))
            restored = editing.undo_merge(topic=topic, record=record)
            anchor = f"theme-{restored[0].pk}" if restored else ""
            done = _("Zusammenführen rückgängig gemacht.")
        elif action == "split":
            theme = editing.split_theme(
                topic=topic, theme_id=data["theme"], idea_ids=data["ideas"], label=data["label"]
            )
            anchor, done = f"theme-{theme.pk}", _("Neues Themencluster „%(label)s“ angelegt.") % {"label": theme.label}
        elif action == "move":
            idea = editing.move_idea(topic=topic, idea_id=data["idea"], theme_id=data["target_theme"])
            anchor, done = (f"theme-{idea.theme_id}" if idea.theme_id else "rest"), _("Idee verschoben.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(access.topic_url(topic.pk) + (f"#{anchor}" if anchor else ""))


@require_POST
@cafe_view
def orga_run(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    return _run(request, harvest_access_for_organiser(event, cafe))


@require_POST
@cafe_view
def orga_edit(request: HttpRequest, event: Event, cafe: Cafe, topic_id: int) -> HttpResponse:
    return _edit(request, harvest_access_for_organiser(event, cafe), topic_id)


@require_POST
@personal_link_view()
def host_run(request: HttpRequest, token: str) -> HttpResponse:
    return _run(request, harvest_access_for_host(token))


@require_POST
@personal_link_view()
def host_edit(request: HttpRequest, token: str, topic_id: int) -> HttpResponse:
    return _edit(request, harvest_access_for_host(token), topic_id)


@require_POST
@cafe_view
def orga_ballot(request: HttpRequest, event: Event, cafe: Cafe, topic_id: int) -> HttpResponse:
    access = harvest_access_for_organiser(event, cafe)
    topic = access.topic(topic_id)
    try:
        data = _checked(BallotForm(data=request.POST))
        if data["action"] == "close":
            ballot = topic.ballots.filter(pk=data["ballot"]).first()
            if ballot is None:
                raise ValidationError(_("Diese Abstimmung gibt es nicht."))
            voting.close_ballot(ballot=ballot)
            messages.success(request, _("Abstimmung geschlossen."))
        else:
            voting.open_ballot(
                topic=topic,
                kind=data["kind"],
                dots_per_person=data["dots_per_person"],
                max_per_option=data["max_per_option"],
            )
            messages.success(request, _("Abstimmung geöffnet: Die Telefone zeigen sie jetzt."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(access.topic_url(topic.pk) + "#voting")


@require_POST
@cafe_view
def orga_draft(request: HttpRequest, event: Event, cafe: Cafe, topic_id: int) -> HttpResponse:
    access = harvest_access_for_organiser(event, cafe)
    topic = access.topic(topic_id)
    board = boards.cafe_board(cafe, topic_ids={topic.pk}).topics[0]
    language = majority_language([card.theme.language for card in board.themes])
    try:
        drafts.draft_for_topic(board=board, language=language)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Entwurf ist da – bitte prüfen Sie ihn vor jeder Verwendung."))
    return redirect(access.topic_url(topic.pk) + "#draft")
