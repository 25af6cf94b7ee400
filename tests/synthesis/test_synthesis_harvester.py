"""Harvester invariants, golden cases on real dev-set ideas, mixed German/English cafés, caching."""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from tests.synthesis.conftest import MIXED_CAFE
from weltcafe.synthesis import EmbeddingCache, Harvester, IdeaInput, SynthesisError

pytestmark = pytest.mark.unit

WORD = re.compile(r"[\wÄÖÜäöüß-]+")


def mixed_ideas() -> list[IdeaInput]:
    ideas = []
    for (topic, _), texts in MIXED_CAFE.items():
        for text in texts:
            ideas.append(IdeaInput(id=len(ideas) + 1, text=text, topic=topic, table=1, round=1, votes=len(ideas) % 4))
    return ideas


def assert_partition(harvest, ideas):
    in_themes = [idea for theme in harvest.themes for idea in theme.idea_ids]
    assert sorted(in_themes + list(harvest.rest)) == sorted(idea.id for idea in ideas)
    assert len(set(in_themes)) == len(in_themes)


def assert_label_is_phrase_from_ideas(theme, texts):
    words = WORD.findall(theme.label)
    joined = " ".join(texts[i] for i in theme.idea_ids).lower()
    assert 2 <= len(words) <= 5, theme.label
    assert all(word.lower() in joined or word in ("und", "and") for word in words), theme.label


@pytest.mark.parametrize("embedding", ["e5", "lexical"])
def test_fit_every_idea_in_exactly_one_theme_or_rest(sample_ideas, session_cache, embedding):
    harvest = Harvester(embedding=embedding, cache=session_cache, random_state=0).fit(sample_ideas).harvest_

    assert_partition(harvest, sample_ideas)
    assert harvest.method.embedding == embedding
    assert 2 <= len(harvest.themes) <= 8


def test_fit_labels_are_short_phrases_taken_from_the_ideas(sample_ideas, session_cache):
    harvest = Harvester(cache=session_cache).fit(sample_ideas).harvest_
    texts = {idea.id: idea.text for idea in sample_ideas}

    for theme in harvest.themes:
        assert_label_is_phrase_from_ideas(theme, texts)
        assert theme.language == "de"
        assert theme.representatives[0] == theme.idea_ids[0]  # most central first
    assert len({theme.label for theme in harvest.themes}) == len(harvest.themes)


def test_fit_same_seed_same_harvest(sample_ideas, session_cache):
    first = Harvester(cache=session_cache, random_state=7).fit(sample_ideas).harvest_
    second = Harvester(cache=session_cache, random_state=7).fit(sample_ideas).harvest_

    assert first.themes == second.themes
    assert first.rest == second.rest
    assert first.cafe_summary == second.cafe_summary


def test_fit_related_dev_set_ideas_share_a_theme(sample_ideas, keyword_rows, session_cache):
    extra = [IdeaInput(id=1000 + i, text=row["text"]) for i, row in enumerate(keyword_rows)]
    harvest = Harvester(cache=session_cache).fit(sample_ideas + extra).harvest_
    theme_of = dict(zip((i.id for i in extra), harvest.assignments([i.id for i in extra]), strict=True))

    majority = {}
    for group in ("tempolimit", "fleisch", "photovoltaik"):
        themes = Counter(theme_of[1000 + i] for i, row in enumerate(keyword_rows) if row["group"] == group)
        majority[group], count = themes.most_common(1)[0]
        assert count >= 2 / 3 * sum(themes.values()), (group, themes)
    assert len(set(majority.values())) == 3


def test_fit_theme_count_respects_bounds_and_fixed_k(sample_ideas, session_cache):
    bounded = Harvester(cache=session_cache, min_themes=3, max_themes=3).fit(sample_ideas)
    fixed = Harvester(cache=session_cache, n_themes=4).fit(sample_ideas)

    assert bounded.n_themes_ == {"": 3}
    assert fixed.n_themes_ == {"": 4}
    assert fixed.harvest_.method.k_fixed == 4


def test_fit_mixed_german_english_cafe_labels_in_each_topics_language(session_cache):
    ideas = mixed_ideas()
    harvest = Harvester(cache=session_cache, min_theme_size=2).fit(ideas).harvest_
    texts = {idea.id: idea.text for idea in ideas}
    language_of_topic = dict(MIXED_CAFE.keys())

    assert_partition(harvest, ideas)
    assert {theme.topic for theme in harvest.themes} == set(language_of_topic)
    for theme in harvest.themes:
        assert theme.language == language_of_topic[theme.topic]
        assert_label_is_phrase_from_ideas(theme, texts)
    summaries = {summary.topic: summary for summary in harvest.summaries}
    assert summaries["Energy"].language == "en"
    assert summaries["Mobilität"].language == "de"
    assert "Ideen" in summaries["Mobilität"].text
    assert "ideas" in summaries["Energy"].text


@pytest.mark.parametrize("embedding", ["e5", "lexical"])
def test_fit_german_compound_joins_its_phrase(session_cache, embedding):
    texts = ["Der Fachkräftemangel bremst uns", "Es fehlen Fachkräfte", "Fachkräfte besser bezahlen",
             "Mehr Radwege bauen", "Radwege sicherer machen", "Das Radwegenetz ausbauen"]
    ideas = [IdeaInput(id=i, text=text) for i, text in enumerate(texts)]

    harvest = Harvester(cache=session_cache, embedding=embedding, min_theme_size=2, n_themes=2).fit(ideas).harvest_

    theme_of = harvest.assignments(list(range(len(ideas))))
    assert theme_of[0] == theme_of[1] == theme_of[2] != theme_of[3]


