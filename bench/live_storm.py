"""Connect-storm benchmark of the live café: the hall's Wi-Fi goes away and comes back, and 500 phones reconnect
within 5 s. Bounded, 127.0.0.1 only, stops by itself.

    .venv/bin/python bench/live_storm.py                 # 500 phones, 5 walls, 10 ideas/s, reconnect within 5 s
    .venv/bin/python bench/live_storm.py --phones 200    # a smaller hall

Set-up as bench/live_load.py (a fresh PostgreSQL database, `weltcafe serve --workers 2`, the machine's Redis under
a key prefix of its own). The phones reach the server through a TCP proxy that stands for the hall's access point:

1. every phone opens its socket and takes its snapshot; ideas are posted at `--rate` throughout (by people on
   mobile data: directly, not through the Wi-Fi), and `--walls` walls on the wired network watch them arrive;
2. the Wi-Fi drops: the phones' sockets die at once, while the server hears nothing — no FIN, no RST — and finds
   the dead sockets only by its own pings, as behind a real access point; for `--outage` seconds;
3. the Wi-Fi is back: each phone reconnects at a random moment within `--within` seconds and, when refused or
   timed out, again with live.js's back-off (2^n s × 0.5–1.5); after `--after` seconds the next of `--storms`
   drops (the second shows whether memory returns to where it was or grows with each storm).

Measured: how many phones got their snapshot back and how long it took (from the phone's first attempt), whether
each phone's catch-up is complete (every idea of its table stored before the end is in its snapshot or arrived
after it), the walls' POST → wall latency before and during the storm, the server's memory (resident set of its
workers) and its open TCP connections over time, and what the server answered. Results:
bench/results/live_storm.md and .json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_faults
import live_load

HOST = live_load.HOST
RESULTS = live_load.RESULTS


class HallWifi:
    """A TCP proxy for the phones. `drop()` kills every phone's connection on the phone's side and freezes the
    server's side (nothing forwarded, nothing closed), so the server keeps dead sockets until its pings time out;
    while down, new connections are refused. `up` is set while the Wi-Fi works."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = asyncio.Event()
        self.up.set()
        self.links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter, asyncio.Task]] = set()
        self.frozen: list[asyncio.StreamWriter] = []

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, HOST, 0, backlog=2048)
        return self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up.is_set():
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(HOST, self.target_port)
        except OSError:
            writer.transport.abort()
            return

        pipe = live_faults.pipe
        task = asyncio.ensure_future(asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer)))
        link = (writer, up_writer, task)
        self.links.add(link)
        with contextlib.suppress(asyncio.CancelledError):
            await task
        self.links.discard(link)

    def drop(self) -> None:
        self.up.clear()
        for phone_side, server_side, task in list(self.links):
            task.cancel()
            phone_side.transport.abort()
            server_side.transport.pause_reading()  # the server's frames pile up unread, as at a dead access point
            self.frozen.append(server_side)
        self.links.clear()

    def restore(self) -> None:
        self.up.set()

    def close(self) -> None:
        for writer in self.frozen:
            writer.transport.abort()
        for phone_side, server_side, task in self.links:
            task.cancel()
            phone_side.transport.abort()
            server_side.transport.abort()
        self.server.close()


class Phone:
    """One phone's socket through the Wi-Fi: how long each reconnect took to its snapshot, and what it has seen
    since its last snapshot."""

    def __init__(self, token: str, table: int) -> None:
        self.token, self.table = token, table
        self.waiting_since: float | None = None  # set when the Wi-Fi is back and the phone starts to reconnect
        self.waits: list[float] = []
        self.attempts = 0  # of the slowest reconnect
        self.refusals: dict[str, int] = {}
        self.seen: set[str] = set()  # client_uuids in the last snapshot, and in the events after it


