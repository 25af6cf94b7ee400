"""Theme labels: real phrases from the ideas, German nominative, distinct keywords."""

from __future__ import annotations

import pytest

from weltcafe.synthesis.labels import LabelledIdea, keyword_weights, label_theme

pytestmark = pytest.mark.unit


def label_of(texts: list[str], others: list[str], language: str = "de") -> str:
    theme = [LabelledIdea.of(text, language) for text in texts]
    rest = [LabelledIdea.of(text, language) for text in others]
    weights = keyword_weights([theme, rest])[0]
    return label_theme(theme, weights, language, set())[0]


def test_label_theme_german_adjective_plural_becomes_nominative():
    label = label_of(
        ["Ausbau der erneuerbaren Energien", "Mehr Geld für erneuerbare Energien", "Die erneuerbaren Energien fördern"],
        ["Mehr Radwege bauen", "Tempolimit einführen", "Busse am Land"],
    )

    assert label == "Erneuerbare Energien"


def test_label_theme_shared_phrase_is_used_as_written():
    label = label_of(
        ["Tempolimit auf Autobahnen einführen", "Ein Tempolimit auf Autobahnen", "Tempolimit auf Autobahnen jetzt"],
        ["Weniger Fleisch essen", "Regionale Lebensmittel", "Bio im Supermarkt"],
    )

    assert label == "Tempolimit auf Autobahnen"


def test_label_theme_english_ideas_get_english_label():
    label = label_of(
        ["Solar panels on every roof", "More solar panels on schools", "Cheap solar panels for homes"],
        ["Bike lanes in the city", "Free buses for students", "Less meat in canteens"],
        language="en",
    )

    assert label.lower() == "solar panels"


def test_label_theme_labels_unique_within_topic():
    texts = ["Mehr Radwege bauen", "Radwege ausbauen", "Sichere Radwege"]
    theme = [LabelledIdea.of(text, "de") for text in texts]
    weights = keyword_weights([theme])[0]
    taken: set[tuple[str, ...]] = set()

    first = label_theme(theme, weights, "de", taken)[0]
    second = label_theme(theme, weights, "de", taken)[0]

    assert first != second
