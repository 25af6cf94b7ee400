"""The frozen dataclasses that go in and come out of `weltcafe.matching`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

# Reason kinds, in the order they are listed when two reasons weigh the same.
OFFER = "offer"          # the other person offers what the viewer seeks
SEEK = "seek"            # the other person seeks what the viewer offers
INTERESTS = "interests"  # interests both ticked
REGION = "region"        # from the viewer's Bundesland
SECTOR = "sector"        # from another sector
KINDS = (OFFER, SEEK, INTERESTS, REGION, SECTOR)


class MatchingError(ValueError):
    """Input the library cannot work with: duplicate ids, a negative limit, an unknown language, missing vectors."""


@dataclass(frozen=True)
class Person:
    """One participant as the networking services hand them over."""

    id: int
    name: str = ""
    organisation: str = ""          # a key (e.g. the organisation's id); "" = none, never a colleague of anyone
    region: str = ""                # Bundesland code ("SN"); "" unknown, "XX" abroad
    sector: str = ""                # free text ("Maschinenbau")
    organisation_kind: str = ""     # "company", "research", … (carried along; not scored)
    interests: frozenset[str] = frozenset()
    offers: str = ""                # free text; several items may be separated by ";", "•" or new lines
    seeks: str = ""
    visible: bool = False           # consented to be suggested to others and to see suggestions
    language: str | None = None     # "de"/"en" for the reason sentences; None = the call's default


@dataclass(frozen=True)
class Reason:
    """Why a person is worth meeting. `weight` is this reason's share of the suggestion's score."""

    kind: str                        # one of KINDS
    weight: float
    text: str = ""                   # the sentence in the viewer's language (reasons.describe)
    seek: str = ""                   # OFFER/SEEK: the seeker's own words (one item of their text)
    offer: str = ""                  # OFFER/SEEK: the offerer's own words
    similarity: float = 0.0          # OFFER/SEEK: cosine of the two items' vectors
    interests: tuple[str, ...] = ()  # INTERESTS: in the viewer's spelling
    region: str = ""                 # REGION: the shared Bundesland code
    sector: str = ""                 # SECTOR: the other person's sector


@dataclass(frozen=True)
class Suggestion:
    other: int
    score: float
    reasons: tuple[Reason, ...]      # strongest first; their weights add up to `score`


@dataclass(frozen=True)
class Recommendations:
    person: int
    suggestions: tuple[Suggestion, ...]  # score descending, then id
    sat_with: tuple[int, ...]            # visible people met at the café's tables (no colleagues), by id


@dataclass(frozen=True)
class Weights:
    """The score's weights (docs/networking.md says why these values)."""

    text: float = 1.0         # complementarity of seeks and offers, strongest direction (0–1 after calibration)
    mutual: float = 0.5       # times the weaker direction, when both people can help each other
    interests: float = 0.6    # times the Dice overlap of the interest tags (0–1)
    region: float = 0.1       # same Bundesland
    sector: float = 0.05      # a different sector


@dataclass(frozen=True, eq=False)
class TextVectors:
    """Vectors of the offer and seek items, keyed by the normalised item text (see `items`).

    Made once by `embed_texts` and passed to `recommend` as often as needed (the vectors do not depend on
    `met`, `limit` or anyone's consent to be contacted later, only on the texts).
    """

    backend: str                                  # "e5" or "lexical": decides the calibration of cosines
    vectors: Mapping[str, np.ndarray] = field(default_factory=dict)
    seconds: float = 0.0

    def __contains__(self, text: str) -> bool:
        return text in self.vectors

    def __len__(self) -> int:
        return len(self.vectors)
