"""Ideas posted over HTTP reach every wall socket of a real `weltcafe serve`: two workers on PostgreSQL + Redis
(across worker processes), and the embedded default (one worker, in-process layer, SQLite).

uvicorn's workers share the supervisor's listening socket, so the kernel hands each connection to one of them.
Which worker holds a connection is read from /proc (the server side of each TCP connection is a socket in one
worker's file table), so the test knows – without any help from the app – that it has wall sockets on both
workers and posts answered by both, and that every idea reached every wall.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from websockets.sync.client import ClientConnection
from websockets.sync.client import connect as ws_connect

from weltcafe.cafe.services import rounds as cafe_rounds

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30
ARRIVAL_SECONDS = 10
PEOPLE = 8
IDEAS = 10
WALLS = 6
MAX_WALLS = 16  # open more walls (bounded) until both workers hold some
MAX_CONNECTIONS = 16  # open HTTP connections (bounded) until both workers hold one
HOST = "127.0.0.1"


# --- the café, made through the services (in this process, or in a subprocess for the embedded server) ----------


def make_cafe(people: int = PEOPLE) -> dict:
    """A café with `people` participants seated by the planner and round 1 started; what the clients need."""
    from tests.factories import EventFactory, ParticipantFactory
    from weltcafe.cafe.services import ideas as live_services
    from weltcafe.cafe.services import setup as cafe_services
    from weltcafe.cafe.services.seating import plan_seating

    event = EventFactory()
    for _ in range(people):
        ParticipantFactory(event=event)
    cafe = cafe_services.configure_cafe(
        event=event, mode="mix", round_count=1, round_minutes=30, tables_per_topic=1, table_capacity=8
    )
    cafe_services.add_topic(cafe=cafe, title="Fachkräfte")
    cafe_services.add_topic(cafe=cafe, title="Energie")
    plan_seating(cafe=cafe, seed=1, time_limit=1.0)
    round_ = cafe_rounds.start_round(cafe=cafe, index=1)
    phones = []
    for seat in round_.seats.select_related("participant").order_by("participant_id"):
        live_services.IDEAS_PER_MINUTE.reset(f"participant:{seat.participant_id}")  # ids recur across test runs
        phones.append({"token": seat.participant.access_token, "table": seat.table_id})
    return {"wall": cafe.wall_token, "round": round_.pk, "phones": phones}


# --- the server ---------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELTCAFE_")}
    env.update(
        WELTCAFE_DATA_DIR=str(tmp_path),
        WELTCAFE_SECRET_KEY="test",
        WELTCAFE_LOG_LEVEL="warning",
        WELTCAFE_ALLOWED_HOSTS=HOST,
        **extra,
    )
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "weltcafe.cli", *args]


@contextmanager
def serving(env: dict[str, str], *args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`weltcafe serve` on a free port until the block ends; its output goes to server.log in the data folder."""
    port = _free_port()
    log_path = Path(env["WELTCAFE_DATA_DIR"]) / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            _cli("serve", "--port", str(port), "--no-migrate", *args), env=env, cwd=REPO, stdout=log, stderr=log
        )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health/", timeout=5):  # noqa: S310 - a fixed 127.0.0.1 URL
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    process.wait(timeout=5)
                    raise AssertionError(f"server did not start:\n{log_path.read_text()}") from None
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# --- which worker holds a connection (Linux /proc; None elsewhere) ------------------------------------------------


def _children(pid: int) -> list[int]:
    """uvicorn's worker processes: the supervisor's children started by multiprocessing (not its helpers)."""
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid and b"multiprocessing.spawn" in command:
            found.append(int(entry))
    return sorted(found)


def _server_socket_inode(server_port: int, client_port: int) -> str | None:
    """The inode of the server side of the TCP connection 127.0.0.1:client_port → 127.0.0.1:server_port."""
    local, remote = f"0100007F:{server_port:04X}", f"0100007F:{client_port:04X}"
    try:
        with open("/proc/net/tcp") as table:
            for line in table.readlines()[1:]:
                fields = line.split()
                if fields[1] == local and fields[2] == remote and fields[9] != "0":
                    return fields[9]
    except OSError:
        return None
    return None


