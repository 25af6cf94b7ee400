"""An optional abstractive draft of a topic's summary by a language model behind an OpenAI-compatible API.

Off unless WELTCAFE_LLM_URL is set (e.g. a local Ollama or llama.cpp server: http://127.0.0.1:11434/v1). The
draft is stored beside the extractive summary and shown as a draft with its sources; it never replaces a label,
a theme or anything people wrote. Only the ideas' texts and the theme labels leave the server — no names.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe.cafe.models import HarvestRun
from weltcafe.cafe.queries.board import TopicBoard

EXAMPLES_PER_THEME = 5
CITATION = re.compile(r"\[#(\d+)\]")


def enabled() -> bool:
    return bool(settings.WELTCAFE_LLM_URL)


def _prompt(board: TopicBoard, language: str) -> tuple[list[dict], list[int]]:
    sources: list[int] = []
    lines = []
    for card in board.ranked:
        lines.append(f"## {card.theme.label} ({card.size} ideas, {card.votes} votes)")
        for idea in card.ideas[:EXAMPLES_PER_THEME]:
            lines.append(f"- [#{idea.pk}] {idea.text}")
            sources.append(idea.pk)
    instruction = (
        "Schreibe eine kurze Zusammenfassung (3 bis 5 Sätze, Deutsch) für das Plenum einer Netzwerkveranstaltung. "
        "Nutze nur, was in den Ideen steht. Belege jede Aussage mit den Nummern der Ideen im Format [#12]."
        if language == "de"
        else "Write a short summary (3 to 5 sentences, English) for the plenary of a network meeting. Use only "
        "what the ideas say. Support every statement with the ideas' numbers in the form [#12]."
    )
    user = f"{instruction}\n\nTopic: {board.topic.title}\nGuiding question: {board.topic.guiding_question}\n\n"
    return [
        {"role": "system", "content": "You summarise workshop results faithfully and briefly."},
        {"role": "user", "content": user + "\n".join(lines)},
    ], sources


def request_draft(board: TopicBoard, *, language: str = "de") -> dict:
    """Ask the configured model; returns {"text", "sources", "cited", "model", "at"} or raises ValidationError."""
    if not enabled():
        raise ValidationError(_("Es ist kein Sprachmodell eingerichtet (WELTCAFE_LLM_URL)."))
    if not board.themes:
        raise ValidationError(_("Bitte werten Sie zuerst aus – es gibt noch keine Themencluster."))
    messages, sources = _prompt(board, language)
    body = json.dumps(
        {"model": settings.WELTCAFE_LLM_MODEL or "default", "messages": messages, "temperature": 0.2}
    ).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if settings.WELTCAFE_LLM_API_KEY:
        headers["Authorization"] = f"Bearer {settings.WELTCAFE_LLM_API_KEY}"
    url = settings.WELTCAFE_LLM_URL.rstrip("/") + "/chat/completions"
    if not url.startswith(("http://", "https://")):
        raise ValidationError(_("WELTCAFE_LLM_URL muss mit http:// oder https:// beginnen."))
    # The scheme is checked above, so urllib cannot be pointed at file: or custom schemes.
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.WELTCAFE_LLM_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
        text = str(answer["choices"][0]["message"]["content"]).strip()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ValidationError(
            _("Das Sprachmodell ist nicht erreichbar (%(reason)s). Die Auswertung bleibt unverändert.")
            % {"reason": getattr(error, "reason", error)}
        ) from error
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ValidationError(_("Das Sprachmodell hat keine lesbare Antwort geschickt.")) from error
    if not text:
        raise ValidationError(_("Das Sprachmodell hat keine lesbare Antwort geschickt."))
    cited = [int(number) for number in CITATION.findall(text) if int(number) in set(sources)]
    return {
        "text": text[:4000],
        "sources": sources,
        "cited": list(dict.fromkeys(cited)),
        "model": answer.get("model") or settings.WELTCAFE_LLM_MODEL,
        "at": timezone.now().isoformat(),
    }


def draft_for_topic(board: TopicBoard, *, language: str = "de") -> dict:
    """Request a draft (outside any transaction: it may take a minute) and store it on the café's harvest run."""
    draft = request_draft(board, language=language)
    with transaction.atomic():
        run = HarvestRun.objects.select_for_update().filter(cafe_id=board.topic.cafe_id).first()
        if run is None:
            raise ValidationError(_("Bitte werten Sie zuerst aus – es gibt noch keine Themencluster."))
        run.drafts = {**run.drafts, str(board.topic.pk): draft}
        run.save(update_fields=["drafts"])
    return draft
