"""Free text as people type it, made safe to store and to print: one definition for services and forms.

A NUL or another control character in an idea breaks the Word report (XML cannot carry it), confuses the CSV
readers downstream and is invisible on every screen. Tab and line feed are kept; CRLF and CR become LF, as
browsers send text areas with CRLF. XML's non-characters U+FFFE/U+FFFF and lone surrogates (which UTF-8 cannot
encode) go as well.
"""

from __future__ import annotations

import re

from django import forms

# C0 except tab and line feed, DEL, C1, lone surrogates, and the two XML non-characters.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_typed_text(text: str) -> str:
    """The text without control characters; line breaks normalised to LF. Does not trim."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class TypedTextFormMixin:
    """Cleans every text a form hands on, after its fields validated (so length checks see what was typed)."""

    def clean(self) -> dict:
        cleaned = super().clean()  # type: ignore[misc]
        for name, value in cleaned.items():
            if isinstance(value, str) and isinstance(self.fields.get(name), forms.CharField):  # type: ignore[attr-defined]
                cleaned[name] = clean_typed_text(value)
        return cleaned