def worker_of(server: subprocess.Popen, client_socket: socket.socket) -> int | None:
    """The pid of the uvicorn worker that accepted this client socket's connection."""
    server_port, client_port = client_socket.getpeername()[1], client_socket.getsockname()[1]
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        inode = _server_socket_inode(server_port, client_port)
        if inode:
            target = f"socket:[{inode}]"
            for worker in _children(server.pid) or [server.pid]:
                try:
                    fds = os.listdir(f"/proc/{worker}/fd")
                except OSError:
                    continue
                for fd in fds:
                    try:
                        if os.readlink(f"/proc/{worker}/fd/{fd}") == target:
                            return worker
                    except OSError:
                        continue
        time.sleep(0.05)
    return None


# --- clients ------------------------------------------------------------------------------------------------------


def open_wall(stack: ExitStack, base: str, token: str) -> ClientConnection:
    """A wall socket, closed with `stack`; its first message is the snapshot."""
    socket_ = stack.enter_context(
        ws_connect(f"{base.replace('http', 'ws', 1)}/ws/cafe/w/{token}/", origin=base, open_timeout=10, close_timeout=2)
    )
    first = json.loads(socket_.recv(timeout=10))
    assert first["type"] == "snapshot"
    return socket_


def csrf_token(base: str, phone_token: str) -> str:
    """A phone opens its page first; Django sets the csrftoken cookie there (live.js sends it as X-CSRFToken)."""
    with urllib.request.urlopen(f"{base}/live/p/{phone_token}/", timeout=10) as page:  # noqa: S310 - 127.0.0.1
        for header in page.headers.get_all("Set-Cookie") or []:
            if header.startswith("csrftoken="):
                return header.split(";", 1)[0].split("=", 1)[1]
    raise AssertionError("the phone page set no csrftoken cookie")


def open_http(stack: ExitStack, base: str) -> HTTPConnection:
    """A keep-alive HTTP connection, already accepted by a worker (it answered /health/), closed with `stack`."""
    http = HTTPConnection(HOST, int(base.rsplit(":", 1)[1]), timeout=10)
    stack.callback(http.close)
    http.request("GET", "/health/")
    answer = http.getresponse()
    answer.read()
    assert answer.status == 200
    return http


def post_idea(http: HTTPConnection, cafe: dict, phone: dict, csrf: str, text: str) -> str:
    """POST one idea as the phone does; returns its client_uuid."""
    client_uuid = str(uuid.uuid4())
    body = {"client_uuid": client_uuid, "text": text, "table": phone["table"], "round": cafe["round"]}
    http.request(
        "POST",
        f"/live/p/{phone['token']}/ideas/",
        body=json.dumps(body),
        headers={"Content-Type": "application/json", "Cookie": f"csrftoken={csrf}", "X-CSRFToken": csrf},
    )
    answer = http.getresponse()
    content = answer.read()
    assert answer.status == 201, (answer.status, content[:300])
    assert json.loads(content)["idea"]["client_uuid"] == client_uuid
    return client_uuid


def ideas_seen(wall: ClientConnection, wanted: set[str], deadline: float) -> set[str]:
    seen: set[str] = set()
    while not wanted <= seen and time.monotonic() < deadline:
        try:
            event = json.loads(wall.recv(timeout=max(0.05, deadline - time.monotonic())))
        except TimeoutError:
            break
        if event["type"] == "idea.saved":
            seen.add(event["idea"]["client_uuid"])
    return seen


def assert_every_idea_on_every_wall(walls: list[ClientConnection], posted: list[str]) -> None:
    deadline = time.monotonic() + ARRIVAL_SECONDS
    missing = {index: set(posted) - ideas_seen(wall, set(posted), deadline) for index, wall in enumerate(walls)}
    assert not any(missing.values()), f"ideas missing on walls: { {i: len(m) for i, m in missing.items() if m} }"


