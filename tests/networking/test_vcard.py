"""The contact card: RFC 2426 escaping and folding, read back by a strict reader and by icalendar's content-line
parser (the same line grammar)."""

from __future__ import annotations

import pytest
from icalendar.parser import Contentlines

from tests.networking.vcard_parser import VCardError, as_dict, parse
from weltcafe.networking.vcard import Card, escape, fold, make_vcard, split_name

pytestmark = pytest.mark.unit


def test_make_vcard_name_with_comma_and_semicolon_round_trips():
    card = Card(name="Müller-Lüdenscheidt, Anna; Dr.", organisation="Keller; Söhne, GmbH", email="anna@example.org")

    fields = as_dict(make_vcard(card).encode("utf-8"))

    assert fields["FN"].components == ("Müller-Lüdenscheidt, Anna; Dr.",)
    assert fields["N"].components == ("Müller-Lüdenscheidt", "Anna; Dr.", "", "", "")
    assert fields["ORG"].components == ("Keller; Söhne, GmbH",)
    assert fields["EMAIL"].components == ("anna@example.org",)
    assert fields["EMAIL"].params == ("TYPE=INTERNET",)


def test_make_vcard_escapes_backslash_and_newline():
    card = Card(name="A\\B", note="Zeile 1\nZeile 2")

    fields = as_dict(make_vcard(card).encode("utf-8"))

    assert fields["FN"].components == ("A\\B",)
    assert fields["NOTE"].components == ("Zeile 1\nZeile 2",)


def test_make_vcard_long_utf8_values_folded_within_75_octets():
    name = "Ä" * 60 + " Ölmühle"
    text = make_vcard(Card(name=name, organisation="Über" * 40, phone="+49 341 1234-56"))

    fields = as_dict(text.encode("utf-8"))  # refuses lines over 75 octets and split characters

    assert fields["FN"].text == name
    assert fields["ORG"].text == "Über" * 40
    assert fields["TEL"].text == "+49 341 1234-56"
    assert max(len(line.encode("utf-8")) for line in text.split("\r\n")) <= 75


def test_make_vcard_icalendar_reads_the_same_values():
    card = Card(name="Müller, Anna; Dr.", organisation="Keller; Söhne", email="anna@example.org", phone="+49 30 1")
    text = make_vcard(card)

    lines = {line.parts()[0]: line.parts()[2] for line in Contentlines.from_ical(text) if line}

    assert lines["FN"] == "Müller, Anna; Dr."
    assert lines["ORG"] == "Keller; Söhne"
    assert lines["EMAIL"] == "anna@example.org"
    assert lines["TEL"] == "+49 30 1"


def test_make_vcard_without_optional_fields_has_only_name():
    fields = as_dict(make_vcard(Card(name="Ben Vogel")).encode("utf-8"))

    assert sorted(fields) == ["BEGIN", "END", "FN", "N", "PRODID", "VERSION"]
    assert fields["N"].components == ("Vogel", "Ben", "", "", "")


def test_parse_unescaped_comma_refused():
    with pytest.raises(VCardError):
        parse(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A, B\r\nEND:VCARD\r\n")


def test_escape_and_fold_basics():
    assert escape("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"
    assert fold("X" * 80) == "X" * 75 + "\r\n " + "X" * 5
    assert split_name("Anna Maria Berger") == ("Berger", "Anna Maria")
