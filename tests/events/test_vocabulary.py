import pytest

from weltcafe.events.vocabulary import parse_language, parse_organisation_kind, parse_region, parse_role

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Bayern", "BY"),
        ("bavaria", "BY"),
        ("BY", "BY"),
        ("NRW", "NW"),
        ("Nordrhein-Westfalen", "NW"),
        ("Baden-Württemberg", "BW"),
        ("Baden-Wuerttemberg", "BW"),
        ("thüringen", "TH"),
        ("Ausland", "XX"),
    ],
)
def test_parse_region_accepts_usual_spellings(spelling, code):
    assert parse_region(spelling) == code


def test_parse_region_unknown_is_none():
    assert parse_region("Bayernland") is None


@pytest.mark.parametrize(
    ("spelling", "code"),
    [("IHK", "chamber"), ("Unternehmen", "company"), ("Gewerkschaft", "union"), ("Ministerium", "ministry")],
)
def test_parse_organisation_kind_accepts_german_words(spelling, code):
    assert parse_organisation_kind(spelling) == code


def test_parse_role_and_language_accept_both_languages():
    assert (
        parse_role("Gastgeberin"),
        parse_role("host"),
        parse_language("English"),
        parse_language("Deutsch"),
    ) == (
        "host",
        "host",
        "en",
        "de",
    )
