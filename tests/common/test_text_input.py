"""Free text without control characters: one function for services and forms."""

from __future__ import annotations

import pytest
from django import forms

from weltcafe.common.text_input import TypedTextFormMixin, clean_typed_text

pytestmark = pytest.mark.unit


def test_clean_typed_text_drops_c0_c1_del_and_xml_non_characters():
    typed = "A\x00b\x01c\x08d\x0be\x0cf\x1bg\x7fh\x85i\x9fj\ufffek\uffffl\ud800m"

    assert clean_typed_text(typed) == "Abcdefghijklm"


def test_clean_typed_text_keeps_tab_newline_and_normalises_crlf():
    assert clean_typed_text("Eins\tzwei\r\ndrei\rvier\nfünf – 🙂") == "Eins\tzwei\ndrei\nvier\nfünf – 🙂"


class _NoteForm(TypedTextFormMixin, forms.Form):
    text = forms.CharField(max_length=20)
    count = forms.IntegerField()


def test_typed_text_form_mixin_cleans_every_text_field():
    form = _NoteForm(data={"text": "Hallo\x01\x1b Welt\r\n", "count": "3"})

    assert form.is_valid()
    assert form.cleaned_data == {"text": "Hallo Welt", "count": 3}
