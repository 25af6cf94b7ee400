"""Closed vocabularies of the events app, with the spellings an import file may use for each value."""

from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.TextChoices):
    """The sixteen Bundesländer (ISO 3166-2:DE codes) plus 'abroad'."""

    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"
    ABROAD = "XX", _("Ausland")


class OrganisationKind(models.TextChoices):
    CHAMBER = "chamber", _("Kammer (IHK, HWK)")
    COMPANY = "company", _("Unternehmen")
    UNION = "union", _("Gewerkschaft")
    MINISTRY = "ministry", _("Ministerium, Behörde")
    INITIATIVE = "initiative", _("Initiative, Netzwerk, Cluster")
    ASSOCIATION = "association", _("Verband")
    RESEARCH = "research", _("Hochschule, Forschung")
    OTHER = "other", _("Sonstige")


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", pgettext_lazy("role", "Teilnehmende")
    HOST = "host", pgettext_lazy("role", "Gastgebende (Tisch)")
    SPEAKER = "speaker", pgettext_lazy("role", "Referierende")
    TEAM = "team", pgettext_lazy("role", "Orga-Team")
    PRESS = "press", pgettext_lazy("role", "Presse")


class Language(models.TextChoices):
    DE = "de", _("Deutsch")
    EN = "en", _("Englisch")


def fold(text: str) -> str:
    """Compare spellings case-, accent- and punctuation-insensitively ("Baden-Württemberg" = "baden wurttemberg")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in letters.lower() if ch.isalnum())


_REGION_ALIASES: dict[str, str] = {
    "bavaria": "BY",
    "nrw": "NW",
    "northrhinewestphalia": "NW",
    "lowersaxony": "NI",
    "saxony": "SN",
    "saxonyanhalt": "ST",
    "hesse": "HE",
    "thuringia": "TH",
    "rhinelandpalatinate": "RP",
    "mecklenburgwesternpomerania": "MV",
    "badenwuerttemberg": "BW",
    "thueringen": "TH",
    "abroad": "XX",
    "international": "XX",
    "ausland": "XX",
}

_KIND_ALIASES: dict[str, str] = {
    "ihk": "chamber",
    "hwk": "chamber",
    "kammer": "chamber",
    "chamber": "chamber",
    "unternehmen": "company",
    "firma": "company",
    "company": "company",
    "business": "company",
    "gewerkschaft": "union",
    "union": "union",
    "tradeunion": "union",
    "ministerium": "ministry",
    "behorde": "ministry",
    "behoerde": "ministry",
    "ministry": "ministry",
    "authority": "ministry",
    "verwaltung": "ministry",
    "offentlicheverwaltung": "ministry",
    "oeffentlicheverwaltung": "ministry",
    "kommune": "ministry",
    "stadtverwaltung": "ministry",
    "landkreis": "ministry",
    "publicadministration": "ministry",
    "startup": "company",
    "verein": "association",
    "initiative": "initiative",
    "netzwerk": "initiative",
    "cluster": "initiative",
    "network": "initiative",
    "verband": "association",
    "association": "association",
    "hochschule": "research",
    "forschung": "research",
    "universitat": "research",
    "universitaet": "research",
    "research": "research",
    "university": "research",
    "sonstige": "other",
    "other": "other",
}

_ROLE_ALIASES: dict[str, str] = {
    "teilnehmer": "participant",
    "teilnehmerin": "participant",
    "teilnehmende": "participant",
    "participant": "participant",
    "gast": "participant",
    "gastgeber": "host",
    "gastgeberin": "host",
    "gastgebende": "host",
    "tischgastgeber": "host",
    "host": "host",
    "tablehost": "host",
    "referent": "speaker",
    "referentin": "speaker",
    "referierende": "speaker",
    "speaker": "speaker",
    "orgateam": "team",
    "team": "team",
    "organisator": "team",
    "presse": "press",
    "press": "press",
}

_LANGUAGE_ALIASES: dict[str, str] = {
    "de": "de",
    "deutsch": "de",
    "german": "de",
    "ger": "de",
    "en": "en",
    "englisch": "en",
    "english": "en",
    "eng": "en",
}


def _lookup(value: str, choices: type[models.TextChoices], aliases: dict[str, str]) -> str | None:
    key = fold(value)
    if not key:
        return None
    for choice in choices:
        if key in (fold(choice.value), fold(str(choice.label))):
            return str(choice.value)
    return aliases.get(key)


def parse_region(value: str) -> str | None:
    return _lookup(value, Region, _REGION_ALIASES)


def parse_organisation_kind(value: str) -> str | None:
    return _lookup(value, OrganisationKind, _KIND_ALIASES)


def parse_role(value: str) -> str | None:
    return _lookup(value, ParticipantRole, _ROLE_ALIASES)


def parse_language(value: str) -> str | None:
    return _lookup(value, Language, _LANGUAGE_ALIASES)
