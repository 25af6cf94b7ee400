"""Tokens never reach the server log: a logging filter that shortens link tokens in every logged path.

A personal link, a badge, a table sign or the wall link is a login in the URL; an access log with full paths would
be a list of logins for anyone who reads the log. The filter sits on the handlers (Django's console handler in
settings.LOGGING, uvicorn's in `uvicorn_log_config`), so every record passes it, whichever logger made it:
uvicorn's access lines and websocket lines, Django's "Not Found: …" warnings. The first four characters stay, so an
organiser can still tell two links apart in a log.
"""

from __future__ import annotations

import copy
import logging
import re

KEEP = 4
# /live/<kind>/<token>/… (German and /en/), /live/b/<token>/ (badges), /ws/cafe/<kind>/<token>/ (sockets); also
# without the leading slash, as Django's Resolver404 quotes a path.
# Case and doubled slashes as a client may send them (/LIVE/p/…, /live//p/…): Django answers 404 and logs the path.
TOKEN_IN_PATH = re.compile(
    r"(?P<prefix>(?<![A-Za-z0-9_-])(?:live|ws/+cafe)/+[a-z]/+)(?P<token>[A-Za-z0-9_-]+)", re.IGNORECASE
)


def mask_tokens(text: str) -> str:
    return TOKEN_IN_PATH.sub(lambda match: match["prefix"] + match["token"][:KEEP] + "…", text)


def _masked(value: object) -> object:
    return mask_tokens(value) if isinstance(value, str) else value


_TRACEBACKS = logging.Formatter()


class MaskTokens(logging.Filter):
    """Shortens tokens in the message and in its arguments; numbers and other arguments stay as they are, because
    formatters such as uvicorn's AccessFormatter read the arguments by position and type."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _masked(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_masked(value) for value in record.args)
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when set: a traceback quoting a path is masked like the message.
            record.exc_text = mask_tokens(_TRACEBACKS.formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_tokens(record.exc_text)
        return True


FILTER_CONFIG = {"mask_tokens": {"()": "weltcafe.common.log_masking.MaskTokens"}}


def uvicorn_log_config() -> dict:
    """uvicorn's own logging set-up, with the token filter on each of its handlers."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {}).update(FILTER_CONFIG)
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), "mask_tokens"]
    return config
