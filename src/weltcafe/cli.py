"""The `weltcafe` command: demo, serve, plan, init, createorganiser, and every Django management command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from weltcafe.common.site_address import is_loopback
from weltcafe.config.environment import data_dir, ensure_secret_key_file
from weltcafe.config.serving_address import follow_serving_address

OUR_COMMANDS = {
    "demo": "Demo einrichten und starten: SQLite, Beispielveranstaltung, http://127.0.0.1:8000",
    "serve": "Server starten (uvicorn; --workers N; liest WELTCAFE_DATABASE_URL und WELTCAFE_REDIS_URL)",
    "init": "Datenordner, geheimen Schlüssel und Datenbank anlegen (ohne Demodaten)",
    "plan": "Sitzplan berechnen (reine Bibliothek, ohne Datenbank) – siehe `weltcafe plan --help`",
    "createorganiser": "Konto für Organisierende anlegen",
    "harvest": "Ideen zu Themen bündeln (reine Bibliothek, ohne Datenbank) – siehe `weltcafe harvest --help`",
    "print-kit": "Druckunterlagen als PDF: Namensschilder, Tischschilder, Gastgeberbögen, Ablaufplan",
    "export-event": "Veranstaltung mit allem Inhalt als JSON exportieren (Sicherung, Umzug)",
    "import-event": "Exportierte Veranstaltung auf dieser Installation wiederherstellen",
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weltcafe.config.settings")
    import django

    django.setup()


def _help_text() -> str:
    lines = [
        "usage: weltcafe COMMAND [options]",
        "",
        "Weltcafé – World-Café-Netzwerktreffen planen und durchführen.",
        "",
        "commands:",
    ]
    lines += [f"  {name:<17}{text}" for name, text in OUR_COMMANDS.items()]
    lines += [
        "",
        "Every Django management command works too, e.g. `weltcafe migrate`, `weltcafe createsuperuser`,",
        "`weltcafe compilemessages`; `weltcafe help` lists them all.",
        "",
        "Environment: WELTCAFE_DATA_DIR (default ./var), WELTCAFE_DATABASE_URL, WELTCAFE_REDIS_URL,",
        "WELTCAFE_SECRET_KEY, WELTCAFE_DEBUG, WELTCAFE_ALLOWED_HOSTS – see docs/architecture.md.",
    ]
    return "\n".join(lines)


def _prepare_embedded() -> None:
    """The embedded default keeps its key and database in the data folder; make both exist."""
    folder = data_dir()
    if not os.environ.get("WELTCAFE_SECRET_KEY"):
        ensure_secret_key_file(folder)
    folder.mkdir(parents=True, exist_ok=True)


def serve(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="weltcafe serve", description=OUR_COMMANDS["serve"])
    parser.add_argument("--host", default=os.environ.get("WELTCAFE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WELTCAFE_PORT", "8000")))
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes (needs WELTCAFE_REDIS_URL for >1)"
    )
    parser.add_argument("--no-migrate", action="store_true", help="skip `migrate` before starting")
    args = parser.parse_args(argv)
    _prepare_embedded()
    base = follow_serving_address(args.host, args.port)
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    print(f"  Links auf Namensschildern und Tischschildern / printed links: {base}", flush=True)
    if args.workers > 1 and not settings.REDIS_URL:
        print(
            "weltcafe serve: --workers > 1 needs WELTCAFE_REDIS_URL (the in-process channel layer "
            "cannot reach other workers).",
            file=sys.stderr,
        )
        return 2
    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    return _run_uvicorn(host=args.host, port=args.port, workers=args.workers)


def _run_uvicorn(*, host: str, port: int, workers: int) -> int:
    import uvicorn

    from weltcafe.common.log_masking import uvicorn_log_config
    from weltcafe.config.request_limits import uvicorn_limits

    uvicorn.run(
        "weltcafe.config.asgi:application",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        lifespan="off",
        **uvicorn_limits(),
        log_level=os.environ.get("WELTCAFE_LOG_LEVEL", "info").lower(),
        log_config=uvicorn_log_config(),  # tokens in logged paths are masked
    )
    return 0


def init(argv: Sequence[str]) -> int:
    argparse.ArgumentParser(prog="weltcafe init", description=OUR_COMMANDS["init"]).parse_args(argv)
    _prepare_embedded()
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def demo(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="weltcafe demo", description=OUR_COMMANDS["demo"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="set up the demo, then exit (for scripts and tests)")
    parser.add_argument(
        "--played",
        action="store_true",
        help="play the café through first: all rounds ended, 39 ideas on the tablecloths, ready for the harvest",
    )
    args = parser.parse_args(argv)
    _prepare_embedded()
    base = follow_serving_address(args.host, args.port)
    _setup_django()
    from django.core.management import call_command

    from weltcafe.demo.loading import load_demo, play_demo_cafe

    call_command("migrate", interactive=False, verbosity=0)
    result = load_demo()
    if args.played:
        ideas = play_demo_cafe(result.event_slug)
        print(f"\n  Café durchgespielt / café played through: {ideas} Ideen / ideas")
        print(f"  Ernte / harvest:      {base}/orga/events/{result.event_slug}/harvest/")
    print()
    print("  Weltcafé-Demo bereit / demo ready")
    print(f"  Öffentliche Seite:    {base}/e/{result.event_slug}/")
    print(f"  Organisationsbereich: {base}/orga/")
    print(f"  Anmeldung / login:    {result.username}  ·  Passwort / password: {result.password}")
    print(f"  Daten / data:         {data_dir()}")
    if is_loopback(base):
        print("  Nur auf diesem Rechner erreichbar / this computer only. Für Smartphones im WLAN / for phones")
        print('  on the Wi-Fi: make demo DEMO_ARGS="--host 0.0.0.0"')
    print()
    sys.stdout.flush()
    if args.no_serve:
        return 0
    return _run_uvicorn(host=args.host, port=args.port, workers=1)


def create_organiser(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="weltcafe createorganiser", description=OUR_COMMANDS["createorganiser"])
    parser.add_argument("username")
    parser.add_argument("--email", default="")
    parser.add_argument("--password", help="omit to be asked (recommended; a password here lands in shell history)")
    args = parser.parse_args(argv)
    _setup_django()
    import getpass

    from django.core.exceptions import ValidationError

    from weltcafe.events.accounts import create_organiser as create

    password = args.password or getpass.getpass("Passwort: ")
    try:
        create(username=args.username, email=args.email, password=password)
    except ValidationError as error:
        for message in error.messages:
            print(f"weltcafe createorganiser: {message}", file=sys.stderr)
        return 2
    print(f"Organisator*in-Konto „{args.username}“ angelegt.")
    return 0


def plan(argv: Sequence[str]) -> int:
    from weltcafe.planning.cli import main as plan_main

    return plan_main(list(argv))


def harvest(argv: Sequence[str]) -> int:
    from weltcafe.synthesis.cli import main as harvest_main

    return harvest_main(list(argv))


def print_kit(argv: Sequence[str]) -> int:
    _prepare_embedded()
    from weltcafe.documents.print_kit.cli import main as print_kit_main

    return print_kit_main(list(argv))


def export_event(argv: Sequence[str]) -> int:
    _prepare_embedded()
    _setup_django()
    from weltcafe.documents.exchange.cli import export_main

    return export_main(argv)


def import_event(argv: Sequence[str]) -> int:
    _prepare_embedded()
    _setup_django()
    from weltcafe.documents.exchange.cli import import_main

    return import_main(argv)


HANDLERS = {
    "demo": demo,
    "serve": serve,
    "init": init,
    "plan": plan,
    "harvest": harvest,
    "createorganiser": create_organiser,
    "print-kit": print_kit,
    "export-event": export_event,
    "import-event": import_event,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(_help_text())
        return 0
    command, rest = args[0], args[1:]
    if command in HANDLERS:
        return HANDLERS[command](rest)
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["weltcafe", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
