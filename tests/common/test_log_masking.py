"""Link tokens never reach the server log: the filter on uvicorn's and Django's records, and `weltcafe serve`."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from uvicorn.logging import AccessFormatter, DefaultFormatter

from weltcafe.common.log_masking import MaskTokens, mask_tokens, uvicorn_log_config

TOKEN = "Xq7Rk2mN9pL4vB8cD1fG6hJ3kS5tW0yZaEuIoPqRsTu"  # 43 characters, like new_access_token()
SHORT = "Xq7R…"


def _record(name: str, msg: str, args: tuple) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)


@pytest.mark.unit
def test_mask_filter_on_a_uvicorn_access_record_keeps_four_characters_and_the_status():
    # What uvicorn's h11/httptools protocols log for every request (uvicorn/protocols/http/*.py).
    record = _record("uvicorn.access", '%s - "%s %s HTTP/%s" %d', ("127.0.0.1:53174", "GET", f"/live/p/{TOKEN}/state/",
                                                                  "1.1", 200))

    kept = MaskTokens().filter(record)
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False).format(record)

    assert kept is True
    assert line == f'127.0.0.1:53174 - "GET /live/p/{SHORT}/state/ HTTP/1.1" 200 OK'


@pytest.mark.unit
def test_mask_filter_on_a_uvicorn_websocket_record():
    record = _record("uvicorn.error", '%s - "WebSocket %s" [accepted]', ("127.0.0.1:53190", f"/ws/cafe/t/{TOKEN}/"))

    MaskTokens().filter(record)

    assert DefaultFormatter("%(message)s", use_colors=False).format(record) == (
        f'127.0.0.1:53190 - "WebSocket /ws/cafe/t/{SHORT}/" [accepted]'
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"/live/p/{TOKEN}/", f"/live/p/{SHORT}/"),
        (f"/en/live/p/{TOKEN}/meine-daten/loeschen/", f"/en/live/p/{SHORT}/meine-daten/loeschen/"),
        (f"/live/b/{TOKEN}/", f"/live/b/{SHORT}/"),
        (f"/live/t/{TOKEN}/ideas/", f"/live/t/{SHORT}/ideas/"),
        (f"/ws/cafe/w/{TOKEN}/", f"/ws/cafe/w/{SHORT}/"),
        (f"Not Found: /live/w/{TOKEN}/state/", f"Not Found: /live/w/{SHORT}/state/"),
        (f"{{'path': 'live/p/{TOKEN}/'}}", f"{{'path': 'live/p/{SHORT}/'}}"),  # as Resolver404 quotes it
        ("/orga/events/treffen/live/people/12/revoke/", "/orga/events/treffen/live/people/12/revoke/"),
        ("/orga/events/treffen/live/wall/new-link/", "/orga/events/treffen/live/wall/new-link/"),
        ("/e/treffen/kalender.ics", "/e/treffen/kalender.ics"),
    ],
)
def test_mask_tokens_in_paths(text, masked):
    assert mask_tokens(text) == masked


@pytest.mark.unit
def test_mask_filter_masks_a_traceback_that_quotes_a_path():
    try:
        raise LookupError(f"no route for /live/p/{TOKEN}/")
    except LookupError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Error", (), sys.exc_info())

    MaskTokens().filter(record)
    line = logging.Formatter("%(message)s").format(record)

    assert TOKEN not in line
    assert f"/live/p/{SHORT}/" in line


@pytest.mark.unit
def test_uvicorn_log_config_puts_the_filter_on_every_handler():
    config = uvicorn_log_config()

    assert config["filters"]["mask_tokens"] == {"()": "weltcafe.common.log_masking.MaskTokens"}
    assert {name: handler["filters"] for name, handler in config["handlers"].items()} == {
        "default": ["mask_tokens"],
        "access": ["mask_tokens"],
    }


@pytest.mark.integration
def test_serve_logs_link_paths_with_masked_tokens(tmp_path):
    # The real command, with info logging: uvicorn's access lines and Django's "Not Found" warnings.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELTCAFE_")}
    env.update(WELTCAFE_DATA_DIR=str(tmp_path), WELTCAFE_SECRET_KEY="test", WELTCAFE_LOG_LEVEL="info")
    process = subprocess.Popen(
        [sys.executable, "-m", "weltcafe.cli", "serve", "--port", str(port), "--no-migrate"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=5).close()  # noqa: S310 - fixed local URL
                break
            except OSError:
                assert process.poll() is None, "server stopped"
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        # No database here (--no-migrate): an unknown kind and the socket path over HTTP answer 404 without one.
        for path in (f"/live/x/{TOKEN}/", f"/ws/cafe/p/{TOKEN}/"):
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(base + path, timeout=5)  # noqa: S310 - fixed local URL
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=15)

    assert TOKEN not in output
    assert f'"GET /live/x/{SHORT}/ HTTP/1.1" 404' in output
    assert f'"GET /ws/cafe/p/{SHORT}/ HTTP/1.1" 404' in output
    assert f"Not Found: /live/x/{SHORT}/" in output


@pytest.mark.parametrize(
    "path",
    ["/live//p/{token}/", "/LIVE/P/{token}/", "/en/live/b//{token}/kontakt/", "/ws//cafe/p/{token}/"],
)
def test_mask_tokens_in_paths_a_client_spelt_oddly(path):
    token = "A" * 43

    masked = mask_tokens(f"Not Found: {path.format(token=token)}")

    assert (token in masked, "AAAA…" in masked) == (False, True)
