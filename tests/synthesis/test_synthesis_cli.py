"""The `harvest` command line: JSON contract, exit codes, `python -m weltcafe.synthesis`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from tests.synthesis.conftest import MIXED_CAFE
from weltcafe.synthesis.cli import main

pytestmark = pytest.mark.unit


@pytest.fixture
def ideas_csv(tmp_path):
    path = tmp_path / "ideas.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["topic", "text", "votes"])
        for (topic, _), texts in MIXED_CAFE.items():
            for i, text in enumerate(texts):
                writer.writerow([topic, text, i % 2])
    return path


def test_main_json_gives_themes_and_one_assignment_per_row(ideas_csv, capsys):
    code = main(["harvest", str(ideas_csv), "--text-column", "text", "--group-column", "topic", "--seed", "3",
                 "--votes-column", "votes", "--json"])

    result = json.loads(capsys.readouterr().out)
    rows = sum(len(texts) for texts in MIXED_CAFE.values())
    assert code == 0
    assert len(result["assignments"]) == rows
    assert all(-1 <= a < len(result["themes"]) for a in result["assignments"])
    for index, theme in enumerate(result["themes"]):
        assert theme["label"]
        assert all(result["assignments"][row] == index for row in theme["rows"])
    in_themes = [row for theme in result["themes"] for row in theme["rows"]]
    assert sorted(in_themes + result["rest"]) == list(range(rows))
    assert result["method"]["seed"] == 3
    assert set(result["method"]["k_by_topic"]) == {"Mobilität", "Arbeit", "Energy"}


def test_main_without_group_column_clusters_all_rows_together(ideas_csv, capsys):
    code = main([str(ideas_csv), "--text-column", "text", "--embedding", "lexical", "--json"])

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {theme["topic"] for theme in result["themes"]} == {""}


def test_main_unknown_column_exits_2(ideas_csv, capsys):
    code = main([str(ideas_csv), "--text-column", "idea", "--json"])

    assert code == 2
    assert "no column 'idea'" in capsys.readouterr().err


def test_python_m_weltcafe_synthesis_runs(ideas_csv):
    completed = subprocess.run(
        [sys.executable, "-m", "weltcafe.synthesis", "harvest", str(ideas_csv), "--text-column", "text",
         "--group-column", "topic", "--embedding", "lexical", "--json"],
        capture_output=True, text=True, check=False, timeout=60,
    )

    assert completed.returncode == 0, completed.stderr
    assert len(json.loads(completed.stdout)["assignments"]) == sum(len(t) for t in MIXED_CAFE.values())


def test_a_one_column_file_is_read(tmp_path, capsys):
    # The most natural input: a header `text` and one idea per line, no separator anywhere.
    path = tmp_path / "ideas.csv"
    texts = [text for (topic, _), group in MIXED_CAFE.items() if topic == "Mobilität" for text in group]
    path.write_text("text\n" + "\n".join(text.replace(",", "").replace(";", "") for text in texts) + "\n")

    code = main([str(path), "--text-column", "text", "--embedding", "lexical", "--json"])

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert len(result["assignments"]) == len(texts)


@pytest.mark.parametrize(
    "content",
    [
        b"text\n\"" + b"x" * 200_000 + b"\"\n",  # one field over the csv module's size limit
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",  # not text at all
    ],
    ids=["field-too-large", "binary"],
)
def test_an_unreadable_file_gets_one_line_and_exit_2(tmp_path, capsys, content):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)

    code = main([str(path), "--text-column", "text", "--embedding", "lexical", "--json"])

    error = capsys.readouterr().err
    assert code == 2
    assert error.startswith("error: ")
    assert error.count("\n") == 1
