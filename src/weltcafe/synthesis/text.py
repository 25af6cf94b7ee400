"""Text handling for German and English ideas: normalising, language detection, tokens, lemmas, compounds.

Everything runs offline: simplemma ships its dictionaries inside the wheel. German compounds are split against
that dictionary so that "Fachkräftemangel" and "Fachkräfte fehlen" share the lemma "Fachkraft".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma

LANGUAGES = ("de", "en")

# Short, hand-kept lists: the function words of café ideas, not a linguistic inventory. A word listed here
# never starts or ends a label and never counts as a keyword.
_STOP_DE = """
        aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf aus bei
        beim bereits bin bis bisher bitte bzw da dabei dadurch dafür dagegen daher damit dann dar daran darauf
        daraus darf darin darum das dass daß dein deine dem den denen denn dennoch der deren des deshalb dessen
        die dies diese diesem diesen dieser dieses doch dort du durch eben ein eine einem einen einer eines
        einige einigen einiger einmal er es etc etwa etwas euch euer für gar gegen gehen geht gemacht genau
        gerade gern gibt gleich haben habe hat hatte hätte hier hin hinter ich ihm ihn ihnen ihr ihre ihrem
        ihren ihrer im immer in indem ins ist ja je jede jedem jeden jeder jedes jedoch jetzt kann kein keine
        keinem keinen keiner können könnte machen macht man manche mehr mein meine meiner mich mir mit muss
        müssen müsste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seit
        selbst sich sie sind so soll sollen sollte sollten sondern sowie statt über um und uns unser unsere
        unter usw viel viele vom von vor wann war waren warum was weil welche welchem welchen welcher weniger
        wenn wer werden wie wieder will wir wird wo wollen wurde würde würden z zu zum zur zwar zwischen
        sowohl daher ebenso eher ganz ganze gibt gilt lassen lässt möglich möglichst sowas somit stärker
        stark besser mehr weniger neue neuen neuer neues wichtig wichtige sinnvoll sollte bzw. z.b. zb
ab sofort endlich generell besonders unbedingt dringend großteil zb. inkl usw. bzw evtl ca bitte vielleicht
"""
_STOP_EN = """
        a about above after again against all also am an and any are as at be because been before being below
        between both but by can could did do does doing down during each few for from further had has have
        having he her here hers him his how i if in into is it its itself just let me more most must my no nor
        not now of off on once only or other our ours out over own same she should so some such than that the
        their theirs them then there these they this those through to too under until up very was we were what
        when where which while who whom why will with would you your yours etc e.g. eg much many need needs
        make made get better new important should
"""
STOP_WORDS: dict[str, frozenset[str]] = {"de": frozenset(_STOP_DE.split()), "en": frozenset(_STOP_EN.split())}

_TOKEN = re.compile(r"[0-9A-Za-zÄÖÜäöüßÀ-ÿ]+(?:[-'’][0-9A-Za-zÄÖÜäöüßÀ-ÿ]+)*")
_LINKING = ("", "s", "es", "n", "en", "e", "er")  # German Fugenelemente, tried when a compound is split


@dataclass(frozen=True)
class Token:
    surface: str        # as written in the idea
    lemma: str          # lower-case lemma; compounds keep their full lemma here
    parts: tuple[str, ...]  # lower-case lemmas of the compound's parts (empty when not a compound)
    stop: bool


def normalise(text: str) -> str:
    """NFC, collapsed whitespace: the form that is embedded and hashed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_key(text: str, namespace: str) -> str:
    """The cache key of an idea's text for one embedding backend."""
    return hashlib.sha256(f"{namespace}\x00{normalise(text)}".encode()).hexdigest()


def detect_language(text: str, default: str = "de") -> str:
    """'de' or 'en' for a short idea. German is the product's first language and wins ties."""
    words = [word.lower() for word in _TOKEN.findall(text)]
    if not words:
        return default
    # Function words decide short texts best; simplemma's dictionary coverage breaks the remaining ties.
    votes = {lang: sum(word in STOP_WORDS[lang] for word in words) for lang in LANGUAGES}
    if votes["de"] != votes["en"]:
        return max(votes, key=lambda lang: votes[lang])
    scores = dict(simplemma.langdetect(text, lang=LANGUAGES))
    if scores.get("en", 0.0) > scores.get("de", 0.0):
        return "en"
    if scores.get("de", 0.0) > 0.0:
        return "de"
    return default


def majority_language(languages: list[str], default: str = "de") -> str:
    if not languages:
        return default
    return max(LANGUAGES, key=lambda lang: (languages.count(lang), lang == default))


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    return simplemma.lemmatize(word, lang=lang).lower()


@lru_cache(maxsize=200_000)
def _known(word: str) -> bool:
    # German nouns are capitalised in the dictionary; compound parts arrive lower-case.
    return len(word) >= 3 and (simplemma.is_known(word.capitalize(), "de") or simplemma.is_known(word, "de"))


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Lemmas of the parts of a German compound, head last; () when the word is not a compound.

    Greedy from the right: the longest known head, then the rest (minus a linking element) must itself be
    known or split again. "Fachkräftemangel" -> ("fachkraft", "mangel").
    """
    lower = word.lower()
    if len(lower) < 8 or "-" in lower:
        parts = tuple(lemma(part, "de") for part in lower.split("-") if len(part) >= 3)
        return parts if len(parts) > 1 else ()
    for cut in range(3, len(lower) - 3):  # longest head first
        head, modifier = lower[cut:], lower[:cut]
        if not _known(head):
            continue
        for link in _LINKING:
            if link and not modifier.endswith(link):
                continue
            stem = modifier[: len(modifier) - len(link)] if link else modifier
            if _known(stem):
                return (lemma(stem.capitalize(), "de"), lemma(head.capitalize(), "de"))
            inner = split_compound(stem)
            if inner:
                return (*inner, lemma(head.capitalize(), "de"))
    return ()


def tokens(text: str, lang: str) -> list[Token]:
    result = []
    for match in _TOKEN.finditer(text):
        surface = match.group(0)
        lower = surface.lower()
        stop = lower in STOP_WORDS[lang] or len(lower) < 2 or lower.isdigit()
        word_lemma = lower if stop else lemma(surface, lang)
        # German compounds are nearly always nouns (capitalised); long lower-case words may be compound
        # adjectives ("klimafreundlich"). Short verbs are left alone ("brauchen" is not "Brau" + "chen").
        compound_candidate = surface[:1].isupper() or len(surface) >= 10
        parts = split_compound(surface) if (lang == "de" and not stop and compound_candidate) else ()
        result.append(Token(surface=surface, lemma=word_lemma, parts=parts, stop=stop))
    return result


def content_lemmas(text: str, lang: str) -> list[str]:
    """Lemmas of the content words plus the parts of compounds: the lexical view of an idea."""
    found: list[str] = []
    for token in tokens(text, lang):
        if token.stop:
            continue
        found.append(token.lemma)
        found.extend(part for part in token.parts if part not in STOP_WORDS["de"])
    return found