def test_fit_summary_sentences_rest_on_real_ideas(session_cache):
    ideas = mixed_ideas()
    harvest = Harvester(cache=session_cache, min_theme_size=2).fit(ideas).harvest_
    known = {idea.id for idea in ideas}

    for summary in (*harvest.summaries, harvest.cafe_summary):
        assert summary.sentences
        for sentence in summary.sentences:
            assert sentence.idea_ids
            assert set(sentence.idea_ids) <= known
    assert harvest.cafe_summary.topic is None


def test_fit_near_duplicates_merged_with_count(session_cache):
    texts = ["Tempolimit 100 auf der Autobahn", "Tempolimit 100 auf der Autobahn!", "tempolimit 100 auf Autobahnen",
             "Mehr Radwege bauen", "Radwege ausbauen", "Sichere Radwege für Kinder",
             "Bio-Lebensmittel fördern", "Regionale Lebensmittel kaufen", "Weniger Fleisch essen"]
    ideas = [IdeaInput(id=i, text=text) for i, text in enumerate(texts)]
    harvest = Harvester(cache=session_cache, n_themes=3).fit(ideas).harvest_

    groups = [group for theme in harvest.themes for group in theme.duplicates]
    assert (0, 1, 2) in groups or (1, 0, 2) in groups or any(set(group) == {0, 1, 2} for group in groups)
    theme = next(t for t in harvest.themes if 0 in t.idea_ids)
    assert theme.distinct == theme.size - 2
    assert sum(r in (0, 1, 2) for r in theme.representatives) == 1


def test_fit_cross_topic_theme_links_tables(session_cache):
    tempo = ["Tempolimit 100 auf Autobahnen", "Ein Tempolimit auf allen Autobahnen", "Tempolimit einführen"]
    other_a = ["Mehr Radwege bauen", "Radwege sicherer machen", "Radwegenetz ausbauen"]
    other_b = ["Weniger Fleisch essen", "Fleischkonsum senken", "Vegetarische Kantinen"]
    ideas = [IdeaInput(id=i, text=t, topic="Verkehr") for i, t in enumerate(tempo + other_a)]
    ideas += [IdeaInput(id=100 + i, text=t, topic="Klima") for i, t in enumerate(other_b + tempo)]
    harvest = Harvester(cache=session_cache, n_themes=2).fit(ideas).harvest_

    linked = [link for link in harvest.cross_topic if set(link.topics) == {"Verkehr", "Klima"}]
    assert linked
    assert any("Tempolimit" in link.label for link in linked)
    assert "mehreren Tischen" in harvest.cafe_summary.text


def test_fit_cache_hit_makes_rerun_fast(sample_rows, tmp_path):
    ideas = [IdeaInput(id=i, text=row["text"] + " (Neu)") for i, row in enumerate(sample_rows[:30])]
    cache = EmbeddingCache(tmp_path / "embeddings.npz")

    started = time.perf_counter()
    cold = Harvester(cache=cache).fit(ideas).harvest_
    cold_seconds = time.perf_counter() - started
    started = time.perf_counter()
    warm = Harvester(cache=EmbeddingCache(tmp_path / "embeddings.npz")).fit(ideas).harvest_
    warm_seconds = time.perf_counter() - started

    assert (cold.method.cache_hits, cold.method.cache_misses) == (0, 30)
    assert (warm.method.cache_hits, warm.method.cache_misses) == (30, 0)
    assert warm.themes == cold.themes
    assert warm_seconds < cold_seconds


@pytest.mark.parametrize("count", [0, 1, 2, 4])
def test_fit_tiny_input_does_not_fail(count, session_cache):
    ideas = [IdeaInput(id=i, text=f"Mehr Radwege bauen Nummer {i}") for i in range(count)]

    harvest = Harvester(cache=session_cache).fit(ideas).harvest_

    assert_partition(harvest, ideas)


def test_fit_duplicate_ids_rejected():
    ideas = [IdeaInput(id=1, text="a"), IdeaInput(id=1, text="b")]

    with pytest.raises(SynthesisError, match="unique"):
        Harvester().fit(ideas)


def test_init_stores_parameters_only():
    harvester = Harvester(min_themes=3, max_themes=5, random_state=4)

    assert (harvester.min_themes, harvester.max_themes, harvester.random_state) == (3, 5, 4)
    assert not hasattr(harvester, "harvest_")


def test_fit_keys_themes_by_topic_and_names_topics_by_title(session_cache):
    keys = {title: str(number) for number, ((title, _), _texts) in enumerate(MIXED_CAFE.items(), start=17)}
    ideas = [
        IdeaInput(id=idea.id, text=idea.text, topic=keys[idea.topic], topic_title=idea.topic, table=1, round=1)
        for idea in mixed_ideas()
    ]

    harvest = Harvester(embedding="lexical", cache=session_cache, random_state=0).fit(ideas).harvest_

    assert {theme.topic for theme in harvest.themes} == set(keys.values())
    assert {summary.topic for summary in harvest.summaries} == set(keys)
    named = harvest.cafe_summary.text
    assert not any(f"Thema {key})" in named or f"topic {key})" in named for key in keys.values())
    assert any(f"Thema {title})" in named or f"topic {title})" in named for title in keys)
