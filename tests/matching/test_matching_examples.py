"""Who to meet, by example: across German and English, across wording, and the rules around the score."""

from __future__ import annotations

import pytest

from weltcafe.matching import (
    INTERESTS,
    OFFER,
    REGION,
    SECTOR,
    SEEK,
    MatchingError,
    TextVectors,
    embed_texts,
    fold_tag,
    recommend,
    text_items,
)

pytestmark = pytest.mark.unit

UNRELATED_OFFERS = (
    "Catering für Veranstaltungen",
    "Büroreinigung und Hausmeisterdienste",
    "Steuerberatung für Handwerksbetriebe",
)


def ranked(result, person_id: int) -> list[int]:
    return [suggestion.other for suggestion in result[person_id].suggestions]


def test_recommend_german_seek_ranks_english_hydrogen_offer_first_e5(person, session_cache):
    seeker = person(1, seeks="Partner für Wasserstoff-Pilotprojekte gesucht")
    hydrogen = person(2, offers="We build hydrogen electrolysers and run pilot plants", language="en")
    others = [person(10 + k, offers=text) for k, text in enumerate(UNRELATED_OFFERS)]
    people = [seeker, hydrogen, *others]

    result = recommend(people, embedding="e5", cache=session_cache)

    assert ranked(result, 1)[0] == 2
    scores = {s.other: s.score for s in result[1].suggestions}
    assert all(scores[2] > scores.get(other.id, 0.0) for other in others)


def test_recommend_reason_quotes_the_seek_and_the_offer_e5(person, session_cache):
    seeker = person(1, seeks="Partner für Wasserstoff-Pilotprojekte gesucht")
    hydrogen = person(2, offers="We build hydrogen electrolysers and run pilot plants", language="en")

    result = recommend([seeker, hydrogen], embedding="e5", cache=session_cache)

    seeker_reason = result[1].suggestions[0].reasons[0]
    offerer_reason = result[2].suggestions[0].reasons[0]
    assert (seeker_reason.kind, offerer_reason.kind) == (OFFER, SEEK)
    assert seeker_reason.text == ("bietet „We build hydrogen electrolysers and run pilot plants“ – "
                                  "Sie suchen „Partner für Wasserstoff-Pilotprojekte gesucht“")
    assert offerer_reason.text == ("is looking for “Partner für Wasserstoff-Pilotprojekte gesucht” – "
                                   "you offer “We build hydrogen electrolysers and run pilot plants”")


def test_recommend_skilled_workers_match_across_languages_e5(person, session_cache):
    seeker = person(1, seeks="Fachkräfte gewinnen")
    recruiter = person(2, offers="recruiting skilled workers")
    solar = person(3, offers="Wir bauen Solaranlagen auf Hallendächern")
    others = [person(10 + k, offers=text) for k, text in enumerate(UNRELATED_OFFERS)]

    result = recommend([seeker, recruiter, solar, *others], embedding="e5", cache=session_cache)

    assert ranked(result, 1)[0] == 2
    assert result[1].suggestions[0].reasons[0].seek == "Fachkräfte gewinnen"
    assert result[1].suggestions[0].reasons[0].offer == "recruiting skilled workers"


def test_recommend_picks_the_matching_item_of_several_e5(person, session_cache):
    seeker = person(1, seeks="Catering für das Sommerfest; Partner für Wasserstoff-Pilotprojekte gesucht")
    hydrogen = person(2, offers="Steuerberatung\nWe build hydrogen electrolysers and run pilot plants")

    result = recommend([seeker, hydrogen], embedding="e5", cache=session_cache)

    reason = result[1].suggestions[0].reasons[0]
    assert (reason.seek, reason.offer) == ("Partner für Wasserstoff-Pilotprojekte gesucht",
                                           "We build hydrogen electrolysers and run pilot plants")