async def _hold(port: int, phone: Phone, stop_at: float, wifi: HallWifi, *, spread: float) -> None:
    """Connect and read; when the Wi-Fi drops, wait for it, reconnect at a random moment within `spread` seconds
    and, if refused or timed out, again with live.js's back-off until the snapshot comes."""
    failures = attempts = 0
    while time.monotonic() < stop_at:
        attempts += 1
        try:
            async with live_load.live_socket(port, "p", phone.token, open_timeout=15, close_timeout=1) as socket_:
                first = json.loads(await asyncio.wait_for(socket_.recv(), 15))
                if first.get("type") != "snapshot":
                    raise RuntimeError(f"first frame {first.get('type')}")
                if phone.waiting_since is not None:
                    phone.waits.append(time.monotonic() - phone.waiting_since)
                    phone.attempts = max(phone.attempts, attempts)
                    phone.waiting_since = None
                failures = attempts = 0
                phone.seen = {idea["client_uuid"] for idea in first["snapshot"]["state"]["ideas"].values()}
                async for raw in socket_:
                    event = json.loads(raw)
                    if event.get("type") == "idea.saved":
                        phone.seen.add(event["idea"]["client_uuid"])
        except Exception as error:
            if phone.waiting_since is not None:
                reason = getattr(getattr(error, "rcvd", None), "code", None) or type(error).__name__
                phone.refusals[str(reason)] = phone.refusals.get(str(reason), 0) + 1
        if time.monotonic() >= stop_at:
            return
        if not wifi.up.is_set():
            await wifi.up.wait()  # nothing to do without Wi-Fi
            await asyncio.sleep(random.uniform(0, spread))
            phone.waiting_since = time.monotonic()
            failures = attempts = 0
            continue
        failures += 1
        await asyncio.sleep(min(30.0, 2.0**failures) * (0.5 + random.random()))


def _server_footprint(server_pid: int, port: int) -> dict[str, float]:
    """Resident memory of the workers (MiB) and the server's established TCP connections on its port."""
    rss = 0
    for pid in live_faults._worker_pids(server_pid):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
    established = 0
    with open("/proc/net/tcp") as table:
        for line in table.readlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":
                established += 1
    return {"rss_mib": round(rss / 1024, 1), "connections": established}


