"""Django's Redis cache with one connection pool per process.

Django keeps cache objects per async context (asgiref Local), so under ASGI every request builds a fresh
`RedisCache`, a fresh redis-py connection pool and a new TCP connection to Redis (Django ticket #35651) — on the
rate limiter's path that is a connect per posted idea. redis-py's pools are thread-safe, so every cache object of a
process can share one: this backend keeps the client (and its pool) per server list and options.

Rate limits count with `count_in_window`: one round trip (a Lua script: INCR, and the expiry on the first hit)
instead of the three of Django's `add` + `incr` (SET NX, EXISTS, INCRBY).

A shared pool has a ceiling, so it is a blocking one: a burst of more requests than connections waits a moment for
a free connection instead of failing with "Too many connections" (redis-py's plain pool refuses at once).
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# Per process (one uvicorn worker): more than the threads Django runs requests in at once; waiting is bounded.
POOL_DEFAULTS: dict[str, Any] = {"pool_class": "redis.BlockingConnectionPool", "max_connections": 100, "timeout": 10}

_clients: dict[tuple[tuple[str, ...], str], RedisCacheClient] = {}

# The count of this window; the first hit (or a key left without expiry) starts the window's clock.
_COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('TTL', KEYS[1]) == -1 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return count
"""
_lock = threading.Lock()


class SharedPoolRedisCache(RedisCache):
    # Set by RedisCache.__init__; declared here because django-stubs leaves them out.
    _servers: list[str]
    _options: dict[str, Any]
    _class: type[RedisCacheClient]

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = {**POOL_DEFAULTS, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})

    @cached_property
    def _cache(self) -> RedisCacheClient:
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = self._class(self._servers, **self._options)
        return client

    @cached_property
    def _count_script(self) -> Any:
        return self._cache.get_client(write=True).register_script(_COUNT_IN_WINDOW)

    def count_in_window(self, key: str, timeout: int) -> int:
        """Add one to `key` and return the new count, atomically; the key expires `timeout` s after its first
        hit. The value stays a plain integer, so `get` and `decr` read it as Django's own `incr` leaves it."""
        return int(self._count_script(keys=[self.make_and_validate_key(key)], args=[int(timeout)]))
