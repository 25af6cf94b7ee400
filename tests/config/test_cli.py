"""The `weltcafe` command as a user runs it: a real subprocess with its own data folder."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# Every test here runs `weltcafe` on its own SQLite data folder: the PostgreSQL run skips them (-m 'not embedded').
pytestmark = [pytest.mark.integration, pytest.mark.embedded]
WELTCAFE = [sys.executable, "-m", "weltcafe.cli"]


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELTCAFE_")}
    env["WELTCAFE_DATA_DIR"] = str(data_dir)
    return env


def test_help_lists_the_commands(tmp_path):
    result = subprocess.run([*WELTCAFE, "--help"], capture_output=True, text=True, env=_env(tmp_path), check=True)

    for command in ("demo", "serve", "plan", "createorganiser", "init", "harvest", "print-kit", "export-event",
                    "import-event"):
        assert f"  {command} " in result.stdout


def test_demo_sets_up_sqlite_in_wal_mode_with_the_demo_meeting(tmp_path):
    result = subprocess.run(
        [*WELTCAFE, "demo", "--no-serve"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:8000/orga/" in result.stdout
    password = (tmp_path / "demo_password").read_text().strip()
    assert password in result.stdout
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(tmp_path / "weltcafe.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT count(*) FROM events_participant").fetchone() == (40,)
        assert db.execute("SELECT title FROM cafe_topic ORDER BY position").fetchall() == [
            ("Resiliente Industrie",),
            ("Fachkräfte",),
            ("Ökologische Verantwortung",),
        ]

    again = subprocess.run(
        [*WELTCAFE, "demo", "--no-serve", "--port", "8942"],
        capture_output=True, text=True, env=_env(tmp_path), check=True,
    )
    assert "http://127.0.0.1:8942/orga/" in again.stdout
    assert ":8000" not in again.stdout
    assert "--host 0.0.0.0" in again.stdout  # how phones on the venue's Wi-Fi get in
    assert password in again.stdout
    with sqlite3.connect(tmp_path / "weltcafe.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM events_event").fetchone() == (1,)


def test_demo_played_through_is_ready_for_the_harvest_and_idempotent(tmp_path):
    for _ in range(2):
        result = subprocess.run(
            [*WELTCAFE, "demo", "--no-serve", "--played"],
            capture_output=True, text=True, env=_env(tmp_path), timeout=120, check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "39 Ideen / ideas" in result.stdout
        assert "/harvest/" in result.stdout
    with sqlite3.connect(tmp_path / "weltcafe.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM cafe_idea").fetchone() == (39,)  # played once, however often asked
        assert db.execute("SELECT count(*) FROM cafe_round WHERE ended_at IS NULL").fetchone() == (0,)


def test_django_command_without_secret_key_explains_what_to_do(tmp_path):
    result = subprocess.run([*WELTCAFE, "check"], capture_output=True, text=True, env=_env(tmp_path), check=False)

    assert result.returncode != 0
    assert "WELTCAFE_SECRET_KEY" in result.stderr


def test_createorganiser_refuses_a_weak_password(tmp_path):
    env = _env(tmp_path)
    env["WELTCAFE_SECRET_KEY"] = "test"
    subprocess.run([*WELTCAFE, "migrate", "-v0"], env=env, check=True)

    weak = subprocess.run(
        [*WELTCAFE, "createorganiser", "maria", "--password", "12345"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    strong = subprocess.run(
        [*WELTCAFE, "createorganiser", "maria", "--password", "Kaffeetisch-2026!"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert weak.returncode == 2
    assert "Dieses Passwort ist zu kurz" in weak.stderr
    assert strong.returncode == 0, strong.stderr


def test_serve_refuses_several_workers_without_redis(tmp_path):
    env = _env(tmp_path)
    env["WELTCAFE_SECRET_KEY"] = "test"

    result = subprocess.run(
        [*WELTCAFE, "serve", "--workers", "2", "--no-migrate"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )

    assert result.returncode == 2
    assert "WELTCAFE_REDIS_URL" in result.stderr


def test_export_event_and_import_it_into_a_fresh_installation(tmp_path):
    source, target = tmp_path / "a", tmp_path / "b"
    subprocess.run([*WELTCAFE, "demo", "--no-serve", "--played"], env=_env(source), check=True, capture_output=True)
    slug = "netzwerktreffen-2022-resiliente-regionen"
    out = tmp_path / "event.json"

    exported = subprocess.run([*WELTCAFE, "export-event", slug, "--out", str(out)], env=_env(source),
                              capture_output=True, text=True, check=False)
    missing = subprocess.run([*WELTCAFE, "export-event", "gibt-es-nicht"], env=_env(source),
                             capture_output=True, text=True, check=False)
    subprocess.run([*WELTCAFE, "init"], env=_env(target), check=True, capture_output=True)
    env = {**_env(target), "WELTCAFE_SECRET_KEY": (target / "secret_key").read_text().strip()}
    subprocess.run([*WELTCAFE, "createorganiser", "maria", "--password", "Ein-langes-Passwort-2026"], env=env,
                   check=True, capture_output=True)
    imported = subprocess.run([*WELTCAFE, "import-event", str(out), "--organiser", "maria"], env=env,
                              capture_output=True, text=True, check=False)
    again = subprocess.run([*WELTCAFE, "import-event", str(out), "--organiser", "maria"], env=env,
                           capture_output=True, text=True, check=False)

    assert exported.returncode == 0, exported.stderr
    assert (missing.returncode, "gibt es nicht" in missing.stderr) == (2, True)
    assert imported.returncode == 0, imported.stderr
    assert f"/orga/events/{slug}/" in imported.stdout
    # A second import is a copy: a free slug and fresh links, without saying whose they were (issue #11).
    assert again.returncode == 0, again.stderr
    assert f"Importiert als „{slug}-2“." in again.stdout
    assert "Links wurden neu erzeugt" in again.stdout
    with sqlite3.connect(target / "weltcafe.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM cafe_idea").fetchone() == (2 * 39,)  # the original and its copy

