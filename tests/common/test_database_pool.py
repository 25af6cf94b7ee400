"""The PostgreSQL pool tries to reconnect once a second, not with a doubling back-off (common/database_pool.py)."""

import pytest

pytestmark = pytest.mark.unit


def test_the_pool_retries_every_second_after_a_failed_connection():
    from psycopg_pool.base import AttemptWithBackoff

    attempt = AttemptWithBackoff(timeout=300)
    delays = []
    for now in range(5):
        attempt.update_delay(float(now))
        delays.append(attempt.delay)

    assert all(0.85 <= delay <= 1.15 for delay in delays), delays
