import threading

import pytest
from django.core.cache import cache

from weltcafe.common.throttle import Lockout, RateLimit, _cache_key

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _end_current_lock(lockout: Lockout, key: str) -> None:
    # Stands for the lock's time running out (the counter and the lock share one expiry), without sleeping.
    cache.delete(_cache_key("lock-count", lockout.name, key))
    cache.delete(_cache_key("lock-until", lockout.name, key))


def _run_concurrently(count: int, action) -> list:
    results: list = []
    start = threading.Barrier(count)

    def worker() -> None:
        start.wait()
        results.append(action())

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_lockout_allows_exactly_the_limit_of_200_concurrent_attempts():
    lockout = Lockout(name="test", limit=10, window_seconds=60)

    attempts = _run_concurrently(200, lambda: lockout.attempt("key"))

    assert sum(attempt.allowed for attempt in attempts) == 10


def test_lockout_first_lock_lasts_one_minute():
    lockout = Lockout(name="test", limit=3, window_seconds=60)
    for _ in range(3):
        assert lockout.attempt("key").allowed

    refused = lockout.attempt("key")

    assert (refused.allowed, refused.retry_after_seconds) == (False, 60)


def test_lockout_doubles_for_each_further_lockout_up_to_the_cap():
    lockout = Lockout(name="test", limit=1, window_seconds=60, first_lock_seconds=60, max_lock_seconds=300)
    locks = []

    for _ in range(5):
        lockout.attempt("key")
        locks.append(lockout.attempt("key").retry_after_seconds)
        _end_current_lock(lockout, "key")

    assert locks == [60, 120, 240, 300, 300]


def test_lockout_keys_are_independent():
    lockout = Lockout(name="test", limit=1, window_seconds=60)
    lockout.attempt("a")
    lockout.attempt("a")

    assert lockout.attempt("b").allowed


def test_lockout_refund_takes_back_one_attempt_only():
    lockout = Lockout(name="test", limit=3, window_seconds=60)
    lockout.attempt("key")
    lockout.attempt("key")
    lockout.refund("key")

    results = [lockout.attempt("key").allowed for _ in range(3)]

    assert results == [True, True, False]


def test_rate_limit_hit_returns_the_new_count_of_concurrent_hits():
    limit = RateLimit(name="test", limit=5, window_seconds=60)

    counts = _run_concurrently(50, lambda: limit.hit("key"))

    assert sorted(counts) == list(range(1, 51))
