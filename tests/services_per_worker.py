"""Give each pytest-xdist worker of the PostgreSQL + Redis run its own Redis database and channel-layer prefix.

Loaded with `-p tests.services_per_worker` (scripts/test.sh), so it runs before pytest-django reads the settings.
PostgreSQL needs nothing here: pytest-django already gives each worker its own test database (test_test_gw0, ...).
Redis does: the cache (rate limits, socket slots) is cleared before every test, and the channel layer's groups are
named by primary keys — two workers' cafés 1 would hear each other's ideas. Pub/sub channels are not scoped by
the database number, hence the prefix as well. Server subprocesses started by tests inherit the environment.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit


def _worker_number() -> int | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # set by xdist before the worker parses its config
    return int(worker.removeprefix("gw")) if worker.startswith("gw") else None


def _own_database(url: str, number: int) -> str:
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    own = base - number if base - number >= 0 else base + number  # downwards from the given one (15, 14, ...)
    return urlunsplit(parts._replace(path=f"/{own}"))


_number = _worker_number()
if _number is not None and os.environ.get("WELTCAFE_REDIS_URL"):
    os.environ["WELTCAFE_REDIS_URL"] = _own_database(os.environ["WELTCAFE_REDIS_URL"], _number)
    os.environ["WELTCAFE_REDIS_PREFIX"] = f"weltcafe-test-gw{_number}"
