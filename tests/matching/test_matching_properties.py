"""Invariants of every recommendation, for random networks of people (hypothesis)."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weltcafe.matching import INTERESTS, OFFER, SEEK, Person, TextVectors, embed_texts, recommend

pytestmark = pytest.mark.unit

PHRASES = (
    "Partner für Wasserstoff-Pilotprojekte gesucht",
    "Wir bauen Elektrolyseure",
    "hydrogen electrolysers and pilot plants",
    "Fachkräfte gewinnen",
    "Fachkräftemangel",
    "recruiting skilled workers",
    "Catering für Veranstaltungen",
    "Fördermittel für Innovationsprojekte",
    "Beratung zu Förderprogrammen",
    "Lieferketten absichern",
    "supply chain risk management",
    "ERP-Einführung im Mittelstand",
)
TAGS = ("Wasserstoff", "wasserstoff", "Fachkräfte", "FACHKRAEFTE", "Digitalisierung", "Export")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def pool_vectors() -> TextVectors:
    # Every text the strategy can draw, embedded once (lexical: no model, fast).
    return embed_texts([Person(id=i, offers=phrase, visible=True) for i, phrase in enumerate(PHRASES)],
                       embedding="lexical")


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[Person], dict[int, set[int]], int]:
    ids = draw(st.lists(st.integers(1, 80), max_size=12, unique=True))

    def texts() -> str:
        return "; ".join(draw(st.lists(st.sampled_from(PHRASES), max_size=2)))

    people = [
        Person(
            id=pid,
            name=f"Person {pid}",
            organisation=draw(st.sampled_from(("", "a", "b", "c"))),
            region=draw(st.sampled_from(("", "SN", "BY", "XX"))),
            sector=draw(st.sampled_from(("", "Energie", "Chemie"))),
            interests=frozenset(draw(st.lists(st.sampled_from(TAGS), max_size=3))),
            offers=texts(),
            seeks=texts(),
            visible=draw(st.booleans()),
            language=draw(st.sampled_from((None, "de", "en"))),
        )
        for pid in ids
    ]
    met = {pid: set(draw(st.lists(st.sampled_from(ids), max_size=4))) for pid in ids} if ids else {}
    return people, met, draw(st.integers(0, 4))


def met_either_way(met: dict[int, set[int]], a: int, b: int) -> bool:
    return b in met.get(a, set()) or a in met.get(b, set())


@SETTINGS
@given(networks())
def test_recommend_never_suggests_self_colleague_or_already_met(pool_vectors, network):
    people, met, limit = network
    by_id = {p.id: p for p in people}
    result = recommend(people, met=met, limit=limit, vectors=pool_vectors)
    assert set(result) == set(by_id)
    for pid, recs in result.items():
        me = by_id[pid]
        for suggestion in recs.suggestions:
            other = by_id[suggestion.other]
            assert other.id != pid
            assert not (me.organisation and me.organisation == other.organisation)
            assert not met_either_way(met, pid, other.id)


@SETTINGS
@given(networks())
def test_recommend_respects_consent(pool_vectors, network):
    people, met, limit = network
    by_id = {p.id: p for p in people}
    result = recommend(people, met=met, limit=limit, vectors=pool_vectors)
    for pid, recs in result.items():
        if not by_id[pid].visible:
            assert recs.suggestions == ()
            assert recs.sat_with == ()
        listed = [s.other for s in recs.suggestions] + list(recs.sat_with)
        assert all(by_id[other].visible for other in listed)


@SETTINGS
@given(networks())
def test_recommend_sat_with_lists_visible_tablemates_only(pool_vectors, network):
    people, met, limit = network
    by_id = {p.id: p for p in people}
    result = recommend(people, met=met, limit=limit, vectors=pool_vectors)
    for pid, recs in result.items():
        assert list(recs.sat_with) == sorted(set(recs.sat_with))
        for other in recs.sat_with:
            assert other != pid
            assert met_either_way(met, pid, other)
            assert by_id[other].visible
            assert not (by_id[pid].organisation and by_id[pid].organisation == by_id[other].organisation)


@SETTINGS
@given(networks())
def test_recommend_at_most_limit_in_score_then_id_order(pool_vectors, network):
    people, met, limit = network
    result = recommend(people, met=met, limit=limit, vectors=pool_vectors)
    for recs in result.values():
        assert len(recs.suggestions) <= limit
        keys = [(-s.score, s.other) for s in recs.suggestions]
        assert keys == sorted(keys)
        assert len({s.other for s in recs.suggestions}) == len(recs.suggestions)


@SETTINGS
@given(networks())
def test_recommend_scores_finite_and_backed_by_a_substantive_reason(pool_vectors, network):
    people, met, limit = network
    result = recommend(people, met=met, limit=limit, vectors=pool_vectors)
    for recs in result.values():
        for suggestion in recs.suggestions:
            assert math.isfinite(suggestion.score)
            assert suggestion.score > 0
            assert any(reason.kind in (OFFER, SEEK, INTERESTS) for reason in suggestion.reasons)
            assert sum(reason.weight for reason in suggestion.reasons) == pytest.approx(suggestion.score, abs=1e-5)
            assert all(reason.text for reason in suggestion.reasons)


@SETTINGS
@given(networks(), st.randoms(use_true_random=False))
def test_recommend_same_result_for_shuffled_input(pool_vectors, network, rng: random.Random):
    people, met, limit = network
    first = recommend(people, met=met, limit=limit, vectors=pool_vectors)
    again = recommend(people, met=met, limit=limit, vectors=pool_vectors)
    shuffled_people = list(people)
    rng.shuffle(shuffled_people)
    shuffled_met = {pid: list(others)[::-1] for pid, others in reversed(list(met.items()))}
    shuffled = recommend(shuffled_people, met=shuffled_met, limit=limit, vectors=pool_vectors)
    assert again == first
    assert shuffled == first


def test_recommend_lexical_vectors_made_inside_do_not_depend_on_input_order(person):
    people = [
        person(1, seeks="Fachkräftemangel; Lieferketten absichern", offers="Catering für Veranstaltungen"),
        person(2, offers="Fachkräfte fehlen – wir vermitteln", seeks="Fördermittel für Innovationsprojekte"),
        person(3, offers="Beratung zu Förderprogrammen; Lieferkettenanalyse", interests=frozenset({"Export"})),
        person(4, seeks="Catering", interests=frozenset({"export"})),
    ]

    forward = recommend(people, embedding="lexical")
    backward = recommend(people[::-1], embedding="lexical")

    assert backward == forward
