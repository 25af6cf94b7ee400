"""Which device posts through a table's link: a signed random id in a cookie, set by the table's page.

A table's link is printed on its sign as a QR code, so anyone with a photo of the sign holds it. Ideas posted with
it are counted per device (and against a ceiling for the whole table), so one such phone cannot use up what the
table's own devices may post. Without the cookie (a script that never loaded the page) the client address counts.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest, HttpResponse

from weltcafe.common.private_cookies import set_private_cookie

TABLE_DEVICE_COOKIE = "weltcafe_table_device"
TABLE_DEVICE_MAX_AGE = 60 * 60 * 24 * 30


def _device_id(request: HttpRequest) -> str:
    return request.get_signed_cookie(
        TABLE_DEVICE_COOKIE, default="", salt=TABLE_DEVICE_COOKIE, max_age=TABLE_DEVICE_MAX_AGE
    )


def remember_table_device(request: HttpRequest, response: HttpResponse) -> None:
    """Give this device an id, unless it has a valid one already (a reload keeps its count)."""
    if _device_id(request):
        return
    set_private_cookie(response, TABLE_DEVICE_COOKIE, secrets.token_urlsafe(16), max_age=TABLE_DEVICE_MAX_AGE)


def table_device(request: HttpRequest) -> str:
    """The key ideas from this device count under: its cookie id, else its address."""
    device_id = _device_id(request)
    return f"device:{device_id}" if device_id else f"address:{request.META.get('REMOTE_ADDR', '')}"
