"""Header and body limits in front of Django: the middleware on its own (ASGI), then behind uvicorn (raw sockets)."""

import asyncio
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest
import uvicorn

from weltcafe.config.request_limits import RequestLimits, uvicorn_limits

MiB = 1024 * 1024


async def _echo_length(scope, receive, send) -> None:
    """Stands for Django: reads the whole body, then answers with its length."""
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(size).encode()})


def _call(receive, *, headers=(), path="/accounts/login/") -> tuple[list[dict], dict]:
    scope = {"type": "http", "method": "POST", "path": path, "headers": list(headers)}
    sent: list[dict] = []
    calls = {"receive": 0}

    async def counted_receive():
        calls["receive"] += 1
        return await receive()

    async def send(message) -> None:
        sent.append(message)

    asyncio.run(RequestLimits(_echo_length)(scope, counted_receive, send))
    return sent, calls


def _chunks(count: int, size: int):
    remaining = count

    async def receive():
        nonlocal remaining
        remaining -= 1
        return {"type": "http.request", "body": b"x" * size, "more_body": remaining > 0}

    return receive


@pytest.mark.unit
def test_request_limits_refuse_a_declared_length_over_the_limit_without_reading(settings):
    settings.WELTCAFE_MAX_REQUEST_BYTES = MiB

    sent, calls = _call(_chunks(1, 10), headers=[(b"content-length", str(200 * MiB).encode())])

    assert (sent[0]["status"], calls["receive"]) == (413, 0)
    assert sent[1]["body"].decode() == "Die Anfrage ist zu groß (höchstens 1 MB).\n"


@pytest.mark.unit
def test_request_limits_stop_a_streamed_body_at_the_limit(settings):
    settings.WELTCAFE_MAX_REQUEST_BYTES = MiB

    sent, calls = _call(_chunks(100, 64 * 1024))

    assert [message.get("status") for message in sent] == [413, None]
    assert calls["receive"] == 17  # 16 chunks are exactly 1 MiB; the 17th crosses the limit


@pytest.mark.unit
def test_request_limits_let_a_body_within_the_limit_through(settings):
    settings.WELTCAFE_MAX_REQUEST_BYTES = MiB

    sent, _ = _call(_chunks(16, 64 * 1024), headers=[(b"content-length", str(MiB).encode())])

    assert (sent[0]["status"], sent[1]["body"]) == (200, str(MiB).encode())


@pytest.mark.unit
def test_request_limits_answer_408_to_a_body_that_does_not_arrive_in_time(settings):
    settings.WELTCAFE_REQUEST_BODY_SECONDS = 0.05

    async def never():
        await asyncio.Event().wait()

    sent, _ = _call(never)

    assert sent[0]["status"] == 408
    assert sent[1]["body"].decode() == "Die Anfrage kam zu langsam an. Bitte versuchen Sie es erneut.\n"


@pytest.mark.unit
def test_request_limits_refuse_too_many_headers_with_431():
    headers = [(f"x-h{number}".encode(), b"1") for number in range(101)]

    sent, calls = _call(_chunks(1, 0), headers=headers)

    assert (sent[0]["status"], calls["receive"]) == (431, 0)


# ------------------------------------------------------------------- behind uvicorn, as `weltcafe serve` runs it
@contextmanager
def _serving() -> Iterator[int]:
    from weltcafe.config.asgi import application

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(application, log_config=None, log_level="critical", lifespan="off", **uvicorn_limits())
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield listener.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


def _status_line(port: int, head: bytes, body_chunks: Sequence[bytes] = ()) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head)
        try:
            for chunk in body_chunks:
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed while we were still sending
        return connection.recv(4096).split(b"\r\n", 1)[0]


@pytest.mark.integration
def test_serve_refuses_a_200_mb_declared_body_at_once(settings):
    head = b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n" % (200 * MiB)

    with _serving() as port:
        status = _status_line(port, head)

    assert status == b"HTTP/1.1 413 Request Entity Too Large"


@pytest.mark.integration
def test_serve_cuts_off_a_chunked_body_at_the_limit(settings):
    settings.WELTCAFE_MAX_REQUEST_BYTES = MiB
    head = b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)

    with _serving() as port:
        status = _status_line(port, head, [chunk] * 64)

    assert status == b"HTTP/1.1 413 Request Entity Too Large"


@pytest.mark.integration
def test_serve_refuses_a_two_megabyte_header():
    head = b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * (2 * MiB) + b"\r\n\r\n"

    with _serving() as port:
        status = _status_line(port, head)

    assert status == b"HTTP/1.1 400 Bad Request"
