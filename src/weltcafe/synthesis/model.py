"""The frozen dataclasses that go in and come out of `weltcafe.synthesis`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IdeaInput:
    """One idea as the café services (or the CLI) hand it over."""

    id: int
    text: str
    topic: str = ""        # the key that groups ideas (the café passes its topic's id); themes carry it back
    topic_title: str = ""  # how summaries name the topic; the key itself when empty (plain CSV files)
    table: int = 0
    round: int = 0
    votes: int = 0
    language: str | None = None  # 'de' or 'en' when known; detected otherwise


@dataclass(frozen=True)
class Theme:
    """A group of ideas under one topic. Its index in `Harvest.themes` is its theme id."""

    topic: str
    label: str                                # 2–5 words, a phrase taken from the ideas, in `language`
    language: str
    idea_ids: tuple[int, ...]                 # all members, most central first
    representatives: tuple[int, ...]          # up to three central ideas, one per duplicate group
    duplicates: tuple[tuple[int, ...], ...]   # near-duplicate groups (≥ 2 ids, kept idea first); count = len
    keywords: tuple[str, ...]                 # the lemmas that set the theme apart (for people, not for scoring)
    votes: int

    @property
    def size(self) -> int:
        return len(self.idea_ids)

    @property
    def distinct(self) -> int:
        """Members once near-duplicates are merged into one entry each."""
        return self.size - sum(len(group) - 1 for group in self.duplicates)


@dataclass(frozen=True)
class CrossTopicTheme:
    """Themes under different topics that say the same thing."""

    label: str
    topics: tuple[str, ...]
    theme_ids: tuple[int, ...]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a summary and the ideas it rests on."""

    text: str
    idea_ids: tuple[int, ...]


@dataclass(frozen=True)
class Summary:
    """An extractive plenary summary: for one topic, or for the whole café (`topic` is None)."""

    topic: str | None
    language: str
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)


@dataclass(frozen=True)
class Method:
    """How a harvest was made: recorded in every result so figures and screens can say it."""

    embedding: str                 # 'e5' or 'lexical'
    reduction: str                 # e.g. 'centre+knn10-mean'
    clustering: str                # e.g. 'kmeans, k by silhouette'
    k_by_topic: tuple[tuple[str, int], ...]
    k_bounds: tuple[int, int]
    k_fixed: int | None
    random_state: int
    cache_hits: int = 0
    cache_misses: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Harvest:
    themes: tuple[Theme, ...]
    rest: tuple[int, ...]                      # ideas that fit no theme, all topics
    rest_by_topic: tuple[tuple[str, tuple[int, ...]], ...]
    cross_topic: tuple[CrossTopicTheme, ...]
    summaries: tuple[Summary, ...]             # one per topic, in topic order
    cafe_summary: Summary
    method: Method
    languages: tuple[tuple[int, str], ...] = field(default=())  # (idea id, detected or given language)

    def assignments(self, idea_ids: list[int] | tuple[int, ...]) -> list[int]:
        """Theme id per idea id (in the order given), -1 for the rest."""
        theme_of = {idea: index for index, theme in enumerate(self.themes) for idea in theme.idea_ids}
        return [theme_of.get(idea, -1) for idea in idea_ids]
