"""The database or Redis away for a moment (a restart, a failover, a full pool): 503 with Retry-After, not 500.

Django turns every exception into its 500 page; for these the truth is "try again in a moment", and the phone's
outbox (static/weltcafe/live.js) keeps an idea through 429 and 5xx alike but waits as long as Retry-After says.
`server_error` is the project's handler500: Django calls it inside its `except` block, so the exception is at hand
in `sys.exc_info()`. The error is still logged by Django as before.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from weltcafe.config.overload import RETRY_AFTER_SECONDS, refusal

# The database unreachable or its pool empty (psycopg_pool.PoolTimeout arrives as OperationalError, as does
# SQLite's "database is locked"); Redis unreachable (the rate limits' cache).
AWAY = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


def server_error(request: HttpRequest) -> HttpResponse:
    if not isinstance(sys.exc_info()[1], AWAY):
        return defaults.server_error(request)
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        title = gettext("Kurz nicht erreichbar")
        text = gettext(
            "Der Server erreicht gerade seine Datenbank nicht. Ihre Eingaben bleiben auf dem Telefon gespeichert "
            "und werden gleich noch einmal gesendet."
        )
    body, content_type = refusal(language, request.headers.get("Accept", "").encode("latin-1"), title=title, text=text)
    response = HttpResponse(body, content_type=content_type.decode("ascii"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
