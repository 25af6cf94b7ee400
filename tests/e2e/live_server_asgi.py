"""A live server that speaks websockets: the real ASGI application under uvicorn, in a thread of the test process.

Why not pytest-django's `live_server`: it is WSGI, so the live pages' socket would fail and live.js would fall back to
polling after two attempts, which proves nothing about the live path. Why not Channels' ChannelsLiveServerTestCase:
it needs daphne, which is not a dependency. Why a thread and not a subprocess: in this process the server shares

- the test database: pytest-django's SQLite test database is in memory with a shared cache
  ("file:memorydb_default?mode=memory&cache=shared"), so a new connection from a server thread opens the same
  database; with `transactional_db` every row the test writes is committed and visible to the server at once;
- the in-process channel layer, so an event sent after a write reaches every socket of the café.

`errors` collects every ERROR the server logs (a 500, an exception in a consumer): a test asserts it stays empty,
so a failure on the server (e.g. "database table is locked") fails the test instead of hiding behind a retry in
the browser.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

STARTUP_SECONDS = 10
SHUTDOWN_SECONDS = 10
WATCHED_LOGGERS = ("django.request", "django.channels.server", "uvicorn.error", "asyncio")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


class AsgiLiveServer:
    def __init__(self, url: str, server: uvicorn.Server, collector: _Collect) -> None:
        self.url = url
        self._server = server
        self._collector = collector

    @property
    def errors(self) -> list[str]:
        return list(self._collector.records)


@contextmanager
def serve_asgi() -> Iterator[AsgiLiveServer]:
    """Serve weltcafe.config.asgi on a free 127.0.0.1 port until the block ends."""
    from weltcafe.config.asgi import application

    # Bind first and hand the socket to uvicorn: no window in which another process could take the port.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        application,
        log_config=None,  # leave the test run's logging alone
        log_level="warning",
        access_log=False,
        lifespan="off",
        loop="asyncio",  # uvloop in a thread buys nothing here
        ws="websockets-sansio",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    collector = _Collect()
    loggers = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name="uvicorn-e2e", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start: {collector.records}")
            time.sleep(0.02)
        yield AsgiLiveServer(f"http://127.0.0.1:{port}", server, collector)
    finally:
        server.should_exit = True
        thread.join(timeout=SHUTDOWN_SECONDS)
        listener.close()
        for logger in loggers:
            logger.removeHandler(collector)