def test_recommend_lexical_compound_matches_its_parts(person):
    seeker = person(1, seeks="Fachkräftemangel")
    helper = person(2, offers="Fachkräfte fehlen")
    others = [person(10 + k, offers=text) for k, text in enumerate(UNRELATED_OFFERS)]

    result = recommend([seeker, helper, *others], embedding="lexical")

    assert ranked(result, 1) == [2]
    assert result[1].suggestions[0].reasons[0].text == "bietet „Fachkräfte fehlen“ – Sie suchen „Fachkräftemangel“"


def test_recommend_empty_texts_produce_no_match(person):
    people = [person(1, seeks="", offers="  ; – "), person(2, offers="", seeks="\n"), person(3, seeks="Catering")]

    result = recommend(people, embedding="lexical")

    assert all(recs.suggestions == () for recs in result.values())


def test_recommend_region_and_sector_alone_suggest_nobody(person):
    people = [person(1, region="SN", sector="Chemie"), person(2, region="SN", sector="Energie")]

    result = recommend(people, embedding="lexical")

    assert result[1].suggestions == ()


def test_recommend_interests_match_across_case_umlauts_and_spaces(person):
    people = [
        person(1, interests=frozenset({"Fachkräfte", "Wasserstoff"})),
        person(2, interests=frozenset({" fachkraefte ", "Export"})),
        person(3, interests=frozenset({"FACHKRÄFTE", "wasserstoff"})),
    ]

    result = recommend(people, embedding="lexical")

    assert ranked(result, 1) == [3, 2]
    reason = result[1].suggestions[0].reasons[0]
    assert (reason.kind, reason.interests) == (INTERESTS, ("Fachkräfte", "Wasserstoff"))
    assert reason.text == "gemeinsame Interessen: Fachkräfte, Wasserstoff"


def test_recommend_region_and_sector_reasons_in_german_and_english(person):
    people = [
        person(1, region="SN", sector="Chemie", interests=frozenset({"Export"})),
        person(2, region="SN", sector="Maschinenbau", interests=frozenset({"Export"}), language="en"),
    ]

    result = recommend(people, embedding="lexical")

    german = [(r.kind, r.text) for r in result[1].suggestions[0].reasons]
    english = [(r.kind, r.text) for r in result[2].suggestions[0].reasons]
    assert german == [(INTERESTS, "gemeinsame Interessen: Export"), (REGION, "aus Ihrer Region (Sachsen)"),
                      (SECTOR, "andere Branche: Maschinenbau")]
    assert english == [(INTERESTS, "shared interests: Export"), (REGION, "from your region (Saxony)"),
                       (SECTOR, "a different sector: Chemie")]


def test_recommend_same_region_ranks_first_when_all_else_is_equal(person):
    tags = frozenset({"Export"})
    people = [person(1, region="SN", interests=tags), person(2, region="BY", interests=tags),
              person(3, region="SN", interests=tags)]

    result = recommend(people, embedding="lexical")

    assert ranked(result, 1) == [3, 2]


def test_recommend_mutual_match_beats_one_way_match(person):
    me = person(1, seeks="Fachkräfte gewinnen", offers="Wasserstoff-Tankstellen planen")
    mutual = person(2, offers="Fachkräfte gewinnen", seeks="Wasserstoff-Tankstellen planen")
    one_way = person(3, offers="Fachkräfte gewinnen")

    result = recommend([me, mutual, one_way], embedding="lexical")

    assert ranked(result, 1) == [2, 3]
    assert [r.kind for r in result[1].suggestions[0].reasons] == [OFFER, SEEK]
    assert result[1].suggestions[0].score == pytest.approx(1.5)


def test_recommend_colleagues_never_suggested_and_not_listed_as_tablemates(person):
    me = person(1, organisation="acme", seeks="Fachkräfte gewinnen")
    colleague = person(2, organisation="acme", offers="Fachkräfte gewinnen")
    stranger = person(3, organisation="", seeks="Fachkräfte gewinnen")
    also_none = person(4, organisation="", offers="Fachkräfte gewinnen")

    result = recommend([me, colleague, stranger, also_none], met={1: [2]}, embedding="lexical")

    assert ranked(result, 1) == [4]
    assert result[1].sat_with == ()
    assert ranked(result, 3) == [2, 4]  # no organisation: nobody's colleague