# --- the tests ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_ideas_reach_every_wall_across_two_workers(tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs the PostgreSQL + Redis run of scripts/test.sh (WELTCAFE_DATABASE_URL, WELTCAFE_REDIS_URL)")
    cafe = make_cafe()
    database = connection.settings_dict
    env = _env(
        tmp_path,
        WELTCAFE_DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        WELTCAFE_REDIS_URL=settings.REDIS_URL,
        # Redis pub/sub ignores the database number: a key prefix of its own keeps other runs' events apart.
        WELTCAFE_REDIS_PREFIX=f"weltcafe-test-{uuid.uuid4().hex[:8]}",
        WELTCAFE_DB_POOL_MIN="1",
        WELTCAFE_DB_POOL_MAX="4",
    )

    with serving(env, "--workers", "2") as (base, server), ExitStack() as stack:
        workers = _children(server.pid)
        assert len(workers) == 2, f"expected two uvicorn workers, found {workers}"
        walls: list[ClientConnection] = []
        wall_workers: list[int | None] = []
        while len(walls) < WALLS or (len(set(wall_workers)) < 2 and len(walls) < MAX_WALLS):
            walls.append(open_wall(stack, base, cafe["wall"]))
            wall_workers.append(worker_of(server, walls[-1].socket))
        csrf = csrf_token(base, cafe["phones"][0]["token"])
        # Keep-alive connections stay with the worker that accepted them: one on each worker, used in turn.
        posters: dict[int | None, HTTPConnection] = {}
        for _ in range(MAX_CONNECTIONS):
            http = open_http(stack, base)
            posters.setdefault(worker_of(server, http.sock), http)
            if len(posters) == 2:
                break
        lines = list(posters.items())
        posted, post_workers = [], []
        for number in range(IDEAS):
            worker, http = lines[number % len(lines)]
            phone = cafe["phones"][number % len(cafe["phones"])]  # ≤ 2 ideas each: far below 12 a minute
            posted.append(post_idea(http, cafe, phone, csrf, f"Idee {number + 1}"))
            post_workers.append(worker)

        assert_every_idea_on_every_wall(walls, posted)

    if None in wall_workers + post_workers:
        pytest.skip("every idea reached every wall, but /proc could not tell which worker held each connection")
    # The evidence: walls on both workers, ideas saved by both, every idea on every wall – so ideas saved in one
    # worker reached sockets held by the other (through Redis), in both directions.
    assert set(wall_workers) == set(workers), f"all {len(walls)} walls landed on one worker: {wall_workers}"
    assert set(post_workers) == set(workers), f"{MAX_CONNECTIONS} connections all landed on one worker"


def test_embedded_server_sends_a_posted_idea_to_the_wall(tmp_path):
    """The default as shipped: `weltcafe serve`, one worker, SQLite, the in-process channel layer."""
    env = _env(tmp_path)
    cafe_file = tmp_path / "cafe.json"
    code = (  # one Django start-up for both: the server's SQLite file lives in tmp_path, not in the test database
        "import json, pathlib; from django.core.management import call_command; "
        "from tests.config.test_two_workers_live import make_cafe; call_command('migrate', verbosity=0); "
        f"pathlib.Path({str(cafe_file)!r}).write_text(json.dumps(make_cafe()))"
    )
    subprocess.run(_cli("shell", "-c", code), env=env, cwd=REPO, check=True, timeout=120)
    cafe = json.loads(cafe_file.read_text())

    with serving(env) as (base, _server), ExitStack() as stack:
        walls = [open_wall(stack, base, cafe["wall"]) for _ in range(2)]
        csrf = csrf_token(base, cafe["phones"][0]["token"])
        http = open_http(stack, base)
        posted = [post_idea(http, cafe, phone, csrf, "Mehr Praktika") for phone in cafe["phones"][:3]]

        assert_every_idea_on_every_wall(walls, posted)
