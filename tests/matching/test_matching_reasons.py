"""Reason sentences: fixed German and English frames around the people's own words."""

from __future__ import annotations

import pytest

from weltcafe.matching import INTERESTS, OFFER, SEEK, MatchingError, Reason, describe, explain, sat_with_sentence
from weltcafe.matching.reasons import trim

pytestmark = pytest.mark.unit


def test_describe_offer_and_seek_in_german():
    offer = Reason(kind=OFFER, weight=1.0, seek="Partner für Wasserstoff-Pilotprojekte", offer="Elektrolyseur-Know-how")
    seek = Reason(kind=SEEK, weight=1.0, seek="Partner für Wasserstoff-Pilotprojekte", offer="Elektrolyseur-Know-how")

    assert describe(offer, "de") == ("bietet „Elektrolyseur-Know-how“ – "
                                     "Sie suchen „Partner für Wasserstoff-Pilotprojekte“")
    assert describe(seek, "de") == ("sucht „Partner für Wasserstoff-Pilotprojekte“ – "
                                    "Sie bieten „Elektrolyseur-Know-how“")


def test_describe_offer_and_seek_in_english():
    offer = Reason(kind=OFFER, weight=1.0, seek="skilled workers", offer="recruiting")
    seek = Reason(kind=SEEK, weight=1.0, seek="skilled workers", offer="recruiting")

    assert describe(offer, "en") == "offers “recruiting” – you are looking for “skilled workers”"
    assert describe(seek, "en") == "is looking for “skilled workers” – you offer “recruiting”"


def test_describe_long_quote_is_trimmed_at_a_word_boundary():
    words = "Wir suchen Partner für gemeinsame Pilotprojekte mit Wasserstoff in der Stahl- und Glasindustrie im Osten"
    reason = Reason(kind=SEEK, weight=1.0, seek=words, offer="Know-how")

    text = describe(reason, "de")

    quoted = text.split("„")[1].split("“")[0]
    assert quoted == "Wir suchen Partner für gemeinsame Pilotprojekte mit Wasserstoff in der Stahl…"
    assert len(quoted) <= 80


def test_trim_keeps_short_text_and_collapses_whitespace():
    assert trim("  Fachkräfte   gewinnen ") == "Fachkräfte gewinnen"


def test_describe_unknown_language_or_kind_raises():
    with pytest.raises(MatchingError):
        describe(Reason(kind=INTERESTS, weight=1.0, interests=("Export",)), "fr")
    with pytest.raises(MatchingError):
        describe(Reason(kind="gossip", weight=1.0), "de")


def test_explain_joins_the_reasons_in_order():
    reasons = (Reason(kind=INTERESTS, weight=0.4, interests=("Export", "Wasserstoff")),
               Reason(kind="region", weight=0.1, region="BY"))

    assert explain(reasons, "de") == "gemeinsame Interessen: Export, Wasserstoff; aus Ihrer Region (Bayern)"


@pytest.mark.parametrize(
    ("names", "language", "sentence"),
    [
        ([], "de", ""),
        (["Anna"], "de", "Sie saßen zusammen mit Anna."),
        (["Anna", "Ben"], "de", "Sie saßen zusammen mit Anna und Ben."),
        (["Anna", "Ben", "Cem"], "de", "Sie saßen zusammen mit Anna, Ben und Cem."),
        (["Anna", "Ben", "Cem"], "en", "You sat with Anna, Ben and Cem."),
    ],
)
def test_sat_with_sentence_lists_names(names, language, sentence):
    assert sat_with_sentence(names, language) == sentence
