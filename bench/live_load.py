"""Load benchmark of the live café: `weltcafe serve --workers 2` on PostgreSQL + Redis, ideas posted over HTTP,
latency until each idea shows on every wall.

    .venv/bin/python bench/live_load.py            # 500 sockets (490 phones + 10 walls), 50 ideas/s for 60 s
    .venv/bin/python bench/live_load.py --smoke    # 50 sockets, 5 s: a quick check

Everything runs on 127.0.0.1 and cleans up after itself:

1. a fresh PostgreSQL database (`weltcafe_bench`, dropped at the end) and `weltcafe migrate`;
2. an event with one participant per phone socket, a café in `mix` mode (10 topics, tables of 10 seats), one
   round, the seating plan from `plan_seating`, round 1 started with `start_round` (a subprocess with the
   bench's environment: `live_load.py _setup`);
3. `weltcafe serve --workers 2` with the Redis channel layer (its own key prefix, so other Redis users on the
   same server see none of its pub/sub traffic);
4. the phone sockets in a helper process, the walls and the poster in this one, so the timing process does not
   also parse the phones' frames;
5. ideas posted round-robin over the participants at a fixed rate (open loop: a slow server does not slow the
   schedule) through keep-alive HTTP/1.1 connections; each idea's latency is from the start of its POST to its
   `idea.saved` event on each wall (matched by client_uuid), and to the phones of its table (a phone receives
   its own table's ideas only, see cafe/live/broadcast.py), whose arrivals are checked the same way;
6. after a drain of at most 10 s: lost (answered 200/201 but missing on a wall), doubled (twice on one wall, or
   more than one row per client_uuid in the database), errors, the HTTP status codes, the server log's errors;
   when ideas are lost, up to --late-check seconds more tell late ones from ones that never arrive;
7. the CPU seconds of server, load generator, PostgreSQL, Redis and every other process on the machine.

`--embedded` runs the same load against the default as shipped (one worker, SQLite, in-process channel layer).
Figures go to bench/results/live_load.md and .json (live_load.smoke.*, live_load.embedded.* for the variants).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import multiprocessing
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
RESULTS = ROOT / "results"
HOST = "127.0.0.1"
IDEAS_PER_MINUTE_LIMIT = 12  # weltcafe.cafe.services.ideas.IDEAS_PER_MINUTE
TOPICS = 10
TABLE_CAPACITY = 10
STARTUP_SECONDS = 60
CONNECT_SECONDS = 180
HTTP_TIMEOUT = 30.0
IDLE_KEEPALIVE = 3.0  # uvicorn closes idle keep-alive connections after 5 s; never reuse one near that


# ----------------------------------------------------------------------------------------------------------------
# Set-up inside Django (run as a subprocess with the bench's environment)
# ----------------------------------------------------------------------------------------------------------------


def _setup_in_django(participants: int, out: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weltcafe.config.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import transaction

    from weltcafe.cafe.models import Seat
    from weltcafe.cafe.services import ideas as live_services
    from weltcafe.cafe.services import rounds as cafe_rounds
    from weltcafe.cafe.services import setup as cafe_services
    from weltcafe.cafe.services.seating import plan_seating
    from weltcafe.events.models import Event, Participant
    from weltcafe.events.search import search_text, sort_key

    berlin = dt.timezone(dt.timedelta(hours=2))
    with transaction.atomic():
        event = Event.objects.create(
            title="Lasttest Netzwerktreffen",
            slug="lasttest",
            starts_at=dt.datetime(2026, 9, 21, 10, 0, tzinfo=berlin),
            ends_at=dt.datetime(2026, 9, 21, 18, 0, tzinfo=berlin),
            status=Event.Status.PUBLISHED,
        )
        people = []
        for number in range(1, participants + 1):
            name = f"Person {number:04d}"
            people.append(
                Participant(
                    event=event,
                    name=name,
                    email=f"person{number}@example.org",
                    sort_name=sort_key(name),
                    search_text=search_text(name, f"person{number}@example.org"),
                )
            )
        Participant.objects.bulk_create(people)
    tables_per_topic = max(1, math.ceil(participants / (TOPICS * TABLE_CAPACITY)))
    cafe = cafe_services.configure_cafe(
        event=event,
        mode="mix",
        round_count=1,
        round_minutes=90,
        tables_per_topic=tables_per_topic,
        table_capacity=TABLE_CAPACITY,
    )
    for number in range(1, TOPICS + 1):
        cafe_services.add_topic(cafe=cafe, title=f"Thema {number}", guiding_question="Was brauchen wir?")
    started = time.perf_counter()
    plan_seating(cafe=cafe, seed=1, time_limit=5.0)
    plan_seconds = time.perf_counter() - started
    round_ = cafe_rounds.start_round(cafe=cafe, index=1)
    seats = Seat.objects.filter(round=round_).select_related("participant").order_by("participant_id")
    phones = [{"id": s.participant_id, "token": s.participant.access_token, "table": s.table_id} for s in seats]
    # The rate-limit counters live in Redis by participant id; a run a minute earlier used the same ids.
    for phone in phones:
        cache.delete(live_services.IDEAS_PER_MINUTE._key(f"participant:{phone['id']}"))
    out.write_text(
        json.dumps(
            {
                "cafe": cafe.pk,
                "wall_token": cafe.wall_token,
                "round": round_.pk,
                "tables": cafe.tables.count(),
                "tables_per_topic": tables_per_topic,
                "plan_seconds": round(plan_seconds, 2),
                "phones": phones,
            }
        )
    )


# ----------------------------------------------------------------------------------------------------------------
# A small HTTP/1.1 client on asyncio streams (keep-alive; no dependency beyond the standard library)
# ----------------------------------------------------------------------------------------------------------------


class HttpConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.last_used = time.monotonic()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()


class HttpPool:
    def __init__(self, port: int, limit: int = 256) -> None:
        self.port = port
        self.idle: list[HttpConnection] = []
        self.slots = asyncio.Semaphore(limit)
        self.opened = 0

    async def _get(self) -> HttpConnection:
        now = time.monotonic()
        while self.idle:
            connection = self.idle.pop()
            if now - connection.last_used < IDLE_KEEPALIVE and not connection.reader.at_eof():
                return connection
            connection.close()
        reader, writer = await asyncio.open_connection(HOST, self.port)
        self.opened += 1
        return HttpConnection(reader, writer)

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        async with self.slots:
            connection = await self._get()
            try:
                status, answer_headers, content = await asyncio.wait_for(
                    self._exchange(connection, method, path, body, headers or {}), HTTP_TIMEOUT
                )
            except BaseException:
                connection.close()
                raise
            if answer_headers.get("connection", "").lower() == "close":
                connection.close()
            else:
                connection.last_used = time.monotonic()
                self.idle.append(connection)
            return status, answer_headers, content

    async def _exchange(
        self, connection: HttpConnection, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        connection.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await connection.writer.drain()
        head = await connection.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        answer_headers: dict[str, str] = {}
        cookies: list[str] = []
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                name = name.strip().lower()
                if name == "set-cookie":
                    cookies.append(value.strip())
                answer_headers[name] = value.strip()
        answer_headers["set-cookie"] = "\n".join(cookies)
        if "content-length" in answer_headers:
            content = await connection.reader.readexactly(int(answer_headers["content-length"]))
        elif answer_headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await connection.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await connection.reader.readexactly(size + 2))
                if size == 0:
                    break
            content = b"".join(part[:-2] for part in parts)
        else:
            content = await connection.reader.read()
            answer_headers["connection"] = "close"
        return status, answer_headers, content

    def close(self) -> None:
        for connection in self.idle:
            connection.close()
        self.idle.clear()


def _csrf_from(set_cookie: str) -> str:
    for cookie in set_cookie.split("\n"):
        if cookie.startswith("csrftoken="):
            return cookie.split(";", 1)[0].split("=", 1)[1]
    raise RuntimeError(f"no csrftoken cookie in {set_cookie!r}")


# ----------------------------------------------------------------------------------------------------------------
# Websockets
# ----------------------------------------------------------------------------------------------------------------


def _use_uvloop() -> None:
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def live_socket(port: int, kind: str, token: str, *, open_timeout: float, close_timeout: float):
    """A live socket as the page opens it (`async with` or `await`), for every bench."""
    import websockets

    return websockets.connect(
        f"ws://{HOST}:{port}/ws/cafe/{kind}/{token}/",
        origin=f"http://{HOST}:{port}",
        max_size=None,
        ping_interval=None,  # the server pings; a busy benchmark client must not cause drops of its own
        open_timeout=open_timeout,
        close_timeout=close_timeout,
    )


async def _open_socket(port: int, kind: str, token: str):
    socket_ = await live_socket(port, kind, token, open_timeout=60, close_timeout=5)
    first = json.loads(await asyncio.wait_for(socket_.recv(), 60))
    if first.get("type") != "snapshot":
        raise RuntimeError(f"first message is {first.get('type')!r}, not a snapshot")
    return socket_


async def _open_many(port: int, kind: str, tokens: list[str], parallel: int = 25) -> tuple[list, list[str]]:
    gate = asyncio.Semaphore(parallel)
    failures: list[str] = []

    async def one(token: str):
        async with gate:
            try:
                return await _open_socket(port, kind, token)
            except Exception as error:
                failures.append(f"{type(error).__name__}: {error}")
                return None

    return list(await asyncio.gather(*(one(token) for token in tokens))), failures  # None where it failed


def _crowd_main(port: int, tokens: list[str], pipe, hard_limit: float) -> None:
    """Helper process: hold the phone sockets, read everything, note when each `idea.saved` arrived where."""
    _use_uvloop()

    async def run() -> dict:
        from websockets.exceptions import ConnectionClosed

        deadline = time.monotonic() + hard_limit
        started = time.monotonic()
        sockets, failures = await _open_many(port, "p", tokens)
        opened = sum(1 for s in sockets if s is not None)
        pipe.send(("ready", opened, failures[:5], len(failures), round(time.monotonic() - started, 1)))
        arrivals: list[dict[str, list[float]] | None] = [None if s is None else {} for s in sockets]
        frames = [0] * len(sockets)
        drops: list[str] = []
        stopping = False

        async def read(index: int, socket_) -> None:
            seen = arrivals[index]
            try:
                async for message in socket_:
                    now = time.perf_counter()  # CLOCK_MONOTONIC: comparable with the main process on Linux
                    frames[index] += 1
                    event = json.loads(message)
                    if event.get("type") == "idea.saved":
                        seen.setdefault(event["idea"]["client_uuid"], []).append(now)
            except ConnectionClosed as error:
                if not stopping:
                    drops.append(f"{error.rcvd.code if error.rcvd else 'no close frame'}")
                return
            if not stopping:
                drops.append("closed by server")

        readers = [asyncio.create_task(read(i, s)) for i, s in enumerate(sockets) if s is not None]
        loop = asyncio.get_running_loop()
        while time.monotonic() < deadline:
            if await loop.run_in_executor(None, pipe.poll, 0.5):
                pipe.recv()
                break
        stopping = True
        await asyncio.gather(*(s.close() for s in sockets if s is not None), return_exceptions=True)
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        return {"arrivals": arrivals, "frames": sum(frames), "drops": drops}

    try:
        pipe.send(("stats", asyncio.run(run())))
    except Exception as error:
        with contextlib.suppress(Exception):
            pipe.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        pipe.close()


# ----------------------------------------------------------------------------------------------------------------
# Who used the CPUs (the machine may be shared: its other load is part of the result)
# ----------------------------------------------------------------------------------------------------------------


def _cpu_ticks() -> tuple[int, int]:
    """All and idle jiffies of the machine."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    return sum(values), values[3] + values[4]


