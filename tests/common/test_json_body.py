"""The one JSON body reader: objects only, shallow, UTF-8, no lone surrogates; German reasons."""

from __future__ import annotations

import pytest

from weltcafe.common.json_body import MAX_DEPTH, JsonBodyError, parse_json_object

pytestmark = pytest.mark.unit


def test_parse_json_object_reads_a_flat_object_and_an_empty_body():
    assert parse_json_object(b'{"text": "Idee", "table": 3}') == {"text": "Idee", "table": 3}
    assert parse_json_object(b"") == {}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(b"[" * 30_000 + b"]" * 30_000, "zu tief verschachtelt", id="recursion-deep"),
        pytest.param(b'{"a": ' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1), "zu tief", id="past-the-limit"),
        pytest.param(b'{"text": "\\ud800"}', "ungültige Zeichen", id="lone-surrogate"),
        pytest.param(b'{"\\udfff": 1}', "ungültige Zeichen", id="lone-surrogate-key"),
        pytest.param(b'{"text": "\xff\xfe"}', "nicht UTF-8", id="invalid-utf8"),
        pytest.param(b'["a", "b"]', "JSON-Objekt", id="list"),
        pytest.param(b'"text"', "JSON-Objekt", id="string"),
        pytest.param(b"{nope", "kein gültiges JSON", id="broken"),
        pytest.param(b'{"text": "' + b"x" * 70_000 + b'"}', "zu groß", id="too-large"),
    ],
)
def test_parse_json_object_refuses_with_a_reason(raw, message):
    with pytest.raises(JsonBodyError, match=message):
        parse_json_object(raw)


def test_parse_json_object_allows_the_depth_limit_and_brackets_inside_strings():
    nested = b'{"a": ' * (MAX_DEPTH - 1) + b'"[[[[[[[[[[{{{{{{{{{{"' + b"}" * (MAX_DEPTH - 1)

    assert parse_json_object(nested)["a"] is not None


def test_json_body_error_is_a_validation_error_with_a_message():
    with pytest.raises(JsonBodyError) as caught:
        parse_json_object(b"[]")

    assert caught.value.messages == ["Die Anfrage muss ein JSON-Objekt sein."]
