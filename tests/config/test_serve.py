"""`weltcafe serve` as deployed: a real uvicorn process on 127.0.0.1, one worker embedded, two on PostgreSQL+Redis."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.integration
STARTUP_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a fixed http://127.0.0.1 URL
        return json.loads(response.read())


@contextmanager
def _serving(env: dict[str, str], *args: str):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "weltcafe.cli", "serve", "--port", str(port), "--no-migrate", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                _get_json(f"{base}/health/")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise AssertionError(f"server did not start:\n{process.stdout.read()}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _env(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELTCAFE_")}
    env.update(WELTCAFE_DATA_DIR=str(tmp_path), WELTCAFE_SECRET_KEY="test", WELTCAFE_LOG_LEVEL="warning", **extra)
    return env


def test_serve_embedded_default_answers_health(tmp_path):
    with _serving(_env(tmp_path)) as base:
        assert _get_json(f"{base}/health/") == {"status": "ok", "database": "sqlite"}


@pytest.mark.django_db(transaction=True)
def test_serve_two_workers_on_postgresql_and_redis(tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs the PostgreSQL + Redis run of scripts/test.sh (WELTCAFE_DATABASE_URL, WELTCAFE_REDIS_URL)")
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = _env(tmp_path, WELTCAFE_DATABASE_URL=url, WELTCAFE_REDIS_URL=settings.REDIS_URL)

    with _serving(env, "--workers", "2") as base:
        answers = [_get_json(f"{base}/health/") for _ in range(20)]

    assert answers == [{"status": "ok", "database": "postgresql"}] * 20
