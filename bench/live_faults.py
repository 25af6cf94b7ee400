"""Fault benchmark of the live café: a steady stream of ideas while a worker, Redis or PostgreSQL fails, and a phone
comes back after minutes offline. Bounded, 127.0.0.1 only, stops by itself.

    .venv/bin/python bench/live_faults.py               # 300 sockets, 20 ideas/s, every fault, offline 300 s
    .venv/bin/python bench/live_faults.py --offline 60  # the same with a shorter offline phone

Set-up as bench/live_load.py (a fresh PostgreSQL database, `weltcafe serve --workers 2`), with two things of its
own so that faults touch nothing else on the machine: a `redis-server` of its own on a free port, and a TCP proxy in
front of PostgreSQL through which the server reaches its database (blocking the proxy stands for a PostgreSQL
restart: every connection dropped, new ones refused).

The load generator behaves like live.js: every idea has a UUID and stays in its phone's outbox until the server
answers 200/201 (a network error, 429 or 5xx keeps it and tries again after a moment, honouring Retry-After); the
walls reconnect with back-off and take the snapshot they get on connecting as their catch-up, and refetch the
state every 60 s as the wall page does. One at a time, with a calm stretch between:

1. `SIGKILL` one of the two uvicorn workers (uvicorn's supervisor starts a new one);
2. stop Redis and start it again 3 s later;
3. block PostgreSQL for 10 s;
4. one phone holds 10 ideas offline for `--offline` seconds from the start, then sends them.

For each: ideas first sent during the fault, stored (once), shown on every wall, lost, doubled, and the time to
recover — from the end of the fault until every idea first sent before that moment is shown on every wall.
Results: bench/results/live_faults.md and .json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_load

HOST = live_load.HOST
RESULTS = live_load.RESULTS
WALL_REFETCH_SECONDS = 60  # static/weltcafe/live.js: a wall refetches its state every minute


# ----------------------------------------------------------------------------------------------------------------
# The things that fail
# ----------------------------------------------------------------------------------------------------------------


class OwnRedis:
    def __init__(self, port: int, workdir: Path) -> None:
        self.port, self.workdir = port, workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), __import__("socket").create_connection((HOST, self.port), 0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    """One direction of a proxied TCP connection, until either side ends it."""
    with contextlib.suppress(Exception):
        while data := await source.read(65536):
            sink.write(data)
            await sink.drain()
    sink.close()


class BlockingProxy:
    """TCP proxy to PostgreSQL; `blocked` drops every connection and refuses new ones, as a restart would."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.blocked = False
        self.links: set[asyncio.StreamWriter] = set()

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, HOST, 0)
        return self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.blocked:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(HOST, self.target_port)
        except OSError:
            writer.close()
            return
        self.links |= {writer, up_writer}

        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self.links -= {writer, up_writer}

    def block(self) -> None:
        self.blocked = True
        for writer in list(self.links):
            writer.transport.abort()
        self.links.clear()

    def unblock(self) -> None:
        self.blocked = False


