"""The command line contract other tools rely on."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from weltcafe.planning.cli import main
from weltcafe.planning.csv_io import problem_from_rows, read_rows

pytestmark = pytest.mark.unit


def test_main_json_prints_plan_with_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--participants", "24", "--tables", "6", "--rounds", "3", "--hosts", "--seed", "4",
                 "--time-limit", "5", "--json"])

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (result["repeats"], result["max_meetings_per_pair"]) == (0, 1)
    assert isinstance(result["seconds"], float)
    assert len(result["rounds"]) == 3
    assert all(result["rounds"][r][t][0] == t for r in range(3) for t in range(6))  # hosts stay
    assert sorted(p for table in result["rounds"][0] for p in table) == list(range(24))


def test_main_csv_writes_plan_and_keeps_organisations_apart(tmp_path: Path) -> None:
    source = tmp_path / "teilnehmende.csv"
    rows = ["Name;Organisation;Bundesland;Sektor;Rolle;Begleitung"]
    rows += [f"Person {i};Org {i % 6};Land {i % 4};Sektor {i % 3};{'Gastgeber' if i < 4 else ''};" for i in range(20)]
    rows.append("Dolmetscherin;Dolmetschdienst;Land 0;Sektor 0;;Person 7")
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "plan.csv"

    code = main([str(source), "--tables", "4", "--rounds", "3", "--time-limit", "3", "--out", str(out)])

    assert code == 0
    plan = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(plan) == 21 * 3
    seat = {(row["name"], row["round"]): row["table"] for row in plan}
    assert all(seat[("Person 0", r)] == "1" for r in "123")  # first host keeps table 1
    assert all(seat[("Dolmetscherin", r)] == seat[("Person 7", r)] for r in "123")
    for r in "123":
        organisations = [(seat[(f"Person {i}", r)], i % 6) for i in range(20)]
        assert len(organisations) == len(set(organisations))


def test_main_rotate_groups_mode_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "people.csv"
    source.write_text("name,region\n" + "\n".join(f"P{i},R{i % 3}" for i in range(12)) + "\n", encoding="utf-8")

    code = main([str(source), "--tables", "3", "--rounds", "3", "--mode", "rotate_groups", "--json"])

    assert code == 0
    assert len(json.loads(capsys.readouterr().out)["rounds"]) == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.csv", "--tables", "3", "--rounds", "2"], "cannot read"),
        (["--tables", "3", "--rounds", "2"], "give a participants file"),
        (["--participants", "30", "--tables", "3", "--rounds", "2", "--capacity", "5"], "30 people but only 15"),
    ],
)
def test_main_bad_input_exits_non_zero_with_message(argv: list[str], message: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(argv)

    assert code == 2
    assert message in capsys.readouterr().err


def test_main_missing_required_option_exits_2() -> None:
    assert main(["--participants", "9"]) == 2


def test_read_rows_german_headers_and_preferences(tmp_path: Path) -> None:
    source = tmp_path / "liste.csv"
    source.write_text("\ufeffName;Organisationstyp;Themenwünsche\nAda;NGO;Energie|Verkehr\nBo;Verwaltung;\n",
                      encoding="utf-8")

    problem = problem_from_rows(read_rows(source), tables=2, rounds=1, topics=["Energie", "Verkehr"])

    assert [p.name for p in problem.people] == ["Ada", "Bo"]
    assert problem.people[0].preferences == ("Energie", "Verkehr")
    assert problem.people[1].organisation_type == "Verwaltung"
