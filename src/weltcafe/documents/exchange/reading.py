"""Read an uploaded export file strictly: UTF-8 only, no duplicated object keys, bounded nesting, no characters a
database or a Word file cannot store. Every refusal is a ValidationError in the reader's language, never a traceback.
"""

from __future__ import annotations

import json
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from weltcafe.common.json_body import finite_float, refuse_constant

# An export nests six levels (document → list → row → plan summary → list → list); anything far deeper is hostile.
MAX_DEPTH = 16
# NUL and the other C0 controls except tab and newlines: PostgreSQL refuses NUL, Word files refuse the rest.
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


class _DuplicateKey(ValueError):
    pass


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _check_nesting_and_text(document: object) -> None:
    """Walks the parsed document without recursion: depth, and every string and key."""
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValidationError(_("Die Datei ist zu tief verschachtelt."))
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            _check_text(value)


def _check_text(text: str) -> None:
    if FORBIDDEN_CHARACTERS.search(text):
        raise ValidationError(
            _("Die Datei enthält Steuerzeichen oder ungültige Unicode-Zeichen (zum Beispiel „%(text)s“).")
            % {"text": FORBIDDEN_CHARACTERS.sub("�", text[:40])}
        )


def read_document(content: bytes) -> object:
    """The parsed JSON document of an export file, or a ValidationError saying what is wrong with the file."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("Die Datei ist nicht in UTF-8 gespeichert.")) from error
    try:
        document = json.loads(
            text, object_pairs_hook=_refuse_duplicates, parse_constant=refuse_constant, parse_float=finite_float
        )
    except _DuplicateKey as error:
        raise ValidationError(
            _("Die Datei enthält den Eintrag „%(key)s“ doppelt in einem Objekt.") % {"key": str(error)[:80]}
        ) from error
    except RecursionError as error:
        raise ValidationError(_("Die Datei ist zu tief verschachtelt.")) from error
    except ValueError as error:  # not JSON, or NaN, Infinity, 1e400
        raise ValidationError(_("Die Datei ist kein gültiges JSON.")) from error
    _check_nesting_and_text(document)
    return document
