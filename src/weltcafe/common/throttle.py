"""Rate limits in Django's cache (Redis when scaled, process memory otherwise).

`RateLimit` is a fixed window; `Lockout` adds exponential back-off on top of one for logins. Both count with the
cache's atomic add/incr before anything expensive happens, so parallel requests cannot slip past the limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


def _cache_key(kind: str, name: str, key: str) -> str:
    # Hashed so that e-mail addresses or IPs never appear in the cache as plain text.
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"weltcafe:{kind}:{name}:{digest}"


def _increment(cache_key: str, *, timeout: int) -> int:
    """Add one and return the new count; atomic in LocMem and Redis (add, then incr, which keeps the expiry)."""
    count_in_window = getattr(cache, "count_in_window", None)
    if count_in_window is not None:  # the Redis cache (common/redis_cache.py): the same in one round trip
        return int(count_in_window(cache_key, timeout))
    if cache.add(cache_key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=timeout)
        return 1


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` hits per `window_seconds` for one key; `name` keeps different limits apart."""

    name: str
    limit: int
    window_seconds: int

    def _key(self, key: str) -> str:
        return _cache_key("rate", self.name, key)

    def hits(self, key: str) -> int:
        return int(cache.get(self._key(key), 0))

    def hit(self, key: str) -> int:
        """Count first, then compare the returned count with `limit`; a separate check before would be a race."""
        return _increment(self._key(key), timeout=self.window_seconds)

    def refund(self, key: str) -> None:
        """Take back one hit (e.g. a login that turned out right), never the hits of others."""
        with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing left to take back
            cache.decr(self._key(key))

    def reset(self, key: str) -> None:
        cache.delete(self._key(key))


@dataclass(frozen=True)
class Attempt:
    allowed: bool
    retry_after_seconds: int = 0


@dataclass(frozen=True)
class Lockout:
    """`limit` attempts per window; the attempt after that locks the key for `first_lock_seconds`, each further
    lockout within `strike_memory_seconds` doubles the lock up to `max_lock_seconds`."""

    name: str
    limit: int
    window_seconds: int
    first_lock_seconds: int = 60
    max_lock_seconds: int = 60 * 60
    strike_memory_seconds: int = 24 * 60 * 60

    def attempt(self, key: str) -> Attempt:
        """Count one attempt first, then decide: no check-then-count window that parallel requests could share."""
        counter = _cache_key("lock-count", self.name, key)
        count = _increment(counter, timeout=self.window_seconds)
        if count <= self.limit:
            return Attempt(allowed=True)
        until_key = _cache_key("lock-until", self.name, key)
        if count == self.limit + 1:  # exactly one request sees this count, so a lockout is one strike
            seconds = self._lock_seconds(key)
            # The counter now lives as long as the lock: refused until it ends, a fresh window afterwards.
            cache.set(counter, count, timeout=seconds)
            cache.set(until_key, time.time() + seconds, timeout=seconds)
            return Attempt(allowed=False, retry_after_seconds=seconds)
        until = cache.get(until_key)
        remaining = int(until - time.time()) + 1 if until else self.first_lock_seconds
        return Attempt(allowed=False, retry_after_seconds=max(remaining, 1))

    def refund(self, key: str) -> None:
        """Take back one attempt of a key that was allowed (a right password), not the whole count."""
        with contextlib.suppress(ValueError):
            cache.decr(_cache_key("lock-count", self.name, key))

    def reset(self, key: str) -> None:
        for kind in ("lock-count", "lock-until", "lock-strikes"):
            cache.delete(_cache_key(kind, self.name, key))

    def _lock_seconds(self, key: str) -> int:
        strikes_key = _cache_key("lock-strikes", self.name, key)
        strikes = _increment(strikes_key, timeout=self.strike_memory_seconds)
        cache.touch(strikes_key, timeout=self.strike_memory_seconds)  # remembered a day after the latest strike
        return min(self.first_lock_seconds * 2 ** (strikes - 1), self.max_lock_seconds)
