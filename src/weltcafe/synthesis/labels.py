"""Theme labels: a real phrase taken from the ideas, not a bag of stems.

Keywords are the lemmas (with German compound parts) that set a theme apart from the other themes of its topic
(class-based TF-IDF). Candidate labels are spans of 2–4 consecutive words inside one clause of a member idea
that neither start nor end with a function word ("Ausbau der Bahn", "Tempolimit auf Autobahnen"). A span scores
by the keyword weight of its words and by how many members contain it (matched on lemmas, so "Radwege" and
"Radwegen" count together); the most frequent written form is shown. When no span of two or more words is shared,
the label joins the two strongest keywords ("Fleisch und Landwirtschaft").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from weltcafe.synthesis.text import Token, tokens

_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\"„“”«»/]|\s[-–]\s")
_MAX_SPAN = 4
_LENGTH_WEIGHT = {1: 0.55, 2: 1.0, 3: 0.95, 4: 0.8}
_AND = {"de": "und", "en": "and"}
_FEMININE_ENDINGS = ("ion", "ung", "heit", "keit", "schaft", "tät", "ik", "ur", "ei")
_ADJECTIVE_ENDINGS = ("bar", "lich", "isch", "ig", "al", "iv", "end", "los", "sam", "haft")


@dataclass(frozen=True)
class LabelledIdea:
    text: str
    language: str
    tokens: tuple[Token, ...]

    @classmethod
    def of(cls, text: str, language: str) -> LabelledIdea:
        return cls(text=text, language=language, tokens=tuple(tokens(text, language)))

    def lemma_set(self) -> frozenset[str]:
        found = set()
        for token in self.tokens:
            if not token.stop:
                found.add(token.lemma)
                found.update(token.parts)
        return frozenset(found)


def keyword_weights(themes: Sequence[Sequence[LabelledIdea]]) -> list[dict[str, float]]:
    """Class-based TF-IDF of lemmas: share of a theme's ideas that use a lemma × how rare it is in the topic."""
    sets = [[idea.lemma_set() for idea in theme] for theme in themes]
    topic_df: Counter[str] = Counter()
    for theme in sets:
        for lemmas in theme:
            topic_df.update(lemmas)
    total = sum(len(theme) for theme in sets) or 1
    weights = []
    for theme in sets:
        theme_df: Counter[str] = Counter()
        for lemmas in theme:
            theme_df.update(lemmas)
        size = len(theme) or 1
        weights.append(
            {lemma: (count / size) * math.log(1 + total / topic_df[lemma]) for lemma, count in theme_df.items()}
        )
    return weights


def _spans(idea: LabelledIdea) -> list[tuple[tuple[str, ...], str, tuple[Token, ...], bool]]:
    """(lemma key, written form, tokens, opens a clause) of every candidate span of one idea."""
    text = idea.text
    positions = []
    search_from = 0
    for token in idea.tokens:
        start = text.find(token.surface, search_from)
        positions.append((start, start + len(token.surface)))
        search_from = start + len(token.surface)
    found = []
    for first in range(len(idea.tokens)):
        if idea.tokens[first].stop:
            continue
        before = text[positions[first - 1][1] : positions[first][0]] if first else ""
        opens = first == 0 or bool(_CLAUSE_BREAK.search(before))
        for last in range(first, min(first + _MAX_SPAN, len(idea.tokens))):
            if last > first and _CLAUSE_BREAK.search(text[positions[last - 1][1] : positions[last][0]]):
                break
            span = idea.tokens[first : last + 1]
            if span[-1].stop:
                continue
            key = tuple(token.lemma for token in span)
            found.append((key, text[positions[first][0] : positions[last][1]], span, opens))
    return found