def _process_ticks() -> dict[int, tuple[int, int, str, str, int]]:
    """pid → (user+system jiffies, parent pid, command, start time, system jiffies) for every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                raw = stat.read()
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # Keyed by pid and start time: a pid reused within the window is another process.
        found[int(entry)] = (
            int(fields[11]) + int(fields[12]),
            int(fields[1]),
            command or name,
            fields[19],
            int(fields[12]),
        )
    return found


class CpuUse:
    """CPU seconds between start() and stop(), by group: server, load generator, PostgreSQL, Redis, the rest."""

    def __init__(self, server_pid: int, bench_pids: list[int]) -> None:
        self.server_pid, self.bench_pids = server_pid, set(bench_pids)

    def start(self) -> None:
        self.began, self.machine, self.processes = time.monotonic(), _cpu_ticks(), _process_ticks()

    def stop(self) -> dict[str, Any]:
        seconds = time.monotonic() - self.began
        machine, processes = _cpu_ticks(), _process_ticks()
        tick = os.sysconf("SC_CLK_TCK")
        server = {self.server_pid}
        for _ in range(4):  # uvicorn's workers are children of the supervisor, their helpers grandchildren
            server |= {pid for pid, (_, parent, _, _, _) in processes.items() if parent in server}
        groups: Counter[str] = Counter()
        server_system = 0
        for pid, (ticks, _, command, started, system) in processes.items():
            before = self.processes.get(pid)
            same = before is not None and before[3] == started
            used = ticks - (before[0] if before and same else 0)
            if pid in server:
                group = "server"
                server_system += system - (before[4] if before and same else 0)
            elif pid in self.bench_pids:
                group = "load generator"
            elif command.startswith("postgres"):
                group = "postgresql"
            elif command.startswith("redis-server"):
                group = "redis"
            else:
                group = "other processes"
            groups[group] += used
        total, idle = machine[0] - self.machine[0], machine[1] - self.machine[1]
        cpus = os.cpu_count() or 1
        return {
            "seconds": round(seconds, 1),
            "machine_busy_percent": round(100 * (1 - idle / total), 1) if total else None,
            "cpu_seconds_available": round(seconds * cpus, 1),
            "cpu_seconds": {group: round(ticks / tick, 1) for group, ticks in groups.most_common()},
            # The kernel's share (socket writes, thread wake-ups) of the server's CPU.
            "server_system_seconds": round(server_system / tick, 1),
        }


# ----------------------------------------------------------------------------------------------------------------
# The run
# ----------------------------------------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, math.ceil(share * len(ordered)) - 1)
    return ordered[rank]


def _figures(values: list[float]) -> dict[str, float | None]:
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 1)

    return {
        "p50_ms": ms(_percentile(values, 0.50)),
        "p95_ms": ms(_percentile(values, 0.95)),
        "p99_ms": ms(_percentile(values, 0.99)),
        "max_ms": ms(max(values) if values else None),
        "count": len(values),
    }


async def _load(args: argparse.Namespace, port: int, data: dict, crowd, parent_pipe, cpu: CpuUse) -> dict[str, Any]:
    from websockets.exceptions import ConnectionClosed

    phones = data["phones"]
    pool = HttpPool(port)
    result: dict[str, Any] = {}

    # A phone opens its page first; Django sets the csrftoken cookie there (live.js sends it back as X-CSRFToken).
    status, headers, _ = await pool.request("GET", f"/live/p/{phones[0]['token']}/")
    if status != 200:
        raise RuntimeError(f"GET of a phone page answered {status}")
    csrf = _csrf_from(headers["set-cookie"])

    # Phones in the helper process (started before this event loop), walls here.
    started = time.monotonic()
    walls, wall_failures = await _open_many(port, "w", [data["wall_token"]] * args.walls)
    walls = [wall for wall in walls if wall is not None]
    loop = asyncio.get_running_loop()
    if not await loop.run_in_executor(None, parent_pipe.poll, CONNECT_SECONDS):
        crowd.kill()
        raise RuntimeError("the phone sockets did not connect in time")
    _, phones_open, phone_failures, phone_failure_count, phone_seconds = parent_pipe.recv()
    result["connect"] = {
        "walls_open": len(walls),
        "wall_failures": wall_failures[:5],
        "phones_open": phones_open,
        "phone_failures": phone_failures,
        "phone_failure_count": phone_failure_count,
        "seconds": round(time.monotonic() - started, 1),
        "phone_seconds": phone_seconds,
    }
    print(f"  sockets open: {len(walls)} walls, {phones_open} phones in {result['connect']['seconds']} s")

    arrivals: list[dict[str, list[float]]] = [defaultdict(list) for _ in walls]
    wall_drops: list[str] = []
    stopping = False

    async def read_wall(index: int, socket_) -> None:
        seen = arrivals[index]
        try:
            async for message in socket_:
                now = time.perf_counter()
                event = json.loads(message)
                if event.get("type") == "idea.saved":
                    seen[event["idea"]["client_uuid"]].append(now)
        except ConnectionClosed as error:
            if not stopping:
                wall_drops.append(f"wall {index}: {error.rcvd.code if error.rcvd else 'no close frame'}")
            return
        if not stopping:
            wall_drops.append(f"wall {index}: closed by server")

    wall_readers = [asyncio.create_task(read_wall(i, s)) for i, s in enumerate(walls)]

    total = int(args.rate * args.duration)
    posts: dict[str, dict[str, Any]] = {}
    statuses: Counter[str] = Counter()
    lags: list[float] = []
    post_headers = {
        "Content-Type": "application/json",
        "Cookie": f"csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Accept": "application/json",
    }

    async def post(number: int) -> None:
        phone = phones[number % len(phones)]
        client_uuid = str(uuid.uuid4())
        body = json.dumps(
            {
                "client_uuid": client_uuid,
                "text": f"Idee {number}: mehr Austausch zwischen Betrieben und Schulen.",
                "table": phone["table"],
                "round": data["round"],
                "show_author": number % 2 == 0,
            }
        ).encode()
        record: dict[str, Any] = {"phone": phone["id"], "table": phone["table"], "start": time.perf_counter()}
        posts[client_uuid] = record
        try:
            status, _, content = await pool.request("POST", f"/live/p/{phone['token']}/ideas/", body, post_headers)
        except Exception as error:  # timeouts, resets, a garbled answer: each one counts as an error
            record["error"] = type(error).__name__
            statuses[type(error).__name__] += 1
            return
        record["answered"] = time.perf_counter()
        record["status"] = status
        statuses[str(status)] += 1
        if status not in (200, 201):
            record["error"] = content[:200].decode("utf-8", "replace")

    # What else runs on the machine: 3 s with every socket open and nothing posted.
    cpu.start()
    await asyncio.sleep(3)
    result["cpu_before_posting"] = cpu.stop()
    print(f"  machine busy before posting: {result['cpu_before_posting']['machine_busy_percent']} %")
    print(f"  posting {total} ideas at {args.rate}/s for {args.duration} s ...")
    tasks = []
    cpu.start()
    begin = time.perf_counter()
    for number in range(total):
        due = begin + number / args.rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        lags.append(time.perf_counter() - due)
        tasks.append(asyncio.create_task(post(number)))
    scheduling_seconds = time.perf_counter() - begin
    _, unanswered = await asyncio.wait(tasks, timeout=HTTP_TIMEOUT + 5)
    for task in unanswered:
        task.cancel()
    await asyncio.gather(*unanswered, return_exceptions=True)
    for record in posts.values():
        if "status" not in record and "error" not in record:
            record["error"] = "no answer"
            statuses["no answer"] += 1
    posting_seconds = time.perf_counter() - begin

    ok = {u for u, r in posts.items() if r.get("status") in (200, 201)}
    drain_until = time.perf_counter() + args.drain
    while time.perf_counter() < drain_until:
        if all(ok <= seen.keys() for seen in arrivals):
            await asyncio.sleep(min(1.0, drain_until - time.perf_counter()))  # room for a late double
            break
        await asyncio.sleep(0.1)
    drain_seconds = time.perf_counter() - begin - posting_seconds
    result["cpu_while_posting"] = cpu.stop()
    missing_at_drain = {(index, u) for index, seen in enumerate(arrivals) for u in ok if u not in seen}
    # Lost or only late? Keep listening (bounded) for what the drain did not bring.
    late_until = time.perf_counter() + (args.late_check if missing_at_drain else 0)
    while time.perf_counter() < late_until and not all(ok <= seen.keys() for seen in arrivals):
        await asyncio.sleep(0.2)
    late_seconds = time.perf_counter() - begin - posting_seconds - drain_seconds

    stopping = True
    parent_pipe.send("stop")
    await asyncio.gather(*(s.close() for s in walls), return_exceptions=True)
    for reader in wall_readers:
        reader.cancel()
    await asyncio.gather(*wall_readers, return_exceptions=True)
    pool.close()
    crowd_stats: dict[str, Any] = {}
    if await loop.run_in_executor(None, parent_pipe.poll, 30):
        kind, payload = parent_pipe.recv()
        crowd_stats = payload if kind == "stats" else {"error": payload}
    crowd.join(10)
    if crowd.is_alive():
        crowd.kill()

    missing_at_end = {(index, u) for index, seen in enumerate(arrivals) for u in ok if u not in seen}
    latencies, doubled, per_wall = [], [], []
    for index, seen in enumerate(arrivals):
        wall_latencies = []
        for client_uuid in ok:
            times = seen.get(client_uuid)
            if not times:
                continue
            if len(times) > 1:
                doubled.append((index, client_uuid, len(times)))
            wall_latencies.append(times[0] - posts[client_uuid]["start"])
        unknown = set(seen) - set(posts)
        latencies += wall_latencies
        per_wall.append({"wall": index, **_figures(wall_latencies), "unknown_ideas": len(unknown)})
    not_ok_but_seen = {u for seen in arrivals for u in seen if u in posts and u not in ok}

    answered = [r["answered"] - r["start"] for r in posts.values() if "answered" in r]
    # Phones get the ideas of their own table only (broadcast.py: `table-<id>` groups); no hosts in this café.
    ok_by_table: dict[int, set[str]] = defaultdict(set)
    for client_uuid in ok:
        ok_by_table[posts[client_uuid]["table"]].add(client_uuid)
    phone_latencies: list[float] = []
    phone_missing = phone_doubled = phone_foreign = phone_expected = phone_sockets = 0
    for phone, seen in zip(phones, crowd_stats.get("arrivals", []), strict=False):
        if seen is None:
            continue
        phone_sockets += 1
        expected = ok_by_table[phone["table"]]
        phone_expected += len(expected)
        phone_missing += len(expected - seen.keys())
        phone_foreign += len(seen.keys() - expected)
        phone_doubled += sum(1 for times in seen.values() if len(times) > 1)
        phone_latencies += [seen[u][0] - posts[u]["start"] for u in expected if u in seen]
    result.update(
        {
            "posted": total,
            "posting_seconds": round(posting_seconds, 2),
            "achieved_rate": round((total - 1) / scheduling_seconds, 1) if scheduling_seconds else None,
            "schedule_lag_ms": {
                "p99": round((_percentile(lags, 0.99) or 0) * 1000, 1),
                "max": round(max(lags) * 1000, 1) if lags else None,
            },
            "drain_seconds": round(drain_seconds, 2),
            "http_status": dict(sorted(statuses.items())),
            "http_ok": len(ok),
            "http_errors": sum(1 for r in posts.values() if "error" in r),
            "http_error_samples": sorted({str(r["error"])[:160] for r in posts.values() if "error" in r})[:5],
            "http_latency": _figures(answered),
            "http_connections_opened": pool.opened,
            "wall_latency": _figures(latencies),
            "per_wall": per_wall,
            "lost_on_walls": len(missing_at_drain),
            "lost_ideas": len({u for _, u in missing_at_drain}),
            "lost_samples": sorted(u for _, u in missing_at_drain)[:5],
            "late_check_seconds": round(late_seconds, 1),
            "arrived_after_drain": len(missing_at_drain - missing_at_end),
            "never_arrived": len(missing_at_end),
            "doubled_on_walls": len(doubled),
            "doubled_samples": doubled[:5],
            "seen_without_ok_answer": len(not_ok_but_seen),
            "socket_drops": {"walls": wall_drops, "phones": crowd_stats.get("drops", [])},
            "phones": {
                "sockets": phone_sockets,
                "expected": phone_expected,
                "missing": phone_missing,
                "doubled": phone_doubled,
                "other_tables": phone_foreign,
                "latency": _figures(phone_latencies),
                "frames": crowd_stats.get("frames"),
                "error": crowd_stats.get("error"),
            },
            "ok_uuids": sorted(ok),
            "all_uuids": sorted(posts),
        }
    )
    return result


# ----------------------------------------------------------------------------------------------------------------
# Orchestration: database, set-up, server, load, checks, report
# ----------------------------------------------------------------------------------------------------------------


def server_env(workdir: Path, **weltcafe: str) -> dict[str, str]:
    """The environment of the server under test: this checkout's code, a throwaway data folder and key, and
    `weltcafe` settings (WELTCAFE_DATABASE_URL=…) on top; nothing of the caller's own WELTCAFE_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELTCAFE_")}
    env.update(
        WELTCAFE_DATA_DIR=str(workdir),
        WELTCAFE_SECRET_KEY="bench-only-not-a-secret",  # noqa: S106 - a throwaway key for a throwaway database
        WELTCAFE_ALLOWED_HOSTS=HOST,
        WELTCAFE_LOG_LEVEL="warning",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH", "")])),
    )
    env.update(weltcafe)
    return env


