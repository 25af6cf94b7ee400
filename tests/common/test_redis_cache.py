"""The Redis cache shares one connection pool per process (Django #35651: one cache object per async context)."""

from __future__ import annotations

import os

import pytest
from django.core.cache.backends.redis import RedisCache

from weltcafe.common.redis_cache import SharedPoolRedisCache

REDIS_URL = os.environ.get("WELTCAFE_REDIS_URL", "")
pytestmark = pytest.mark.integration


def test_cache_objects_of_a_process_share_one_client_and_pool():
    first = SharedPoolRedisCache("redis://127.0.0.1:6379/15", {})
    second = SharedPoolRedisCache("redis://127.0.0.1:6379/15", {})
    plain = (RedisCache("redis://127.0.0.1:6379/15", {}), RedisCache("redis://127.0.0.1:6379/15", {}))

    assert first._cache is second._cache
    assert first._cache._get_connection_pool(write=True) is second._cache._get_connection_pool(write=True)
    assert plain[0]._cache is not plain[1]._cache  # what Django does on its own, per context


def test_other_servers_get_their_own_client():
    assert SharedPoolRedisCache("redis://127.0.0.1:6379/15", {})._cache is not SharedPoolRedisCache(
        "redis://127.0.0.1:6379/14", {}
    )._cache


@pytest.mark.skipif(not REDIS_URL, reason="needs the PostgreSQL + Redis run of scripts/test.sh (WELTCAFE_REDIS_URL)")
def test_counts_through_the_shared_pool():
    cache = SharedPoolRedisCache(REDIS_URL, {})
    cache.delete("weltcafe-test-counter")
    cache.add("weltcafe-test-counter", 0)

    assert [cache.incr("weltcafe-test-counter") for _ in range(3)] == [1, 2, 3]


def test_a_burst_beyond_the_pool_waits_instead_of_failing():
    import redis

    pool = SharedPoolRedisCache("redis://127.0.0.1:6379/13", {})._cache._get_connection_pool(write=True)

    assert isinstance(pool, redis.BlockingConnectionPool)
    assert pool.max_connections == 100


@pytest.mark.skipif(not REDIS_URL, reason="needs the PostgreSQL + Redis run of scripts/test.sh (WELTCAFE_REDIS_URL)")
def test_a_window_count_starts_its_expiry_on_the_first_hit_and_reads_back_as_django_counts():
    cache = SharedPoolRedisCache(REDIS_URL, {})
    cache.delete("weltcafe-test-window")

    assert [cache.count_in_window("weltcafe-test-window", 60) for _ in range(3)] == [1, 2, 3]
    assert cache.get("weltcafe-test-window") == 3
    assert cache.decr("weltcafe-test-window") == 2
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_and_validate_key("weltcafe-test-window")) <= 60


@pytest.mark.skipif(not REDIS_URL, reason="needs the PostgreSQL + Redis run of scripts/test.sh (WELTCAFE_REDIS_URL)")
def test_a_window_count_left_without_expiry_gets_one():
    cache = SharedPoolRedisCache(REDIS_URL, {})
    cache.set("weltcafe-test-window", 5, timeout=None)

    assert cache.count_in_window("weltcafe-test-window", 60) == 6
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_and_validate_key("weltcafe-test-window")) <= 60