def test_recommend_already_met_go_to_sat_with_only_when_visible(person):
    me = person(1, seeks="Fachkräfte gewinnen")
    met_visible = person(2, offers="Fachkräfte gewinnen")
    met_hidden = person(3, offers="Fachkräfte gewinnen", visible=False)
    not_met = person(4, offers="Fachkräfte gewinnen")

    result = recommend([me, met_visible, met_hidden, not_met], met={2: {1}, 1: {3}}, embedding="lexical")

    assert ranked(result, 1) == [4]
    assert result[1].sat_with == (2,)
    assert result[2].sat_with == (1,)


def test_recommend_invisible_person_gets_nothing_and_is_not_embedded(person):
    hidden = person(1, seeks="Fachkräfte gewinnen", visible=False)
    offerer = person(2, offers="Fachkräfte gewinnen")

    vectors = embed_texts([hidden, offerer], embedding="lexical")
    result = recommend([hidden, offerer], met={1: [2]}, vectors=vectors)

    assert (result[1].suggestions, result[1].sat_with) == ((), ())
    assert (result[2].suggestions, result[2].sat_with) == ((), ())
    assert list(vectors.vectors) == ["Fachkräfte gewinnen"]


def test_recommend_limit_zero_keeps_sat_with(person):
    people = [person(1, seeks="Fachkräfte gewinnen"), person(2, offers="Fachkräfte gewinnen"), person(3)]

    result = recommend(people, met={1: [3]}, limit=0, embedding="lexical")

    assert result[1].suggestions == ()
    assert result[1].sat_with == (3,)


def test_recommend_viewers_gives_the_same_lists_for_fewer_people(person):
    people = [person(1, seeks="Fachkräfte gewinnen"), person(2, offers="Fachkräfte gewinnen; Catering"),
              person(3, seeks="Catering", interests=frozenset({"Export"})), person(4, interests=frozenset({"export"}))]
    vectors = embed_texts(people, embedding="lexical")

    everyone = recommend(people, vectors=vectors)
    some = recommend(people, vectors=vectors, viewers=[3])

    assert some == {3: everyone[3]}


def test_recommend_vectors_from_a_warm_cache_give_the_same_result_e5(person, session_cache):
    people = [person(1, seeks="Fachkräfte gewinnen"), person(2, offers="recruiting skilled workers")]

    first = recommend(people, vectors=embed_texts(people, embedding="e5", cache=session_cache))
    misses = session_cache.misses
    second = recommend(people, vectors=embed_texts(people, embedding="e5", cache=session_cache))

    assert second == first
    assert session_cache.misses == misses


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"limit": -1}, "limit"),
        ({"language": "fr"}, "language"),
        ({"vectors": TextVectors(backend="e5")}, "no vector"),
        ({"vectors": TextVectors(backend="tfidf")}, "calibration"),
    ],
)
def test_recommend_bad_arguments_raise_matching_error(person, kwargs, message):
    people = [person(1, seeks="Fachkräfte gewinnen"), person(2)]

    with pytest.raises(MatchingError, match=message):
        recommend(people, **kwargs)


def test_recommend_duplicate_ids_raise_matching_error(person):
    with pytest.raises(MatchingError, match="twice"):
        recommend([person(1), person(1)], embedding="lexical")


def test_text_items_split_at_separators_and_drop_empties():
    assert text_items("Elektrolyseure; Förderberatung\n• Schulungen  vor Ort |  ; –") == (
        "Elektrolyseure", "Förderberatung", "Schulungen vor Ort")


def test_fold_tag_ignores_case_umlauts_hyphens_and_whitespace():
    assert fold_tag("  IT-Sicherheit ") == fold_tag("it sicherheit")
    assert fold_tag("Fachkräfte") == fold_tag("FACHKRAEFTE") == "fachkraefte"
