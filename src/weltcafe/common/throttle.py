"""Fixed-window rate limits in Django's cache (Redis when scaled, process memory otherwise)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` hits per `window_seconds` for one key; `name` keeps different limits apart."""

    name: str
    limit: int
    window_seconds: int

    def _key(self, key: str) -> str:
        # Hashed so that e-mail addresses or IPs never appear in the cache as plain text.
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return f"weltcafe:rate:{self.name}:{digest}"

    def hits(self, key: str) -> int:
        return int(cache.get(self._key(key), 0))

    def is_exceeded(self, key: str) -> bool:
        return self.hits(key) >= self.limit

    def hit(self, key: str) -> int:
        cache_key = self._key(key)
        if cache.add(cache_key, 1, timeout=self.window_seconds):
            return 1
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=self.window_seconds)
            return 1

    def reset(self, key: str) -> None:
        cache.delete(self._key(key))