def start_server(env: dict[str, str], workers: int, port: int, log: Path) -> subprocess.Popen:
    """`weltcafe serve` in a session of its own (so it can be stopped with its workers), output to `log`."""
    command = [sys.executable, "-m", "weltcafe.cli", "serve", "--workers", str(workers), "--port", str(port)]
    with log.open("w") as log_file:
        return subprocess.Popen(  # noqa: S603
            [*command, "--no-migrate"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _database_url(admin_url: str, name: str) -> str:
    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}"


def _admin(admin_url: str):
    import psycopg

    return psycopg.connect(admin_url, autocommit=True)


def _create_database(admin_url: str, name: str) -> dict[str, Any]:
    from psycopg import sql

    with _admin(admin_url) as connection:
        max_connections = int(connection.execute("SHOW max_connections").fetchone()[0])
        in_use = int(connection.execute("SELECT count(*) FROM pg_stat_activity").fetchone()[0])
        version = connection.execute("SHOW server_version").fetchone()[0]
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {"max_connections": max_connections, "connections_in_use": in_use, "version": version}


def _drop_database(admin_url: str, name: str) -> None:
    from psycopg import sql

    with _admin(admin_url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _idea_rows(database_url: str | None, sqlite_file: Path) -> list[tuple[str, int]]:
    query = "SELECT client_uuid, count(*) FROM cafe_idea GROUP BY client_uuid"
    if database_url is None:
        import sqlite3

        with contextlib.closing(sqlite3.connect(sqlite_file)) as connection:
            return connection.execute(query).fetchall()
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(query).fetchall()


def _check_database(rows: list[tuple[Any, int]], all_uuids: list[str], ok_uuids: list[str]) -> dict[str, Any]:
    by_uuid = {str(uuid.UUID(str(value))): count for value, count in rows}  # SQLite keeps UUIDs as 32 hex digits
    posted = set(all_uuids)
    return {
        "rows": sum(by_uuid.values()),
        "uuids_with_more_than_one_row": sum(1 for count in by_uuid.values() if count > 1),
        "ok_posts_without_row": sum(1 for u in ok_uuids if u not in by_uuid),
        "rows_without_ok_answer": sum(1 for u in by_uuid if u in posted and u not in set(ok_uuids)),
        "rows_not_posted_by_bench": sum(1 for u in by_uuid if u not in posted),
    }


def _wait_for_health(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=5) as answer:  # noqa: S310 - fixed 127.0.0.1
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the server did not start (see its log)")
        time.sleep(0.3)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _machine(database: dict[str, Any], redis_url: str) -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    memory = None
    with contextlib.suppress(OSError, ValueError), open("/proc/meminfo") as info:
        memory = round(int(info.readline().split()[1]) / 1024 / 1024, 1)
    redis_version = None
    with contextlib.suppress(Exception):
        import redis

        redis_version = redis.Redis.from_url(redis_url).info("server")["redis_version"]
    versions = {}
    for package in ("django", "channels", "channels_redis", "uvicorn", "websockets", "psycopg"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[package] = version(package.replace("_", "-"))
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gib": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": database.get("version"),
        "postgresql_max_connections": database.get("max_connections"),
        "redis": redis_version,
        "packages": versions,
    }


def _server_log_summary(log: Path) -> dict[str, Any]:
    text = log.read_text(errors="replace") if log.exists() else ""
    lines = text.splitlines()
    interesting = [
        line for line in lines if any(word in line for word in ("Traceback", "ERROR", "Error", "WARNING", "Exception"))
    ]
    return {"lines": len(lines), "error_lines": len(interesting), "samples": interesting[:10]}


def run(args: argparse.Namespace) -> dict[str, Any]:
    participants = args.connections - args.walls
    if participants < 1:
        raise SystemExit("--connections must be larger than --walls")
    per_minute = math.ceil(args.rate * min(args.duration, 60) / participants)
    if per_minute > IDEAS_PER_MINUTE_LIMIT:
        raise SystemExit(
            f"{args.rate}/s over {participants} participants is {per_minute} ideas per participant per minute; "
            f"the server allows {IDEAS_PER_MINUTE_LIMIT}. Lower --rate or raise --connections."
        )
    print(f"live load: {participants} phones + {args.walls} walls, {args.rate} ideas/s for {args.duration} s")
    workdir = Path(tempfile.mkdtemp(prefix="weltcafe-bench-"))
    env = server_env(workdir)
    if args.embedded:  # the default as shipped: SQLite in the data folder, the in-process channel layer
        database: dict[str, Any] = {"version": None, "max_connections": None}
        database_url, pool_max, layer = None, None, "channels.layers.InMemoryChannelLayer (SQLite)"
    else:
        database = _create_database(args.admin_url, args.database)
        database_url = _database_url(args.admin_url, args.database)
        # Each worker's pool must fit next to everyone else's connections (tests, other services).
        pool_max = args.pool_max or max(
            4, min(20, (database["max_connections"] - database["connections_in_use"] - 20) // args.workers)
        )
        layer = "channels_redis.pubsub.RedisPubSubChannelLayer (PostgreSQL)"
        env.update(
            WELTCAFE_DATABASE_URL=database_url,
            WELTCAFE_REDIS_URL=args.redis_url,
            # Redis pub/sub ignores the database number: a prefix of its own keeps other users' events apart.
            WELTCAFE_REDIS_PREFIX=f"weltcafe-bench-{os.getpid()}",
            WELTCAFE_DB_POOL_MAX=str(pool_max),
        )
    server = None
    log = workdir / "server.log"
    result: dict[str, Any] = {}
    try:
        started = time.perf_counter()
        cli = [sys.executable, "-m", "weltcafe.cli"]
        subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, timeout=300)  # noqa: S603
        setup_file = workdir / "setup.json"
        subprocess.run(  # noqa: S603
            [sys.executable, __file__, "_setup", str(participants), str(setup_file)], env=env, check=True, timeout=300
        )
        data = json.loads(setup_file.read_text())
        print(
            f"  set-up: {participants} participants, {data['tables']} tables in {time.perf_counter() - started:.1f} s"
        )

        port = args.port or _free_port()
        server = start_server(env, args.workers, port, log)
        _wait_for_health(f"http://{HOST}:{port}", server)
        # The helper process is forked before any event loop exists; it stops by itself after `hard_limit`.
        parent_pipe, child_pipe = multiprocessing.Pipe()
        hard_limit = CONNECT_SECONDS + args.duration + args.drain + args.late_check + 120
        crowd = multiprocessing.get_context("fork").Process(
            target=_crowd_main, args=(port, [p["token"] for p in data["phones"]], child_pipe, hard_limit), daemon=True
        )
        crowd.start()
        cpu = CpuUse(server.pid, [os.getpid(), crowd.pid])
        _use_uvloop()
        try:
            load = asyncio.run(
                asyncio.wait_for(
                    _load(args, port, data, crowd, parent_pipe, cpu),
                    CONNECT_SECONDS + args.duration + args.drain + args.late_check + 180,
                )
            )
        finally:
            crowd.join(5)
            if crowd.is_alive():
                crowd.kill()
        _stop(server)
        rows = _idea_rows(database_url, workdir / "weltcafe.sqlite3")
        checks = _check_database(rows, load.pop("all_uuids"), load.pop("ok_uuids"))
        result = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, "bench/live_load.py", *sys.argv[1:]]),
            "machine": _machine(database, args.redis_url),
            "config": {
                "workers": args.workers,
                "participants": participants,
                "walls": args.walls,
                "rate_per_second": args.rate,
                "duration_seconds": args.duration,
                "drain_seconds_max": args.drain,
                "tables": data["tables"],
                "plan_seconds": data["plan_seconds"],
                "db_pool_max_per_worker": pool_max,
                "ideas_per_participant_per_minute": per_minute,
                "channel_layer": layer,
            },
            **load,
            "database": checks,
            "server_log": _server_log_summary(log),
        }
        result["lost"] = result["lost_on_walls"] + checks["ok_posts_without_row"]
        result["doubled"] = result["doubled_on_walls"] + checks["uuids_with_more_than_one_row"]
        result["errors"] = (
            result["http_errors"] + len(result["socket_drops"]["walls"]) + len(result["socket_drops"]["phones"])
        )
        return result
    finally:
        if server is not None:
            _stop(server)
        if args.keep_log and log.exists():
            shutil.copy(log, RESULTS / "live_load.server.log")
        shutil.rmtree(workdir, ignore_errors=True)
        if not args.embedded:
            _drop_database(args.admin_url, args.database)


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def write_report(result: dict[str, Any], stem: Path) -> Path:
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_name(f"{stem.name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    machine, config = result["machine"], result["config"]
    wall, http = result["wall_latency"], result["http_latency"]
    phones = result["phones"]
    phone = phones["latency"]
    statuses = ", ".join(f"{code}: {count}" for code, count in result["http_status"].items())
    lines = [
        "# Live café load benchmark",
        "",
        f"Reproduce: `{result['command']}` — {result['date']}.",
        f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory_gib']} GiB, {machine['os']}, "
        f"Python {machine['python']}, "
        + (
            f"PostgreSQL {machine['postgresql']} (max_connections {machine['postgresql_max_connections']}), "
            if machine["postgresql"]
            else ""
        )
        + f"Redis {machine['redis']}; "
        + ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
        + ".",
        "Server, PostgreSQL, Redis and the load generator share this machine.",
        "",
        f"Set-up: `weltcafe serve --workers {config['workers']}` (uvicorn, {config['channel_layer']}"
        + (
            f", psycopg pool ≤ {config['db_pool_max_per_worker']} per worker"
            if config["db_pool_max_per_worker"]
            else ""
        )
        + f"); {config['participants']} participants seated by "
        f"`plan_seating` at {config['tables']} tables (mix mode, 1 round, started); {config['participants']} "
        f"phone sockets + {config['walls']} wall sockets; {result['posted']} ideas at {config['rate_per_second']}/s "
        f"for {config['duration_seconds']} s, round-robin over the participants "
        f"(≤ {config['ideas_per_participant_per_minute']} per participant per minute; the limit is 12).",
        "Latency: from the start of the POST to the idea's `idea.saved` event on a wall (every idea × every wall).",
        "",
        "| measure | p50 ms | p95 ms | p99 ms | max ms | samples |",
        "|---|---:|---:|---:|---:|---:|",
        f"| POST → on each wall | {_ms(wall['p50_ms'])} | {_ms(wall['p95_ms'])} | {_ms(wall['p99_ms'])} | "
        f"{_ms(wall['max_ms'])} | {wall['count']} |",
        f"| POST → on the table's phones | {_ms(phone['p50_ms'])} | {_ms(phone['p95_ms'])} | "
        f"{_ms(phone['p99_ms'])} | {_ms(phone['max_ms'])} | {phone['count']} |",
        f"| POST → HTTP answer | {_ms(http['p50_ms'])} | {_ms(http['p95_ms'])} | {_ms(http['p99_ms'])} | "
        f"{_ms(http['max_ms'])} | {http['count']} |",
        "",
        "| outcome | count |",
        "|---|---:|",
        f"| ideas posted | {result['posted']} (achieved {result['achieved_rate']}/s) |",
        f"| HTTP answers by status | {statuses} |",
        f"| errors (HTTP non-2xx or failed + socket drops) | {result['errors']} |",
        f"| — HTTP errors | {result['http_errors']} |",
        f"| — socket drops (walls / phones) | {len(result['socket_drops']['walls'])} / "
        f"{len(result['socket_drops']['phones'])} |",
        f"| sockets open (walls / phones) | {result['connect']['walls_open']} / {result['connect']['phones_open']} "
        f"(in {result['connect']['seconds']} s) |",
        f"| **lost** (answered OK, missing on a wall after the drain, or no row) | **{result['lost']}** |",
        f"| **doubled** (twice on one wall, or > 1 row per client_uuid) | **{result['doubled']}** |",
        f"| database rows / ideas answered OK | {result['database']['rows']} / {result['http_ok']} |",
        f"| phones: ideas of their table expected / missing / doubled / from other tables | {phones['expected']} / "
        f"{phones['missing']} / {phones['doubled']} / {phones['other_tables']} |",
        f"| drain needed | {result['drain_seconds']} s |",
        f"| of the lost: arrived later (waited {result['late_check_seconds']} s more) / never arrived | "
        f"{result['arrived_after_drain']} / {result['never_arrived']} |",
        f"| load generator schedule lag p99 / max | {result['schedule_lag_ms']['p99']} / "
        f"{result['schedule_lag_ms']['max']} ms |",
        f"| server log error lines | {result['server_log']['error_lines']} |",
        "",
        "CPU use (the machine may be shared with other work; its load is part of the result):",
        "",
        "| window | seconds | machine busy | CPU seconds by group |",
        "|---|---:|---:|---|",
    ]
    for label, key in (
        ("sockets open, nothing posted", "cpu_before_posting"),
        ("posting + drain", "cpu_while_posting"),
    ):
        use = result[key]
        groups = ", ".join(f"{group} {value}" for group, value in use["cpu_seconds"].items())
        lines.append(
            f"| {label} | {use['seconds']} | {use['machine_busy_percent']} % | {groups} "
            f"(of {use['cpu_seconds_available']} available) |"
        )
    lines.append("")
    during = result["cpu_while_posting"]
    server_seconds = during["cpu_seconds"].get("server", 0)
    if result["http_ok"]:
        per_idea = 1000 * server_seconds / result["http_ok"]
        system = 1000 * during["server_system_seconds"] / result["http_ok"]
        lines += [
            f"**Server CPU per idea: {per_idea:.1f} ms** ({per_idea - system:.1f} ms user, {system:.1f} ms system; "
            "all server CPU while posting and draining, sockets' own pings included, over the ideas answered OK).",
            "",
        ]
    others = during["cpu_seconds"].get("other processes", 0)
    if during["cpu_seconds_available"] and others > 0.1 * during["cpu_seconds_available"]:
        lines += [
            f"**Caution:** other processes used {others} of {during['cpu_seconds_available']} CPU seconds while "
            "posting; the latencies above include that competition and vary from run to run.",
            "",
        ]
    if result["http_error_samples"]:
        lines += ["HTTP error samples:", "", *[f"- `{sample}`" for sample in result["http_error_samples"]], ""]
    if result["server_log"]["samples"]:
        lines += ["Server log samples:", "", *[f"- `{sample}`" for sample in result["server_log"]["samples"]], ""]
    path = stem.with_name(f"{stem.name}.md")
    path.write_text("\n".join(lines))
    return path


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_setup"]:
        _setup_in_django(int(argv[1]), Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of posting (default 60)")
    parser.add_argument("--rate", type=float, default=50.0, help="ideas per second (default 50)")
    parser.add_argument("--connections", type=int, default=500, help="websockets in all: phones + walls (500)")
    parser.add_argument("--walls", type=int, default=10, help="wall sockets among the connections (10)")
    parser.add_argument("--drain", type=float, default=10.0, help="seconds to wait for late events (10)")
    parser.add_argument(
        "--late-check", type=float, default=60.0, help="if ideas are lost: seconds more to tell late from never (60)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--smoke", action="store_true", help="a quick check: 5 s, 50 connections")
    parser.add_argument(
        "--embedded", action="store_true", help="the default as shipped: one worker, SQLite, in-process layer"
    )
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="weltcafe_bench", help="created and dropped by the bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--pool-max", type=int, default=0, help="WELTCAFE_DB_POOL_MAX (default: what fits)")
    parser.add_argument("--keep-log", action="store_true", help="copy the server log to bench/results/")
    parser.add_argument("--out", help="results path without .md/.json (default bench/results/live_load[.smoke])")
    args = parser.parse_args(argv)
    if args.smoke:
        args.duration, args.connections = 5.0, 50
    if args.embedded:
        args.workers = 1
    for url in (args.admin_url, args.redis_url):
        if not url.split("//", 1)[-1].split("@")[-1].startswith(("127.0.0.1", "localhost")):
            parser.error(f"{url}: the bench talks to 127.0.0.1 only")
    result = run(args)
    path = write_report(
        result,
        Path(args.out)
        if args.out
        else RESULTS / ("live_load" + (".embedded" if args.embedded else "") + (".smoke" if args.smoke else "")),
    )
    print(path.read_text())
    return 0 if result["lost"] == 0 and result["doubled"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
