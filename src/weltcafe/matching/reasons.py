"""Reasons in words: fixed German or English frames filled with the people's own words.

Nothing is generated freely (as in `weltcafe.synthesis.summary`): a reason quotes one item of a person's offers
or seeks, lists shared interests, or names a Bundesland or sector. The viewer is addressed formally ("Sie").
"""

from __future__ import annotations

from collections.abc import Sequence

from weltcafe.matching.model import INTERESTS, OFFER, REGION, SECTOR, SEEK, MatchingError, Reason

QUOTE_LENGTH = 80
LANGUAGES = ("de", "en")

# ISO 3166-2:DE codes (the events vocabulary uses the same ones); the library may not import that app.
REGION_NAMES: dict[str, tuple[str, str]] = {
    "BW": ("Baden-Württemberg", "Baden-Württemberg"),
    "BY": ("Bayern", "Bavaria"),
    "BE": ("Berlin", "Berlin"),
    "BB": ("Brandenburg", "Brandenburg"),
    "HB": ("Bremen", "Bremen"),
    "HH": ("Hamburg", "Hamburg"),
    "HE": ("Hessen", "Hesse"),
    "MV": ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    "NI": ("Niedersachsen", "Lower Saxony"),
    "NW": ("Nordrhein-Westfalen", "North Rhine-Westphalia"),
    "RP": ("Rheinland-Pfalz", "Rhineland-Palatinate"),
    "SL": ("Saarland", "Saarland"),
    "SN": ("Sachsen", "Saxony"),
    "ST": ("Sachsen-Anhalt", "Saxony-Anhalt"),
    "SH": ("Schleswig-Holstein", "Schleswig-Holstein"),
    "TH": ("Thüringen", "Thuringia"),
}


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise MatchingError(f"unknown language {language!r} (expected 'de' or 'en')")
    return language


def trim(text: str, length: int = QUOTE_LENGTH) -> str:
    """At most `length` characters, cut at a word boundary with "…"."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def quote(text: str, language: str) -> str:
    text = trim(text)
    return f"„{text}“" if language == "de" else f"“{text}”"


def region_name(code: str, language: str) -> str:
    names = REGION_NAMES.get(code.upper())
    if names is None:
        return code
    return names[0] if language == "de" else names[1]


def listing(items: Sequence[str], language: str) -> str:
    """"A", "A und B", "A, B und C" (English: "and")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    conjunction = " und " if language == "de" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def describe(reason: Reason, language: str) -> str:
    """One short sentence fragment for a reason, seen from the viewer ("Sie") about the other person."""
    check_language(language)
    de = language == "de"
    if reason.kind == OFFER:
        seek, offer = quote(reason.seek, language), quote(reason.offer, language)
        return f"bietet {offer} – Sie suchen {seek}" if de else f"offers {offer} – you are looking for {seek}"
    if reason.kind == SEEK:
        seek, offer = quote(reason.seek, language), quote(reason.offer, language)
        return f"sucht {seek} – Sie bieten {offer}" if de else f"is looking for {seek} – you offer {offer}"
    if reason.kind == INTERESTS:
        names = ", ".join(reason.interests)
        return f"gemeinsame Interessen: {names}" if de else f"shared interests: {names}"
    if reason.kind == REGION:
        name = region_name(reason.region, language)
        return f"aus Ihrer Region ({name})" if de else f"from your region ({name})"
    if reason.kind == SECTOR:
        return f"andere Branche: {reason.sector}" if de else f"a different sector: {reason.sector}"
    raise MatchingError(f"unknown reason kind {reason.kind!r}")


def explain(reasons: Sequence[Reason], language: str) -> str:
    """All reasons of a suggestion in one line, strongest first: "sucht … – Sie bieten …; gemeinsame …"."""
    return "; ".join(reason.text or describe(reason, language) for reason in reasons)


def sat_with_sentence(names: Sequence[str], language: str) -> str:
    """ "Sie saßen zusammen mit A, B und C." — empty when the list is."""
    check_language(language)
    if not names:
        return ""
    return f"Sie saßen zusammen mit {listing(names, 'de')}." if language == "de" else (
        f"You sat with {listing(names, 'en')}."
    )
