"""The one reader of JSON request bodies: every JSON endpoint gets an object or a 400 with a German reason.

Python's json module recurses once per nesting level, so ``[[[[…]]]]`` a hundred thousand deep ends in a
RecursionError (a 500) on every endpoint; that, and any depth past a small limit, is refused. A lone surrogate
(``"\\ud800"``) is valid JSON but no valid text: it cannot be stored or encoded, and was a 500 that phones retried
forever.
"""

from __future__ import annotations

import json
import math
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

# The phones send flat objects; a body this deep or this large is never one of ours.
MAX_DEPTH = 8
MAX_BYTES = 64 * 1024

FormT = TypeVar("FormT", bound=forms.Form)


class JsonBodyError(ValidationError):
    """The body is not a small, flat, well-formed JSON object; ``message`` says why, in the user's language."""


def json_error(message: object, status: int) -> JsonResponse:
    """The one shape of a refused JSON request: {"error": reason}, the reason in the user's language."""
    return JsonResponse({"error": str(message)}, status=status)


def read_json_form(request: HttpRequest, form_class: type[FormT]) -> FormT:
    """The request's JSON object checked by `form_class`, the same way a posted HTML form is: a valid form, or
    JsonBodyError (400) — a wrong body, or a field missing or of the wrong type ("Die Anfrage ist unvollständig.")."""
    form = form_class(data=read_json_object(request))
    if not form.is_valid():
        raise JsonBodyError(_("Die Anfrage ist unvollständig."), code="incomplete")
    return form


def read_json_object(request: HttpRequest) -> dict:
    """The request body as a dict; an empty body is an empty object."""
    return parse_json_object(request.body)


def parse_json_object(raw: bytes) -> dict:
    if not raw.strip():
        return {}
    if len(raw) > MAX_BYTES:
        raise JsonBodyError(_("Die Anfrage ist zu groß."), code="too_large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsonBodyError(_("Die Anfrage ist nicht UTF-8-kodiert."), code="encoding") from error
    try:
        value = json.loads(text, parse_constant=refuse_constant, parse_float=finite_float)
    except RecursionError as error:
        raise _too_deep() from error
    except ValueError as error:
        raise JsonBodyError(_("Die Anfrage ist kein gültiges JSON."), code="invalid") from error
    if not isinstance(value, dict):
        raise JsonBodyError(_("Die Anfrage muss ein JSON-Objekt sein."), code="not_object")
    _check_depth_and_text(value)
    return value


def refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is no JSON number")  # NaN and Infinity: Python's extension, never sent by a phone


def finite_float(text: str) -> float:
    """A JSON number as a float, refusing 1e400 (it would become inf, and int(inf) raises OverflowError)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def _too_deep() -> JsonBodyError:
    return JsonBodyError(_("Die Anfrage ist zu tief verschachtelt."), code="too_deep")


def _check_depth_and_text(value: object) -> None:
    """Walk without recursion (the parsed value may be nested hundreds deep): depth, and text UTF-8 can encode."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            if depth > MAX_DEPTH:
                raise _too_deep()
            pending.extend((key, depth) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            if depth > MAX_DEPTH:
                raise _too_deep()
            pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as error:
                raise JsonBodyError(_("Die Anfrage enthält ungültige Zeichen."), code="surrogate") from error
