"""The `<id:…>` path converter: database ids in URLs, 1 to 18 digits.

Django's `<int:…>` takes any number of digits; a 20-digit id overflows SQLite's 64-bit integers and the lookup
raises OverflowError (a 500) instead of finding nothing. Eighteen digits always fit, so a longer id is simply no
route (404). Registered once, in CommonConfig.ready(), before any URLconf is read; every urls module uses it.
"""

from __future__ import annotations

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


def register_id_converter() -> None:
    register_converter(IdConverter, "id")
