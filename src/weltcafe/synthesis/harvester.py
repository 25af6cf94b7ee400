"""`Harvester`: ideas in, themes per topic with labels, rest group, cross-topic themes and summaries out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from weltcafe.synthesis.clustering import REDUCTION, centrality_order, cluster_group, duplicate_groups
from weltcafe.synthesis.embedding import Embedder, EmbeddingCache, embed_cached, make_embedder
from weltcafe.synthesis.labels import LabelledIdea, keyword_weights, label_theme
from weltcafe.synthesis.model import CrossTopicTheme, Harvest, IdeaInput, Method, Theme
from weltcafe.synthesis.summary import cafe_summary, topic_summary
from weltcafe.synthesis.text import LANGUAGES, detect_language, majority_language


class SynthesisError(ValueError):
    """The input cannot be harvested as given (duplicate ids, impossible bounds, unknown language)."""


class Harvester:
    """Cluster the ideas of each topic into themes (scikit-learn style: `fit` returns self, results end in _).

    Parameters
    ----------
    min_themes, max_themes : bounds for the automatic number of themes per topic (chosen by silhouette).
    n_themes : a fixed number of themes per topic instead (overrides the bounds).
    embedding : 'auto' (multilingual e5 when installed, else lexical), 'e5' or 'lexical'.
    cache : an `EmbeddingCache` shared between runs, so re-clustering embeds only new ideas.
    min_theme_size : smaller clusters go to the rest group.
    rest_similarity : ideas whose cosine to their theme's centre (after centring the topic) is below this go
        to the rest group; 0.0 keeps about 2 % of the dev set there.
    neighbours : size of the kNN smoothing before k-means (1 switches it off).
    cross_topic_similarity : cosine between theme centres of different topics that links them.
    random_state : the only source of randomness.
    """

    def __init__(
        self,
        *,
        min_themes: int = 2,
        max_themes: int = 8,
        n_themes: int | None = None,
        embedding: str = "auto",
        cache: EmbeddingCache | None = None,
        min_theme_size: int = 3,
        rest_similarity: float = 0.0,
        neighbours: int = 10,
        cross_topic_similarity: float = 0.75,
        random_state: int = 0,
    ) -> None:
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.n_themes = n_themes
        self.embedding = embedding
        self.cache = cache
        self.min_theme_size = min_theme_size
        self.rest_similarity = rest_similarity
        self.neighbours = neighbours
        self.cross_topic_similarity = cross_topic_similarity
        self.random_state = random_state

    def _check(self, ideas: Sequence[IdeaInput]) -> None:
        if not 1 <= self.min_themes <= self.max_themes:
            raise SynthesisError(f"need 1 ≤ min_themes ≤ max_themes, got {self.min_themes}, {self.max_themes}")
        if self.n_themes is not None and self.n_themes < 1:
            raise SynthesisError(f"n_themes must be at least 1, got {self.n_themes}")
        ids = [idea.id for idea in ideas]
        if len(set(ids)) != len(ids):
            raise SynthesisError("idea ids must be unique")
        unknown = {idea.language for idea in ideas if idea.language is not None} - set(LANGUAGES)
        if unknown:
            raise SynthesisError(f"unsupported language(s) {sorted(unknown)}; expected one of {LANGUAGES}")

    def fit(self, ideas: Sequence[IdeaInput]) -> Harvester:
        started = time.perf_counter()
        ideas = list(ideas)
        self._check(ideas)
        texts, languages = _texts_and_languages(ideas)
        embedder = make_embedder(self.embedding)
        hits_before = (self.cache.hits, self.cache.misses) if self.cache is not None else (0, 0)
        vectors = embed_cached(embedder, texts, languages, cache=self.cache, random_state=self.random_state)
        # One BLAS/OpenMP thread for the clustering: on a busy 2-core server, competing thread pools made
        # re-clustering 5,000 ideas 2–8x slower (bench/results/synthesis.md), and one thread also keeps the
        # floating-point sums, hence the result, the same on every machine.
        with threadpool_limits(limits=1):
            self._cluster(ideas, texts, languages, vectors, embedder, started, hits_before)
        return self

    def _cluster(
        self,
        ideas: list[IdeaInput],
        texts: list[str],
        languages: list[str],
        vectors: np.ndarray,
        embedder: Embedder,
        started: float,
        hits_before: tuple[int, int],
    ) -> None:
        labelled = [LabelledIdea.of(text, lang) for text, lang in zip(texts, languages, strict=True)]
        lemma_sets = [idea.lemma_set() for idea in labelled]

        topics = list(dict.fromkeys(idea.topic for idea in ideas))
        titles = {idea.topic: idea.topic_title or idea.topic for idea in ideas}
        themes: list[Theme] = []
        centres: list[np.ndarray] = []
        rest_by_topic: list[tuple[str, tuple[int, ...]]] = []
        k_by_topic: list[tuple[str, int]] = []
        global_mean = vectors.mean(axis=0) if len(vectors) else np.zeros(1)
        for topic in topics:
            positions = np.array([i for i, idea in enumerate(ideas) if idea.topic == topic])
            groups = cluster_group(
                vectors[positions],
                min_k=self.min_themes,
                max_k=self.max_themes,
                fixed_k=self.n_themes,
                min_size=self.min_theme_size,
                rest_similarity=self.rest_similarity,
                neighbours=self.neighbours,
                random_state=self.random_state,
            )
            k_by_topic.append((topic, groups.k))
            clusters = sorted(set(groups.labels.tolist()) - {-1})
            # Positions within the topic, each cluster's members most central first.
            ordered = [centrality_order(np.flatnonzero(groups.labels == c), groups.centred) for c in clusters]
            weights = keyword_weights([[labelled[positions[m]] for m in members] for members in ordered])
            taken: set[tuple[str, ...]] = set()
            topic_themes = []
            for members, theme_weights in zip(ordered, weights, strict=True):
                absolute = positions[members]
                theme = self._theme(topic, absolute, ideas, languages, labelled, lemma_sets, vectors,
                                    theme_weights, taken, embedder.duplicate_threshold)
                topic_themes.append(theme)
                centres.append(normalize((vectors[absolute].mean(axis=0) - global_mean)[None, :])[0])
            # Bigger themes first: the order people read them in.
            order = sorted(range(len(topic_themes)), key=lambda t: (-topic_themes[t].size, t))
            base = len(themes)
            themes.extend(topic_themes[t] for t in order)
            centres[base:] = [centres[base + t] for t in order]
            rest = positions[groups.labels == -1]
            rest_by_topic.append((topic, tuple(ideas[i].id for i in rest)))

        cross = self._cross_topic(themes, centres)
        text_of = {idea.id: idea.text for idea in ideas}
        summaries = []
        for topic, rest_ids in rest_by_topic:
            topic_langs = [lang for idea, lang in zip(ideas, languages, strict=True) if idea.topic == topic]
            summaries.append(topic_summary(titles[topic], [t for t in themes if t.topic == topic], rest_ids, text_of,
                                           majority_language(topic_langs)))
        all_rest = tuple(idea for _, rest_ids in rest_by_topic for idea in rest_ids)
        cafe = cafe_summary([titles[topic] for topic in topics], themes, all_rest, cross, text_of,
                            majority_language(languages), titles=titles)
        hits = (self.cache.hits - hits_before[0], self.cache.misses - hits_before[1]) if self.cache else (0, 0)
        method = Method(
            embedding=embedder.name,
            reduction=REDUCTION.format(k=self.neighbours) if self.neighbours > 1 else "centre",
            clustering="kmeans, fixed k" if self.n_themes else "kmeans, k by silhouette",
            k_by_topic=tuple(k_by_topic),
            k_bounds=(self.min_themes, self.max_themes),
            k_fixed=self.n_themes,
            random_state=self.random_state,
            cache_hits=hits[0],
            cache_misses=hits[1],
            seconds=round(time.perf_counter() - started, 3),
        )
        self.harvest_ = Harvest(
            themes=tuple(themes),
            rest=all_rest,
            rest_by_topic=tuple(rest_by_topic),
            cross_topic=cross,
            summaries=tuple(summaries),
            cafe_summary=cafe,
            method=method,
            languages=tuple((idea.id, lang) for idea, lang in zip(ideas, languages, strict=True)),
        )
        self.vectors_ = vectors
        self.embedding_ = embedder.name
        self.n_themes_ = dict(k_by_topic)

    def _theme(
        self,
        topic: str,
        members: np.ndarray,
        ideas: list[IdeaInput],
        languages: list[str],
        labelled: list[LabelledIdea],
        lemma_sets: list[frozenset[str]],
        vectors: np.ndarray,
        weights: dict[str, float],
        taken: set[tuple[str, ...]],
        threshold: float,
    ) -> Theme:
        language = majority_language([languages[i] for i in members])
        groups = duplicate_groups(members, vectors, lemma_sets, threshold)
        duplicate_of = {m: group[0] for group in groups for m in group[1:]}
        representatives = [i for i in members.tolist() if i not in duplicate_of][:3]
        label, keywords = label_theme([labelled[i] for i in members], weights, language, taken)
        return Theme(
            topic=topic,
            label=label,
            language=language,
            idea_ids=tuple(ideas[i].id for i in members),
            representatives=tuple(ideas[i].id for i in representatives),
            duplicates=tuple(tuple(ideas[i].id for i in group) for group in groups),
            keywords=keywords,
            votes=sum(ideas[i].votes for i in members),
        )

    def _cross_topic(self, themes: list[Theme], centres: list[np.ndarray]) -> tuple[CrossTopicTheme, ...]:
        """Link themes of different topics whose centres point the same way; one entry per linked group."""
        if len(themes) < 2:
            return ()
        matrix = np.stack(centres) @ np.stack(centres).T
        parent = list(range(len(themes)))

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a in range(len(themes)):
            for b in range(a + 1, len(themes)):
                if themes[a].topic != themes[b].topic and matrix[a, b] >= self.cross_topic_similarity:
                    parent[root(b)] = root(a)
        groups: dict[int, list[int]] = {}
        for index in range(len(themes)):
            groups.setdefault(root(index), []).append(index)
        result = []
        for members in groups.values():
            topics = tuple(dict.fromkeys(themes[m].topic for m in members))
            if len(topics) < 2:
                continue
            biggest = max(members, key=lambda m: (themes[m].size, -m))
            result.append(CrossTopicTheme(label=themes[biggest].label, topics=topics, theme_ids=tuple(members)))
        return tuple(sorted(result, key=lambda link: link.theme_ids))


def _texts_and_languages(ideas: Sequence[IdeaInput]) -> tuple[list[str], list[str]]:
    return [idea.text for idea in ideas], [idea.language or detect_language(idea.text) for idea in ideas]


def prepare(
    ideas: Sequence[IdeaInput], *, cache: EmbeddingCache, embedding: str = "auto", random_state: int = 0
) -> int:
    """Embed ideas into `cache` ahead of a harvest, exactly as `Harvester.fit` would (same backend, languages and
    keys), so that the harvest people wait for only clusters. Returns how many were not in the cache."""
    embedder = make_embedder(embedding)
    if not embedder.cacheable:  # the lexical vectors depend on the whole set: nothing to keep ahead
        return 0
    texts, languages = _texts_and_languages(list(ideas))
    misses = cache.misses
    embed_cached(embedder, texts, languages, cache=cache, random_state=random_state)
    return cache.misses - misses


def harvest(ideas: Sequence[IdeaInput], **params: Any) -> Harvest:
    """Shortcut: `Harvester(**params).fit(ideas).harvest_`."""
    return Harvester(**params).fit(ideas).harvest_
