"""Extractive plenary summaries: sentences built from themes, sizes, votes and quoted ideas.

Nothing is generated freely: each sentence is a fixed German or English frame filled with counts, labels and
the text of a real idea, and carries the ids of the ideas it rests on, so a screen can show the sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from weltcafe.synthesis.model import CrossTopicTheme, Sentence, Summary, Theme

MAX_THEMES_PER_TOPIC = 5
MAX_THEMES_CAFE = 3
QUOTE_LENGTH = 160
# In German "Thema" is the table's topic; what the harvest forms inside it is a "Themencluster", as on every page.
_THEMA = ("Themencluster", "Themencluster")
_THEME = ("theme", "themes")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _quote(text: str, language: str) -> str:
    text = text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return f"„{text}“" if language == "de" else f"“{text}”"


def _ranked(themes: Sequence[Theme]) -> list[Theme]:
    # Votes first (what the room chose), then size (what many wrote), then label for a stable order.
    return sorted(themes, key=lambda theme: (-theme.votes, -theme.size, theme.label))


def _example(theme: Theme, texts: Mapping[int, str]) -> int:
    """The idea to quote: the most central one that uses the label's words, else the most central one."""
    words = [word.lower() for word in theme.label.split() if len(word) > 3]
    for idea in theme.idea_ids:
        if words and all(word in texts[idea].lower() for word in words):
            return idea
    return theme.representatives[0] if theme.representatives else theme.idea_ids[0]


def _theme_sentence(theme: Theme, texts: Mapping[int, str], language: str, *, topic_name: str = "") -> Sentence:
    example = _example(theme, texts)
    quote = _quote(texts[example], language)
    repeated = next((len(group) for group in theme.duplicates if example in group), 0)
    if repeated:
        quote += f" ({repeated}-mal genannt)" if language == "de" else f" (mentioned {repeated} times)"
    if language == "de":
        counts = _count(theme.size, "Idee", "Ideen")
        if theme.votes:
            counts += ", " + _count(theme.votes, "Stimme", "Stimmen")
        where = f" (Thema {topic_name})" if topic_name else ""
        text = f"{_quote(theme.label, language)}{where}, {counts}: zum Beispiel {quote}."
    else:
        counts = _count(theme.size, "idea", "ideas")
        if theme.votes:
            counts += ", " + _count(theme.votes, "vote", "votes")
        where = f" (topic {topic_name})" if topic_name else ""
        text = f"{_quote(theme.label, language)}{where}, {counts}: for example {quote}."
    return Sentence(text=text.replace(".“.", ".“").replace(".”.", ".”"), idea_ids=theme.idea_ids)


def _duplicate_sentence(theme: Theme, texts: Mapping[int, str], language: str) -> Sentence | None:
    example = _example(theme, texts)
    others = [group for group in theme.duplicates if example not in group]
    if not others:
        return None
    group = max(others, key=len)
    quote = _quote(texts[group[0]], language)
    if language == "de":
        text = f"Mehrfach genannt ({len(group)}-mal): {quote}."
    else:
        text = f"Mentioned {len(group)} times: {quote}."
    return Sentence(text=text.replace(".“.", ".“").replace(".”.", ".”"), idea_ids=group)


def topic_summary(
    topic: str, themes: Sequence[Theme], rest: Sequence[int], texts: Mapping[int, str], language: str
) -> Summary:
    all_ids = tuple(sorted({idea for theme in themes for idea in theme.idea_ids} | set(rest)))
    name = f" zu {_quote(topic, 'de')}" if topic else ""
    name_en = f" on {_quote(topic, 'en')}" if topic else ""
    if language == "de":
        opening = f"{_count(len(all_ids), 'Idee', 'Ideen')}{name}, geordnet in {_count(len(themes), *_THEMA)}."
    else:
        opening = f"{_count(len(all_ids), 'idea', 'ideas')}{name_en}, grouped into {_count(len(themes), *_THEME)}."
    sentences = [Sentence(text=opening, idea_ids=all_ids)]
    for theme in _ranked(themes)[:MAX_THEMES_PER_TOPIC]:
        sentences.append(_theme_sentence(theme, texts, language))
        duplicate = _duplicate_sentence(theme, texts, language)
        if duplicate is not None:
            sentences.append(duplicate)
    if rest:
        one = len(rest) == 1
        if language == "de":
            text = (f"{_count(len(rest), 'Idee passt', 'Ideen passen')} zu keinem Thema und "
                    f"{'wird' if one else 'werden'} einzeln gezeigt.")
        else:
            text = (f"{_count(len(rest), 'idea fits', 'ideas fit')} no theme and "
                    f"{'is' if one else 'are'} shown on {'its' if one else 'their'} own.")
        sentences.append(Sentence(text=text, idea_ids=tuple(rest)))
    return Summary(topic=topic, language=language, sentences=tuple(sentences))


def cafe_summary(
    topics: Sequence[str],
    themes: Sequence[Theme],
    rest: Sequence[int],
    cross_topic: Sequence[CrossTopicTheme],
    texts: Mapping[int, str],
    language: str,
    *,
    titles: Mapping[str, str] | None = None,
) -> Summary:
    """`topics` are the names to count; a theme's or link's topic key is named through `titles` (the key itself
    when it has no entry)."""
    titles = titles or {}
    all_ids = tuple(sorted({idea for theme in themes for idea in theme.idea_ids} | set(rest)))
    named = [topic for topic in topics if topic]
    if language == "de":
        where = f" an {_count(len(named), 'Thementisch', 'Thementischen')}" if named else ""
        opening = (f"Im Café kamen {_count(len(all_ids), 'Idee', 'Ideen')}{where} zusammen, "
                   f"in {_count(len(themes), *_THEMA)}.")
    else:
        where = f" at {_count(len(named), 'topic table', 'topic tables')}" if named else ""
        opening = (f"The café collected {_count(len(all_ids), 'idea', 'ideas')}{where}, "
                   f"in {_count(len(themes), *_THEME)}.")
    sentences = [Sentence(text=opening, idea_ids=all_ids)]
    for theme in _ranked(themes)[:MAX_THEMES_CAFE]:
        name = titles.get(theme.topic, theme.topic) if len(named) > 1 else ""
        sentences.append(_theme_sentence(theme, texts, language, topic_name=name))
    for link in cross_topic:
        ids = tuple(sorted({idea for theme_id in link.theme_ids for idea in themes[theme_id].idea_ids}))
        names = [titles.get(topic, topic) for topic in link.topics]
        listing = ", ".join(names[:-1]) + (f" {'und' if language == 'de' else 'and'} " + names[-1])
        if language == "de":
            text = f"{_quote(link.label, language)} kam an mehreren Tischen vor: {listing}."
        else:
            text = f"{_quote(link.label, language)} came up at several tables: {listing}."
        sentences.append(Sentence(text=text, idea_ids=ids))
    return Summary(topic=None, language=language, sentences=tuple(sentences))
