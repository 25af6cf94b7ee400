"""How many sockets one link may hold open at once, counted per worker process.

A phone needs one socket, a table device or wall one or two (a reload overlaps the old one for a moment); a leaked
token must not let anyone hold a thousand. The count lives in this process's memory: each uvicorn worker allows
the cap on its own, so with N workers a link can hold at most N × cap sockets — still bounded, and no shared store
is needed on the path of every connect. All consumers of a worker run on its one event loop and `take` does not
await, so the check and the count cannot interleave.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings

_open: Counter[str] = Counter()


def cap_for(kind: str) -> int:
    """The cap for a link kind ("p", "t", "w"), from WELTCAFE_SOCKETS_PER_*_LINK."""
    return settings.WELTCAFE_SOCKETS_PER_LINK[kind]


def take(key: str, cap: int) -> bool:
    """Count one more socket on `key`, unless `cap` are open already (then nothing is counted)."""
    if _open[key] >= cap:
        return False
    _open[key] += 1
    return True


def give_back(key: str) -> None:
    _open[key] -= 1
    if _open[key] <= 0:
        del _open[key]


def open_count(key: str) -> int:
    return _open[key]
