"""`{% content_lang event %}`: marks what people wrote (titles, topics, ideas) with the event's language on pages
shown in the other one, so a screen reader on /en/ reads "Fachkräfte" as German (WCAG 3.1.2, language of parts)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def content_lang(event: object) -> SafeString | str:
    language = getattr(event, "language", "") or settings.LANGUAGE_CODE
    if language == (translation.get_language() or settings.LANGUAGE_CODE):
        return ""
    return format_html(' lang="{}"', language)
