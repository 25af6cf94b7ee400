"""Text handling: compounds, inflection, language detection, stop words."""

from __future__ import annotations

import pytest

from weltcafe.synthesis.text import content_lemmas, detect_language, normalise, split_compound, text_key

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Fachkräftemangel", ("fachkraft", "mangel")),
        ("Wärmepumpen", ("wärme", "pumpe")),
        ("Fleischkonsum", ("fleisch", "konsum")),
        ("Photovoltaikanlagen", ("photovoltaik", "anlage")),
        ("Autobahnausbau", ("autobahn", "ausbau")),
    ],
)
def test_split_compound_german_compound_gives_lemmatised_parts(word, parts):
    assert split_compound(word) == parts


def test_split_compound_simple_word_is_not_split():
    assert split_compound("Bahn") == ()
    assert split_compound("Verkehr") == ()


def test_content_lemmas_compound_and_phrase_share_lemma():
    compound = content_lemmas("Der Fachkräftemangel bremst alles", "de")
    phrase = content_lemmas("Fachkräfte fehlen überall", "de")

    assert "fachkraft" in set(compound) & set(phrase)
    assert "mangel" in compound


def test_content_lemmas_inflected_forms_share_lemma():
    assert "radweg" in content_lemmas("Mehr Radwegen", "de")
    assert "radweg" in content_lemmas("Ein Radweg", "de")


def test_content_lemmas_drop_stop_words():
    assert content_lemmas("Das ist und bleibt so", "de") == ["bleiben"]
    assert content_lemmas("the and of to", "en") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mehr Radwege in der Stadt bauen", "de"),
        ("Tempolimit 100", "de"),
        ("More bike lanes in the city", "en"),
        ("Public transport must be free for students", "en"),
        ("", "de"),
    ],
)
def test_detect_language_short_ideas(text, language):
    assert detect_language(text) == language


def test_text_key_ignores_whitespace_but_not_backend():
    assert text_key(" Mehr  Radwege ", "e5") == text_key("Mehr Radwege", "e5")
    assert text_key("Mehr Radwege", "e5") != text_key("Mehr Radwege", "lexical")
    assert normalise("a\n b") == "a b"
