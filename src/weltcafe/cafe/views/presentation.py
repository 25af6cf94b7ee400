"""The plenary presentation: one full-screen slide per topic, keyboard and clicker, printable as a PDF."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from weltcafe.cafe.access import cafe_view
from weltcafe.cafe.models import Cafe
from weltcafe.cafe.queries import board as boards
from weltcafe.cafe.services import summaries
from weltcafe.events.models import Event

THEMES_PER_SLIDE = 6


@cafe_view
def presentation(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    # The summaries in the language the slides are shown in (written anew when the ideas' language differs).
    board = summaries.shown_in(boards.cafe_board(cafe), translation.get_language() or settings.LANGUAGE_CODE)
    slides = []
    for topic_board in board.topics:
        ranked = topic_board.ranked[:THEMES_PER_SLIDE]
        top = max([card.votes for card in ranked] + [1])
        slides.append(
            {
                "board": topic_board,
                "themes": [{"card": card, "share": round(100 * card.votes / top)} for card in ranked],
                "more": max(0, len(topic_board.themes) - THEMES_PER_SLIDE),
            }
        )
    context = {"event": event, "cafe": cafe, "board": board, "slides": slides, "print": request.GET.get("print") == "1"}
    return render(request, "harvest/presentation.html", context)
