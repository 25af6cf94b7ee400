"""`weltcafe print-kit`: in-process against the test database, and once as a real subprocess on the demo."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.factories import EventFactory
from weltcafe.cafe.models import Cafe
from weltcafe.cafe.services import seating
from weltcafe.demo.loading import load_demo
from weltcafe.documents.print_kit.cli import main

pytestmark = pytest.mark.integration
DEMO_SLUG = "netzwerktreffen-2022-resiliente-regionen"


@pytest.fixture
def demo_cafe(db, settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    monkeypatch.setenv("WELTCAFE_DATA_DIR", str(tmp_path))
    return Cafe.objects.select_related("event").get(event__slug=load_demo().event_slug)


def test_cli_writes_the_whole_kit_as_one_pdf(demo_cafe, tmp_path):
    out = tmp_path / "out" / "kit.pdf"

    code = main([demo_cafe.event.slug, "--out", str(out), "--badges", "a4"])

    assert code == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 2 + 6 + 3 + 10
    assert "Ablaufplan für die Moderation" in reader.pages[0].extract_text()


def test_cli_writes_a_zip_in_english(demo_cafe, tmp_path):
    out = tmp_path / "kit.zip"

    code = main([demo_cafe.event.slug, "--out", str(out), "--zip", "--language", "en"])

    assert code == 0
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        badges = PdfReader(io.BytesIO(archive.read(names[-1])))
    assert len(names) == 4
    assert len(badges.pages) == 40


def test_cli_unknown_event_exits_2(db, tmp_path, capsys):
    code = main(["gibt-es-nicht", "--out", str(tmp_path / "kit.pdf")])

    assert code == 2
    assert "gibt-es-nicht" in capsys.readouterr().err
    assert not (tmp_path / "kit.pdf").exists()


def test_cli_event_without_cafe_exits_2(db, tmp_path, capsys):
    event = EventFactory()

    code = main([event.slug, "--out", str(tmp_path / "kit.pdf")])

    assert code == 2
    assert "kein World Café" in capsys.readouterr().err


def test_cli_cafe_without_plan_exits_2(demo_cafe, tmp_path, capsys):
    seating.discard_plan(cafe=demo_cafe)

    code = main([demo_cafe.event.slug, "--out", str(tmp_path / "kit.pdf")])

    assert code == 2
    assert "noch keinen Sitzplan" in capsys.readouterr().err
    assert not (tmp_path / "kit.pdf").exists()


def _env(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("WELTCAFE_")}
    env["WELTCAFE_DATA_DIR"] = str(data_dir)
    env["WELTCAFE_BASE_URL"] = "https://cafe.example.org"
    return env


@pytest.mark.embedded
def test_cli_as_a_subprocess_on_the_demo(tmp_path):
    env = _env(tmp_path)
    demo = subprocess.run(
        [sys.executable, "-m", "weltcafe.cli", "demo", "--no-serve"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    # As users type it: `weltcafe print-kit …` (the module also runs as `python -m weltcafe.documents.print_kit`).
    command = [sys.executable, "-m", "weltcafe.cli", "print-kit", DEMO_SLUG, "--out", str(tmp_path / "kit.pdf")]

    written = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)
    unknown = subprocess.run(
        [*command[:4], "nope", *command[5:]], capture_output=True, text=True, env=env, timeout=180, check=False
    )
    with sqlite3.connect(tmp_path / "weltcafe.sqlite3") as database:
        database.execute("DELETE FROM cafe_seat")
    no_plan = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)

    assert written.returncode == 0, written.stderr
    reader = PdfReader(tmp_path / "kit.pdf")
    assert len(reader.pages) == 2 + 6 + 3 + 40
    assert (unknown.returncode, no_plan.returncode) == (2, 2)
    assert "„nope“" in unknown.stderr
    assert "Sitzplan" in no_plan.stderr