def _worker_pids(server_pid: int) -> list[int]:
    """uvicorn's workers: the supervisor's children started by multiprocessing (not its resource tracker)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with (
                contextlib.suppress(OSError),
                open(f"/proc/{entry}/stat") as stat,
                open(f"/proc/{entry}/cmdline", "rb") as cmdline,
            ):
                raw, command = stat.read(), cmdline.read()
                if int(raw[raw.rindex(")") + 2 :].split()[1]) == server_pid and b"spawn_main" in command:
                    found.append(int(entry))
    return sorted(found)


# ----------------------------------------------------------------------------------------------------------------
# Phones with an outbox, walls that reconnect
# ----------------------------------------------------------------------------------------------------------------


class Ledger:
    """What was sent when, what the server answered, and what each wall shows (keyed like live.js: by idea id)."""

    def __init__(self, walls: int) -> None:
        self.first_sent: dict[str, float] = {}
        self.stored: dict[str, float] = {}
        self.attempts: dict[str, int] = {}
        self.statuses: dict[str, int] = {}
        self.shown: list[dict[str, dict[int, float]]] = [{} for _ in range(walls)]  # wall → uuid → {id: when}
        self.wall_reconnects = [0] * walls

    def show(self, wall: int, idea: dict, now: float) -> None:
        self.shown[wall].setdefault(idea["client_uuid"], {}).setdefault(idea["id"], now)


async def _send_until_stored(pool, ledger: Ledger, phone: dict, body: dict, csrf: str, stop_at: float) -> None:
    key = body["client_uuid"]
    ledger.first_sent.setdefault(key, time.monotonic())
    headers = {"Content-Type": "application/json", "X-CSRFToken": csrf, "Cookie": f"csrftoken={csrf}"}
    while time.monotonic() < stop_at:
        ledger.attempts[key] = ledger.attempts.get(key, 0) + 1
        wait = 1.0
        try:
            status, answer, _ = await pool.request(
                "POST", f"/live/p/{phone['token']}/ideas/", json.dumps(body).encode(), headers
            )
        except Exception:
            status, answer = 0, {}
        ledger.statuses[str(status)] = ledger.statuses.get(str(status), 0) + 1
        if status in (200, 201):
            ledger.stored.setdefault(key, time.monotonic())
            return
        if 400 <= status < 500 and status != 429:
            return  # refused: live.js gives the text back; counted as not stored
        with contextlib.suppress(ValueError):
            wait = float(answer.get("retry-after", wait))
        await asyncio.sleep(wait * (1 + random.random()))


async def _reconnecting(
    port: int, kind: str, token: str, stop_at: float, on_reconnect, *, on_message=None, on_quiet=None
) -> None:
    """Hold one socket until `stop_at`, reconnecting as live.js does (back-off 2^n s × 0.5–1.5, at most 30 s).
    `on_message(event, when)` for each frame, `on_quiet()` after each second without one, `on_reconnect()` before
    each new attempt (counted as it happens: the walls are cancelled once everything has arrived)."""

    failures = 0
    while time.monotonic() < stop_at:
        try:
            async with live_load.live_socket(port, kind, token, open_timeout=20, close_timeout=2) as socket_:
                failures = 0
                while time.monotonic() < stop_at:
                    try:
                        raw = await asyncio.wait_for(socket_.recv(), 1.0)
                    except TimeoutError:
                        if on_quiet is not None:
                            await on_quiet()
                        continue
                    if on_message is not None:
                        on_message(json.loads(raw), time.monotonic())
        except Exception:  # noqa: S110 - a dropped socket is the fault under test; reconnect as live.js does
            pass
        if time.monotonic() >= stop_at:
            return
        failures += 1
        on_reconnect()
        await asyncio.sleep(min(30.0, 2.0**failures) * (0.5 + random.random()))


async def _wall(port: int, token: str, index: int, ledger: Ledger, stop_at: float) -> None:
    refetch_at = time.monotonic() + WALL_REFETCH_SECONDS

    def on_message(message: dict, now: float) -> None:
        if message.get("type") == "snapshot":
            for idea in message["snapshot"]["state"]["ideas"].values():
                ledger.show(index, idea, now)
        elif message.get("type") == "idea.saved":
            ledger.show(index, message["idea"], now)

    async def on_quiet() -> None:
        nonlocal refetch_at
        if time.monotonic() >= refetch_at:  # the wall page refetches its state every minute, socket or not
            refetch_at = time.monotonic() + WALL_REFETCH_SECONDS
            await _refetch(port, token, index, ledger)

    def on_reconnect() -> None:
        ledger.wall_reconnects[index] += 1

    await _reconnecting(port, "w", token, stop_at, on_reconnect, on_message=on_message, on_quiet=on_quiet)


async def _refetch(port: int, token: str, index: int, ledger: Ledger) -> None:
    pool = live_load.HttpPool(port, limit=1)
    with contextlib.suppress(Exception):
        status, _, content = await pool.request("GET", f"/live/w/{token}/state/")
        if status == 200:
            now = time.monotonic()
            for idea in json.loads(content)["state"]["ideas"].values():
                ledger.show(index, idea, now)
    pool.close()


async def _phones(port: int, tokens: list[str], stop_at: float) -> dict[str, int]:
    """The phone sockets: held open, reconnecting like live.js; counted, not checked (the walls are)."""
    counts = {"reconnects": 0}

    def on_reconnect() -> None:
        counts["reconnects"] += 1

    await asyncio.gather(*(_reconnecting(port, "p", token, stop_at, on_reconnect) for token in tokens))
    return counts


# ----------------------------------------------------------------------------------------------------------------
# The run
# ----------------------------------------------------------------------------------------------------------------


async def _scenario(args, port: int, data: dict, server: subprocess.Popen, redis: OwnRedis, proxy: BlockingProxy):
    walls, phones = args.walls, data["phones"]
    ledger = Ledger(walls)
    pool = live_load.HttpPool(port)
    status, headers, _ = await pool.request("GET", f"/live/p/{phones[0]['token']}/")
    if status != 200:
        raise RuntimeError(f"GET of a phone page answered {status}")
    csrf = live_load._csrf_from(headers["set-cookie"])
    started = time.monotonic()
    offline_until = started + args.offline
    calm = args.calm
    timeline = [("worker killed", calm), ("Redis restarted", 2 * calm + 10), ("PostgreSQL blocked", 3 * calm + 20)]
    end = max(offline_until, started + 4 * calm + 30) + 10
    stop_at = end + args.drain
    tasks = [asyncio.create_task(_wall(port, data["wall_token"], i, ledger, stop_at)) for i in range(walls)]
    phone_sockets = asyncio.create_task(
        _phones(port, [p["token"] for p in phones[1 : args.phone_sockets + 1]], stop_at)
    )
    await asyncio.sleep(3)  # the sockets open
    faults: list[dict[str, Any]] = []
    senders: list[asyncio.Task] = []
    offline_phone, posting = phones[0], phones[1:]

    # The offline phone's ten ideas: typed now, sent when it is back.
    held = [
        {
            "client_uuid": str(uuid.uuid4()),
            "table": offline_phone["table"],
            "round": data["round"],
            "text": f"Offline-Idee {n}",
        }
        for n in range(10)
    ]

    async def offline_phone_returns() -> None:
        await asyncio.sleep(max(0.0, offline_until - time.monotonic()))
        came_back = time.monotonic()
        faults.append(
            {
                "name": f"phone offline {args.offline:.0f} s with 10 ideas",
                "start": started,
                "end": came_back,
                "ideas": [item["client_uuid"] for item in held],
            }
        )
        for item in held:
            ledger.first_sent[item["client_uuid"]] = started  # typed at the start
        await asyncio.gather(*(_send_until_stored(pool, ledger, offline_phone, item, csrf, stop_at) for item in held))

    senders.append(asyncio.create_task(offline_phone_returns()))

    async def fault_driver() -> None:
        for name, at in timeline:
            await asyncio.sleep(max(0.0, started + at - time.monotonic()))
            begin = time.monotonic()
            if name == "worker killed":
                workers = _worker_pids(server.pid)
                os.kill(workers[0], signal.SIGKILL)
                # Over when uvicorn's supervisor has a new worker in its place.
                while time.monotonic() < begin + 60 and len(set(_worker_pids(server.pid)) - {workers[0]}) < 2:
                    await asyncio.sleep(0.1)
                end_ = time.monotonic()
            elif name == "Redis restarted":
                redis.stop()
                await asyncio.sleep(3)
                redis.start()
                end_ = time.monotonic()
            else:
                proxy.block()
                await asyncio.sleep(10)
                proxy.unblock()
                end_ = time.monotonic()
            faults.append({"name": name, "start": begin, "end": end_})

    driver = asyncio.create_task(fault_driver())
    interval, sequence = 1 / args.rate, 0
    next_at = time.monotonic()
    while time.monotonic() < end:
        phone = posting[sequence % len(posting)]
        body = {
            "client_uuid": str(uuid.uuid4()),
            "table": phone["table"],
            "round": data["round"],
            "text": f"Idee {sequence} von Person {phone['id']}",
        }
        senders.append(asyncio.create_task(_send_until_stored(pool, ledger, phone, body, csrf, stop_at)))
        sequence += 1
        next_at += interval
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    await driver
    await asyncio.gather(*senders)
    # Drain: until every stored idea is on every wall, or the drain time is up.
    while time.monotonic() < stop_at and any(key not in shown for shown in ledger.shown for key in ledger.stored):
        await asyncio.sleep(0.2)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    phone_counts = await phone_sockets
    pool.close()
    return ledger, faults, started, phone_counts


def _fault_figures(fault: dict[str, Any], ledger: Ledger, rows: dict[str, int], held: set[str]) -> dict[str, Any]:
    start, end = fault["start"], fault["end"]
    during = fault.get("ideas") or [
        key for key, sent in ledger.first_sent.items() if start <= sent <= end and key not in held
    ]
    # The offline phone's ideas count for its own case only: they wait on purpose through the other faults.
    before_end = (
        list(during)
        if fault.get("ideas")
        else [key for key, sent in ledger.first_sent.items() if sent <= end and key not in held]
    )
    walls = len(ledger.shown)
    shown_everywhere = [key for key in during if all(key in shown for shown in ledger.shown)]
    stored = [key for key in during if rows.get(key, 0) >= 1]
    last_seen = []
    for key in before_end:
        times = [min(shown[key].values()) for shown in ledger.shown if key in shown]
        if len(times) == walls:
            last_seen.append((max(times), key, times))
    slowest = max(last_seen, default=(end, "", []))
    recovery = max(0.0, slowest[0] - end)
    key = slowest[1]
    # Where the slowest idea spent its time, relative to the end of the fault (for reading a long recovery).
    detail = {
        "sent": round(ledger.first_sent.get(key, end) - end, 1),
        "stored": round(ledger.stored.get(key, end) - end, 1),
        "attempts": ledger.attempts.get(key, 0),
        "walls_first_last": [
            round(min(slowest[2], default=end) - end, 1),
            round(max(slowest[2], default=end) - end, 1),
        ],
    }
    return {
        "fault": fault["name"],
        "fault_seconds": round(end - start, 1),
        "ideas_first_sent_during": len(during),
        "stored": len(stored),
        "shown_on_every_wall": len(shown_everywhere),
        "lost": sum(1 for key in during if rows.get(key, 0) == 0 or key not in shown_everywhere),
        "doubled": sum(1 for key in during if rows.get(key, 0) > 1)
        + sum(1 for shown in ledger.shown for key in during if len(shown.get(key, {})) > 1),
        "recovery_seconds": round(recovery, 1),
        "slowest_idea": detail,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    participants = args.phone_sockets + 1
    workdir = Path(tempfile.mkdtemp(prefix="weltcafe-faults-"))
    redis = OwnRedis(live_load._free_port(), workdir)
    redis.start()
    live_load._create_database(args.admin_url, args.database)
    direct_url = live_load._database_url(args.admin_url, args.database)
    server = None
    log = workdir / "server.log"

    async def main() -> dict[str, Any]:
        nonlocal server
        proxy = BlockingProxy(5432)
        proxy_port = await proxy.start()
        env = live_load.server_env(
            workdir,
            WELTCAFE_DATABASE_URL=direct_url.replace(":5432/", f":{proxy_port}/"),
            WELTCAFE_REDIS_URL=f"redis://{HOST}:{redis.port}/0",
            WELTCAFE_DB_POOL_MAX="10",
        )
        cli = [sys.executable, "-m", "weltcafe.cli"]
        loop = asyncio.get_running_loop()

        def prepare() -> dict:
            subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, timeout=300)  # noqa: S603
            setup_file = workdir / "setup.json"
            subprocess.run(  # noqa: S603
                [sys.executable, live_load.__file__, "_setup", str(participants), str(setup_file)],
                env=env,
                check=True,
                timeout=300,
            )
            return json.loads(setup_file.read_text())

        data = await loop.run_in_executor(None, prepare)
        port = live_load._free_port()
        server = live_load.start_server(env, 2, port, log)
        await loop.run_in_executor(None, live_load._wait_for_health, f"http://{HOST}:{port}", server)
        print(
            f"live faults: {args.phone_sockets} phone sockets + {args.walls} walls, {args.rate} ideas/s, "
            f"offline phone {args.offline:.0f} s"
        )
        ledger, faults, _, phone_counts = await _scenario(args, port, data, server, redis, proxy)
        rows = {str(uuid.UUID(str(value))): count for value, count in live_load._idea_rows(direct_url, workdir)}
        held = {key for fault in faults for key in fault.get("ideas", [])}
        figures = [_fault_figures(fault, ledger, rows, held) for fault in sorted(faults, key=lambda f: f["start"])]
        every = list(ledger.first_sent)
        return {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, "bench/live_faults.py", *sys.argv[1:]]),
            "config": {
                "rate": args.rate,
                "walls": args.walls,
                "phone_sockets": args.phone_sockets,
                "offline_seconds": args.offline,
                "workers": 2,
            },
            "faults": figures,
            "overall": {
                "ideas": len(every),
                "stored_once": sum(1 for key in every if rows.get(key, 0) == 1),
                "lost": sum(
                    1 for key in every if rows.get(key, 0) == 0 or any(key not in shown for shown in ledger.shown)
                ),
                "doubled": sum(1 for key in every if rows.get(key, 0) > 1)
                + sum(1 for shown in ledger.shown for key in every if len(shown.get(key, {})) > 1),
                "http_statuses": dict(sorted(ledger.statuses.items())),
                "attempts_max": max(ledger.attempts.values(), default=0),
                "wall_reconnects": sum(ledger.wall_reconnects),
                "phone_socket_reconnects": phone_counts["reconnects"],
            },
        }

    try:
        return asyncio.run(asyncio.wait_for(main(), args.offline + 4 * args.calm + 600))
    finally:
        if server is not None:
            live_load._stop(server)
        redis.stop()
        live_load._drop_database(args.admin_url, args.database)
        if args.keep_log and log.exists():
            (RESULTS / "live_faults.server.log").write_bytes(log.read_bytes())


def write_report(result: dict[str, Any], stem: Path) -> Path:
    stem.with_name(f"{stem.name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    config, overall = result["config"], result["overall"]
    lines = [
        "# Live café fault benchmark",
        "",
        f"Reproduce: `{result['command']}` — {result['date']}.",
        f"`weltcafe serve --workers 2` on PostgreSQL (through a blocking proxy) + a Redis of its own; "
        f"{config['phone_sockets']} phone sockets + {config['walls']} walls; {config['rate']} ideas/s throughout. "
        "Phones keep every idea in an outbox until it is answered 200/201; walls reconnect and catch up from their "
        "snapshot, and refetch every 60 s.",
        "",
        "| fault | lasted s | ideas sent during | stored | on every wall | lost | doubled | recovery s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fault in result["faults"]:
        lines.append(
            f"| {fault['fault']} | {fault['fault_seconds']} | {fault['ideas_first_sent_during']} | {fault['stored']} | "
            f"{fault['shown_on_every_wall']} | **{fault['lost']}** | **{fault['doubled']}** | "
            f"{fault['recovery_seconds']} |"
        )
    lines += [
        "",
        f"Whole run: {overall['ideas']} ideas, {overall['stored_once']} stored exactly once, **lost "
        f"{overall['lost']}**, **doubled {overall['doubled']}**; answers by status {overall['http_statuses']} "
        f"(0 = no answer); at most {overall['attempts_max']} attempts for one idea; wall reconnects "
        f"{overall['wall_reconnects']}, phone socket reconnects {overall['phone_socket_reconnects']}.",
        "",
        "Recovery: from the end of the fault until every idea first sent before that moment is shown on every wall.",
        "",
    ]
    path = stem.with_name(f"{stem.name}.md")
    path.write_text("\n".join(lines))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--walls", type=int, default=10)
    parser.add_argument("--phone-sockets", type=int, default=290)
    parser.add_argument("--offline", type=float, default=300.0, help="seconds the offline phone stays away (300)")
    parser.add_argument("--calm", type=float, default=20.0, help="seconds of steady load before and between faults")
    parser.add_argument("--drain", type=float, default=30.0)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="weltcafe_faults")
    parser.add_argument("--keep-log", action="store_true")
    parser.add_argument("--out", help="results path without .md/.json (default bench/results/live_faults)")
    args = parser.parse_args(argv)
    result = run(args)
    path = write_report(result, Path(args.out) if args.out else RESULTS / "live_faults")
    print(path.read_text())
    return 0 if result["overall"]["lost"] == 0 and result["overall"]["doubled"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
