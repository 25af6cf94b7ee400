"""How fast the PostgreSQL pool finds its database again after a restart.

psycopg_pool retries a failed connection after 1 s, then 2, 4, 8 … (`AttemptWithBackoff`): after a 10-second
PostgreSQL restart its next attempt came up to 8 s after the database was back, and every request waited for it
(bench/results/live_faults.md). A live café needs the database back within a second or two; one connection
attempt a second is nothing for PostgreSQL, so the pool keeps trying once a second (with its jitter) until its
`reconnect_timeout`. Django builds the pool itself and takes no class for it, hence the class attribute; the
test of this module fails loudly if a psycopg_pool release renames it.
"""

from __future__ import annotations

RETRY_EVERY_SECONDS = 1.0


def retry_steadily() -> None:
    try:
        from psycopg_pool.base import AttemptWithBackoff
    except ImportError:  # SQLite only: no pool
        return
    AttemptWithBackoff.INITIAL_DELAY = RETRY_EVERY_SECONDS
    AttemptWithBackoff.DELAY_BACKOFF = 1.0