async def _scenario(args: argparse.Namespace, port: int, data: dict, server_pid: int) -> dict[str, Any]:
    phones_data = data["phones"]
    wifi = HallWifi(port)
    wifi_port = await wifi.start()
    ledger = live_faults.Ledger(args.walls)
    pool = live_load.HttpPool(port)
    status, headers, _ = await pool.request("GET", f"/live/p/{phones_data[0]['token']}/")
    if status != 200:
        raise RuntimeError(f"GET of a phone page answered {status}")
    csrf = live_load._csrf_from(headers["set-cookie"])

    started = time.monotonic()
    fill = max(1.0, args.calm - 8)
    cycle = args.outage + args.within + args.after
    drops = [started + args.calm + k * cycle for k in range(args.storms)]
    end = drops[-1] + cycle
    stop_at = end + 15
    phones = [Phone(p["token"], p["table"]) for p in phones_data]

    async def first_connect(phone: Phone, delay: float) -> None:
        await asyncio.sleep(delay)  # the first connects are not the storm: the hall fills up over the calm stretch
        await _hold(wifi_port, phone, stop_at, wifi, spread=args.within)

    holders = [asyncio.create_task(first_connect(p, fill * i / len(phones))) for i, p in enumerate(phones)]

    def on_message(message: dict, now: float) -> None:
        index = message.pop("_wall")
        if message.get("type") == "snapshot":
            for idea in message["snapshot"]["state"]["ideas"].values():
                ledger.show(index, idea, now)
        elif message.get("type") == "idea.saved":
            ledger.show(index, message["idea"], now)

    walls = [
        asyncio.create_task(
            live_faults._reconnecting(
                port,
                "w",
                data["wall_token"],
                stop_at,
                lambda: None,
                on_message=lambda message, now, i=i: on_message({**message, "_wall": i}, now),
            )
        )
        for i in range(args.walls)
    ]
    footprint: list[tuple[float, dict[str, float]]] = []

    async def sample() -> None:
        while time.monotonic() < stop_at:
            footprint.append((time.monotonic() - drops[0], _server_footprint(server_pid, port)))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    senders: list[asyncio.Task] = []
    stored_table: dict[str, int] = {}
    interval, sequence, next_at = 1 / args.rate, 0, time.monotonic() + 3
    await asyncio.sleep(3)

    async def post(phone: dict, body: dict) -> None:
        await live_faults._send_until_stored(pool, ledger, phone, body, csrf, stop_at)
        if body["client_uuid"] in ledger.stored:
            stored_table[body["client_uuid"]] = phone["table"]

    while time.monotonic() < end:
        now = time.monotonic()
        for drop in drops:
            if wifi.up.is_set() and drop <= now < drop + args.outage:
                wifi.drop()
            elif not wifi.up.is_set() and drop + args.outage <= now < drop + cycle:
                wifi.restore()
        phone = phones_data[sequence % len(phones_data)]
        body = {
            "client_uuid": str(uuid.uuid4()),
            "table": phone["table"],
            "round": data["round"],
            "text": f"Idee {sequence} von Person {phone['id']}",
        }
        senders.append(asyncio.create_task(post(phone, body)))
        sequence += 1
        next_at += interval
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    await asyncio.gather(*senders)
    settle = time.monotonic() + 10
    while time.monotonic() < settle and any(key not in shown for shown in ledger.shown for key in ledger.stored):
        await asyncio.sleep(0.2)
    for task in [*holders, *walls, sampler]:
        task.cancel()
    await asyncio.gather(*holders, *walls, sampler, return_exceptions=True)
    wifi.close()
    pool.close()

    # Catch-up: since its last snapshot, each phone must have every idea of its table stored before the end.
    by_table: dict[int, set[str]] = {}
    for key, table in stored_table.items():
        by_table.setdefault(table, set()).add(key)
    back = [p for p in phones if len(p.waits) == args.storms]
    missing = [len(by_table.get(p.table, set()) - p.seen) for p in back]
    refusals: dict[str, int] = {}
    for phone in phones:
        for reason, count in phone.refusals.items():
            refusals[reason] = refusals.get(reason, 0) + count

    def wall_latency(windows: list[tuple[float, float]]) -> dict[str, float | None]:
        values = []
        for key, sent in ledger.first_sent.items():
            if key in ledger.stored and any(since <= sent < until for since, until in windows):
                values += [min(shown[key].values()) - sent for shown in ledger.shown if key in shown]
        return live_load._figures(values)

    def footprint_in(since: float, until: float, field: str) -> list[float]:
        return [f[field] for t, f in footprint if since <= t + drops[0] < until]

    storms = []
    for k, drop in enumerate(drops):
        back_at = drop + args.outage
        waits = [p.waits[k] for p in phones if len(p.waits) > k]
        storms.append(
            {
                "reconnected_with_snapshot": len(waits),
                "snapshot_wait": live_load._figures(waits),
                "rss_mib_peak": max(footprint_in(drop, drop + cycle, "rss_mib"), default=None),
                "rss_mib_after": max(footprint_in(drop + cycle - 5, drop + cycle, "rss_mib"), default=None),
                "connections_peak": max(footprint_in(drop, drop + cycle, "connections"), default=None),
                "connections_after": min(footprint_in(drop + cycle - 5, drop + cycle, "connections"), default=None),
                "wall_latency": wall_latency([(back_at, back_at + args.within + 5)]),
            }
        )
    stored = set(ledger.stored)
    return {
        "phones": len(phones),
        "storms": storms,
        "back_after_every_storm": len(back),
        "attempts_max": max((p.attempts for p in phones), default=0),
        "refusals": dict(sorted(refusals.items())),
        "catch_up_complete": sum(1 for m in missing if m == 0),
        "catch_up_missing_ideas": sum(missing),
        "ideas": {
            "posted": len(ledger.first_sent),
            "stored": len(stored),
            "on_every_wall": sum(1 for key in stored if all(key in shown for shown in ledger.shown)),
            "doubled_on_walls": sum(1 for shown in ledger.shown for ideas in shown.values() if len(ideas) > 1),
            "http_statuses": dict(sorted(ledger.statuses.items())),
        },
        "wall_latency_calm": wall_latency([(started + fill + 3, drops[0])]),
        "rss_mib_before": max(footprint_in(drops[0] - 5, drops[0], "rss_mib"), default=None),
        "connections_before": max(footprint_in(drops[0] - 5, drops[0], "connections"), default=None),
        "timeline": [
            {"t": round(t, 1), **f} for t, f in footprint[:: max(1, len(footprint) // 80)]
        ],  # about 80 points, t from the first drop
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="weltcafe-storm-"))
    live_load._create_database(args.admin_url, args.database)
    database_url = live_load._database_url(args.admin_url, args.database)
    env = live_load.server_env(
        workdir,
        WELTCAFE_DATABASE_URL=database_url,
        WELTCAFE_REDIS_URL=args.redis_url,
        WELTCAFE_REDIS_PREFIX=f"weltcafe-storm-{os.getpid()}",
        WELTCAFE_DB_POOL_MAX="10",
    )
    server = None
    log = workdir / "server.log"
    try:
        cli = [sys.executable, "-m", "weltcafe.cli"]
        live_load.subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, timeout=300)
        setup_file = workdir / "setup.json"
        live_load.subprocess.run(
            [sys.executable, live_load.__file__, "_setup", str(args.phones), str(setup_file)],
            env=env,
            check=True,
            timeout=300,
        )
        data = json.loads(setup_file.read_text())
        port = live_load._free_port()
        server = live_load.start_server(env, args.workers, port, log)
        live_load._wait_for_health(f"http://{HOST}:{port}", server)
        print(
            f"live storm: {args.phones} phones through the hall's Wi-Fi + {args.walls} walls, {args.rate} ideas/s; "
            f"Wi-Fi down {args.outage:.0f} s, back within {args.within:.0f} s"
        )
        cpu = live_load.CpuUse(server.pid, [os.getpid()])
        live_load._use_uvloop()
        cpu.start()
        budget = args.calm + args.storms * (args.outage + args.within + args.after) + 120
        figures = asyncio.run(asyncio.wait_for(_scenario(args, port, data, server.pid), budget))
        used = cpu.stop()
        live_load._stop(server)
        rows = {str(uuid.UUID(str(v))): c for v, c in live_load._idea_rows(database_url, workdir / "x.sqlite3")}
        figures["ideas"]["doubled_in_database"] = sum(1 for count in rows.values() if count > 1)
        return {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, "bench/live_storm.py", *sys.argv[1:]]),
            "config": {
                "phones": args.phones,
                "walls": args.walls,
                "rate": args.rate,
                "workers": args.workers,
                "outage_seconds": args.outage,
                "reconnect_within_seconds": args.within,
                "storms": args.storms,
                "tables": data["tables"],
            },
            **figures,
            "cpu": used,
            "server_log": live_load._server_log_summary(log),
        }
    finally:
        if server is not None:
            live_load._stop(server)
        live_load._drop_database(args.admin_url, args.database)
        if args.keep_log and log.exists():
            (RESULTS / "live_storm.server.log").write_bytes(log.read_bytes())


