"""The plenary summaries, computed once per change and stored: one per topic (`Topic.summary`) and one for the
café (`Cafe.summary`). Every write that changes what they rest on — a harvest run, an edit of the themes, a ballot
opened or closed, an idea hidden, edited, merged or restored — ends with `refresh_summaries`; the pages, the
presentation and the report read the stored text back (`cafe.queries.board`). Ideas that arrive after a run are
not in a summary until the next run groups them: the board lists them as new.
"""

from __future__ import annotations

from dataclasses import asdict

from weltcafe import synthesis
from weltcafe.cafe.models import Cafe, Topic
from weltcafe.cafe.queries.board import CafeBoard, TopicBoard, cafe_board
from weltcafe.synthesis.summary import cafe_summary, topic_summary
from weltcafe.synthesis.text import majority_language


def _as_synthesis(board: TopicBoard) -> list[synthesis.Theme]:
    themes = []
    for card in board.themes:
        ids = tuple(idea.pk for idea in card.ideas)
        themes.append(
            synthesis.Theme(
                topic=str(board.topic.pk),  # the key, as in the harvest's input; names come from `titles`
                label=card.theme.label,
                language=card.theme.language,
                idea_ids=ids,
                representatives=tuple(idea.pk for idea in card.examples),
                duplicates=tuple(tuple(g) for g in card.theme.duplicates if len([i for i in g if i in ids]) >= 2),
                keywords=tuple(card.theme.keywords),
                votes=card.votes,
            )
        )
    return themes


def _stored(summary: synthesis.Summary | None) -> dict:
    return asdict(summary) if summary is not None else {}


def topic_summary_in(board: TopicBoard, texts: dict[int, str], language: str) -> synthesis.Summary | None:
    """A topic's summary in `language` (the report asks for the one it is written in); None without themes."""
    themes = _as_synthesis(board)
    if not themes:
        return None
    rest = [idea.pk for idea in board.rest + board.new]
    return topic_summary(board.topic.title, themes, rest, texts, language)


def _cafe_summary(
    board: CafeBoard, everything: list[synthesis.Theme], texts: dict[int, str], language: str
) -> synthesis.Summary:
    return cafe_summary(
        [topic_board.topic.title for topic_board in board.topics],
        everything,
        [idea.pk for topic_board in board.topics for idea in topic_board.rest + topic_board.new],
        [],
        texts,
        language,
        titles={str(topic_board.topic.pk): topic_board.topic.title for topic_board in board.topics},
    )


def shown_in(board: CafeBoard, language: str) -> CafeBoard:
    """The summaries as a page in `language` shows them. They are stored in the ideas' language; one in another
    language is written anew for the page (the ideas it quotes stay as people wrote them). Nothing is stored."""
    texts = {idea.pk: idea.text for topic in board.topics for idea in topic.all_ideas}
    for topic_board in board.topics:
        if topic_board.summary is not None and topic_board.summary.language != language:
            topic_board.summary = topic_summary_in(topic_board, texts, language) or topic_board.summary
    if board.summary is not None and board.summary.language != language:
        everything = [theme for topic_board in board.topics for theme in _as_synthesis(topic_board)]
        if everything:
            board.summary = _cafe_summary(board, everything, texts, language)
    return board


def refresh_summaries(*, cafe: Cafe) -> None:
    """Compute every topic's summary and the café's from the current (edited) themes and dots, and store them.
    Runs inside the caller's transaction, so a rolled-back edit leaves the summaries as they were."""
    board = cafe_board(cafe)
    texts = {idea.pk: idea.text for topic in board.topics for idea in topic.all_ideas}
    changed: list[Topic] = []
    per_topic: list[tuple[TopicBoard, list[synthesis.Theme]]] = []
    for topic_board in board.topics:
        themes = _as_synthesis(topic_board)
        per_topic.append((topic_board, themes))
        summary = None
        if themes:
            language = majority_language([theme.language for theme in themes])
            rest = [idea.pk for idea in topic_board.rest + topic_board.new]
            summary = topic_summary(topic_board.topic.title, themes, rest, texts, language)
        stored = _stored(summary)
        if topic_board.topic.summary != stored:
            topic_board.topic.summary = stored
            changed.append(topic_board.topic)
    Topic.objects.bulk_update(changed, ["summary"])
    everything = [theme for _board, themes in per_topic for theme in themes]
    summary = None
    if everything:
        summary = _cafe_summary(board, everything, texts, majority_language([t.language for t in everything]))
    stored = _stored(summary)
    if cafe.summary != stored:
        cafe.summary = stored
        Cafe.objects.filter(pk=cafe.pk).update(summary=stored)