def _nouns(ideas: Sequence[LabelledIdea]) -> set[str]:
    """German lemmas written capitalised inside a sentence more often than not (i.e. nouns)."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for idea in ideas:
        for position, token in enumerate(idea.tokens):
            if position == 0 or token.stop:
                continue
            (upper if token.surface[:1].isupper() else lower)[token.lemma] += 1
    return {lemma for lemma, count in upper.items() if count > lower[lemma]}


def _nominative(form: str, span: tuple[Token, ...], nouns: set[str] | None) -> str:
    """German adjective + plural noun in a dative or after an article ("erneuerbaren Energien") becomes the
    nominative plural a label needs ("erneuerbare Energien"). Anything else is left as written."""
    if nouns is None or len(span) != 2:
        return form
    adjective, noun = span
    words = form.split()
    # "Erneuerbare Energien" is often capitalised like a name, so a typical adjective ending also counts.
    looks_adjectival = adjective.lemma not in nouns or adjective.lemma.rstrip("e").endswith(_ADJECTIVE_ENDINGS)
    # Nominative plurals "Energien", "Flächen", "Subventionen"; not a dative "Rohstoffen" (that one stays).
    written = words[-1].lower()
    is_plural_noun = noun.lemma in nouns and (
        written == noun.lemma + "n" or (written == noun.lemma + "en" and noun.lemma.endswith(_FEMININE_ENDINGS))
    )
    if len(words) == 2 and looks_adjectival and is_plural_noun and words[0].lower().endswith("en"):
        return f"{words[0][:-1]} {words[1]}"
    return form


# Finite auxiliary and modal verbs: a span holding one is part of a sentence, not a name for a theme.
_FINITE_DE_WORDS = """
kann können könnte könnten muss müssen müsste müssten soll sollen sollte sollten wird werden würde würden
ist sind war waren hat haben hatte hatten darf dürfen dürfte will wollen wollte möchte möchten gibt
"""
_FINITE_DE = frozenset(_FINITE_DE_WORDS.split())


def _display(form: str) -> str:
    return form[:1].upper() + form[1:]


def label_theme(
    members: Sequence[LabelledIdea], weights: dict[str, float], language: str, taken: set[tuple[str, ...]]
) -> tuple[str, tuple[str, ...]]:
    """(label, keywords) for one theme; `taken` holds the lemma keys of labels already given in the topic."""
    keywords = tuple(lemma for lemma, _ in sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:5])
    in_language = [idea for idea in members if idea.language == language] or list(members)
    ideas_with: Counter[tuple[str, ...]] = Counter()
    forms: dict[tuple[str, ...], Counter[str]] = {}
    span_tokens: dict[tuple[str, ...], tuple[Token, ...]] = {}
    for idea in in_language:
        seen = set()
        for key, form, span, opens in _spans(idea):
            # A phrase that opens a clause is usually in the nominative ("Thermische Sanierung fördern"), the
            # form a label needs; elsewhere it is often inflected ("bei thermischer Sanierung").
            forms.setdefault(key, Counter())[form] += 3 if opens else 1
            span_tokens.setdefault(key, span)
            seen.add(key)
        ideas_with.update(seen)
    top = max(weights.values(), default=0.0) or 1.0

    def token_weight(token: Token) -> float:
        return max([weights.get(token.lemma, 0.0)] + [weights.get(part, 0.0) for part in token.parts])

    def score(key: tuple[str, ...]) -> float:
        content = [token_weight(token) for token in span_tokens[key] if not token.stop]
        # Every content word must carry the theme: a weak word ("sofort", "besonders") sinks the phrase.
        strength = sum(content) / len(content) * min(1.0, 4 * min(content) / top)
        share = ideas_with[key] / max(len(in_language), 1)
        return strength * math.sqrt(share) * _LENGTH_WEIGHT[len(span_tokens[key])]

    nouns = _nouns(in_language) if language == "de" else None

    def well_formed(key: tuple[str, ...]) -> bool:
        # A German phrase ends in a noun ("Erneuerbare Energien") or an infinitive ("Windräder aufstellen"),
        # not in an adjective ("gemeinschaftlich genutzter"), and is not a clause ("Klima kann der Mensch").
        if nouns is None or len(key) == 1:
            return True
        if any(token.surface.lower() in _FINITE_DE for token in span_tokens[key]):
            return False
        last = span_tokens[key][-1]
        return last.lemma in nouns or (last.surface.islower() and last.surface.endswith(("en", "ern", "eln")))

    candidates = sorted((key for key in ideas_with if key not in taken and well_formed(key)),
                        key=lambda key: (-score(key), key))
    ranked = [key for key in candidates if ideas_with[key] >= 2 or len(in_language) < 3]
    best_multi = next((key for key in ranked if len(key) >= 2), None)
    # In a small theme no phrase may be shared: then the best phrase of any one member, still 2+ words.
    any_multi = next((key for key in candidates if len(key) >= 2), None)
    best_single = [key for key in ranked if len(key) == 1 and (nouns is None or key[0] in nouns)]
    if best_multi is not None and (not best_single or score(best_multi) >= 0.4 * score(best_single[0])):
        taken.add(best_multi)
        form = _nominative(forms[best_multi].most_common(1)[0][0], span_tokens[best_multi], nouns)
        return _display(form), keywords
    # Two different things, not "Klimaschutz und Klima": the second keyword must not repeat the first.
    first = best_single[0] if best_single else None
    partners = [key for key in best_single[1:] if first and key[0] not in first[0] and first[0] not in key[0]]
    if first is not None and partners:
        second = partners[0]
        taken.add(first + second)
        words = [_display(forms[first].most_common(1)[0][0]), forms[second].most_common(1)[0][0]]
        if language == "de":
            words[1] = _display(words[1])  # a German noun
        return f"{words[0]} {_AND.get(language, 'und')} {words[1]}", keywords
    for phrase in (best_multi, any_multi):
        if phrase is not None:
            taken.add(phrase)
            return _display(_nominative(forms[phrase].most_common(1)[0][0], span_tokens[phrase], nouns)), keywords
    # Nothing shared (a tiny theme): the longest free phrase at the start of its most central ideas.
    for idea in in_language:
        spans = [span for span in _spans(idea) if span[0] not in taken]
        if spans:
            first_token = spans[0][2][0]
            longest = max((span for span in spans if span[2][0] is first_token), key=lambda span: len(span[2]))
            taken.add(longest[0])
            return _display(longest[1]), keywords
    fallback = " ".join(in_language[0].text.split()[:4]) if in_language else "—"
    key = (fallback.lower(),)
    number = 2
    while key in taken:  # still unique within the topic
        key = (f"{fallback.lower()} ({number})",)
        number += 1
    taken.add(key)
    return _display(key[0] if number > 2 else fallback), keywords