def write_report(result: dict[str, Any], stem: Path) -> Path:
    stem.with_name(f"{stem.name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    config, ideas, calm = result["config"], result["ideas"], result["wall_latency_calm"]
    ms = live_load._ms
    lines = [
        "# Live café connect storm",
        "",
        f"Reproduce: `{result['command']}` — {result['date']}.",
        f"`weltcafe serve --workers {config['workers']}` on PostgreSQL + Redis; {config['phones']} phones behind a "
        f"proxy that stands for the hall's Wi-Fi, {config['walls']} walls on the wired network, {config['rate']} "
        f"ideas/s throughout ({config['tables']} tables). {config['storms']} times the Wi-Fi drops for "
        f"{config['outage_seconds']:.0f} s (the server is not told: its dead sockets go only when its pings time "
        "out), then every phone reconnects at a random moment within "
        f"{config['reconnect_within_seconds']:.0f} s.",
        "",
        "| storm | phones back with their snapshot | time to the snapshot p50 / p99 / max ms | POST → wall p50 / p99 "
        "ms | server RSS peak / after MiB | TCP connections peak / after |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for number, storm in enumerate(result["storms"], 1):
        wait, wall = storm["snapshot_wait"], storm["wall_latency"]
        lines.append(
            f"| {number} | **{storm['reconnected_with_snapshot']} / {result['phones']}** | {ms(wait['p50_ms'])} / "
            f"{ms(wait['p99_ms'])} / {ms(wait['max_ms'])} | {ms(wall['p50_ms'])} / {ms(wall['p99_ms'])} | "
            f"{storm['rss_mib_peak']} / {storm['rss_mib_after']} | {storm['connections_peak']} / "
            f"{storm['connections_after']} |"
        )
    lines += [
        "",
        f"- Before the first drop: server RSS {result['rss_mib_before']} MiB, {result['connections_before']} TCP "
        f"connections, POST → wall p50 / p99 {ms(calm['p50_ms'])} / {ms(calm['p99_ms'])} ms.",
        f"- Catch-up complete (since its last snapshot, every idea of its table stored before the end): "
        f"**{result['catch_up_complete']} / {result['back_after_every_storm']}** phones, "
        f"{result['catch_up_missing_ideas']} ideas missing.",
        f"- Ideas posted / stored / on every wall: {ideas['posted']} / {ideas['stored']} / {ideas['on_every_wall']}; "
        f"doubled on walls / in the database: {ideas['doubled_on_walls']} / {ideas['doubled_in_database']}; "
        f"HTTP answers {ideas['http_statuses']}.",
        f"- Attempts of the slowest reconnect: {result['attempts_max']}; failed attempts by reason: "
        f"{result['refusals'] or 'none'}.",
        f"- CPU seconds: {result['cpu']['cpu_seconds']}.",
        "",
        "Time to the snapshot is from the phone's first attempt after the Wi-Fi is back. The server's connections "
        "peak near twice the phones while the dead sockets of the drop wait for the ping timeout (20 s interval + "
        "20 s timeout) next to the new ones; \"after\" is the end of each storm's stretch, when they are gone.",
        "",
    ]
    if result["server_log"]["samples"]:
        lines += ["Server log samples:", "", *[f"- `{s}`" for s in result["server_log"]["samples"]], ""]
    path = stem.with_name(f"{stem.name}.md")
    path.write_text("\n".join(lines))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--walls", type=int, default=5)
    parser.add_argument("--rate", type=float, default=10.0, help="ideas per second throughout (10)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--calm", type=float, default=15.0, help="seconds before the Wi-Fi drops (15)")
    parser.add_argument("--outage", type=float, default=10.0, help="seconds without Wi-Fi (10)")
    parser.add_argument("--within", type=float, default=5.0, help="the phones reconnect within this many s (5)")
    parser.add_argument("--after", type=float, default=40.0, help="seconds of watching after each storm (40)")
    parser.add_argument("--storms", type=int, default=2, help="how often the Wi-Fi drops (2)")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="weltcafe_storm")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--keep-log", action="store_true")
    parser.add_argument("--out", help="results path without .md/.json (default bench/results/live_storm)")
    args = parser.parse_args(argv)
    result = run(args)
    path = write_report(result, Path(args.out) if args.out else RESULTS / "live_storm")
    print(path.read_text())
    complete = result["catch_up_complete"] == result["back_after_every_storm"] == result["phones"]
    return 0 if complete and not result["ideas"]["doubled_in_database"] else 1


if __name__ == "__main__":
    sys.exit(main())
