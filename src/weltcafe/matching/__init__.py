"""weltcafe.matching: who to meet at a network meeting, and why.

A pure library (numpy + `weltcafe.synthesis` for the text representation): no Django, no other weltcafe
package; frozen dataclasses in and out; deterministic (the same people and meetings give the same
recommendations in any input order). See docs/networking.md, "Matching library".
"""

from weltcafe.matching.model import (
    INTERESTS,
    KINDS,
    OFFER,
    REGION,
    SECTOR,
    SEEK,
    MatchingError,
    Person,
    Reason,
    Recommendations,
    Suggestion,
    TextVectors,
    Weights,
)
from weltcafe.matching.reasons import describe, explain, sat_with_sentence
from weltcafe.matching.scoring import embed_texts, fold_tag, recommend, text_items

__all__ = [
    "INTERESTS",
    "KINDS",
    "OFFER",
    "REGION",
    "SECTOR",
    "SEEK",
    "MatchingError",
    "Person",
    "Reason",
    "Recommendations",
    "Suggestion",
    "TextVectors",
    "Weights",
    "describe",
    "embed_texts",
    "explain",
    "fold_tag",
    "recommend",
    "sat_with_sentence",
    "text_items",
]
