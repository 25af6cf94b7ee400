"""Participants in, seating plan out, as plain CSV files (comma or semicolon, UTF-8, with or without BOM).

Participants file, one row per person; headers are matched case-insensitively, English or German:

* ``name`` (Name, Teilnehmende) — required, unique;
* ``organisation`` (organization) — people of the same organisation are kept apart by default;
* ``organisation_type`` (Organisationstyp), ``region`` (Bundesland), ``sector`` (Sektor, Branche) —
  diversity attributes, balanced at every table;
* ``role`` (Rolle) — ``host`` / ``Gastgeber`` / ``Gastgeberin`` / ``Gastgebende`` hosts a table;
* ``host_table`` (Gastgebertisch) — the 1-based table a host hosts (else hosts fill tables 1, 2, ... in order);
* ``preferences`` (topics, Themenwünsche, Wünsche) — topic titles, most wanted first, separated by ``;`` or ``|``;
* ``together_with`` (Begleitung, interpreter, Dolmetschung) — name of a person who must sit at the same table.

Plan file: ``person,name,round,table,topic`` with person, round and table counted from 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from weltcafe.planning.problem import Constraints, Mode, Person, Plan, PlanningError, Problem, Table

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "teilnehmer", "teilnehmende"),
    "organisation": ("organisation", "organization", "org"),
    "organisation_type": ("organisation_type", "organization_type", "organisationstyp", "org_type", "typ"),
    "region": ("region", "bundesland"),
    "sector": ("sector", "sektor", "branche"),
    "role": ("role", "rolle"),
    "host_table": ("host_table", "gastgebertisch", "tisch"),
    "preferences": ("preferences", "topics", "themenwünsche", "themenwuensche", "wünsche", "wuensche"),
    "together_with": ("together_with", "begleitung", "interpreter", "dolmetschung"),
}
HOST_ROLES = {"host", "gastgeber", "gastgeberin", "gastgebende", "table host"}


class CsvError(PlanningError):
    """The participants file cannot be read; the message names the line and the column."""


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts keyed by canonical column names (see HEADER_ALIASES)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CsvError(f"cannot read {path}: {error}") from error
    if not text.strip():
        raise CsvError(f"{path} is empty")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    canonical = {alias: key for key, aliases in HEADER_ALIASES.items() for alias in aliases}
    columns = {header: canonical.get(header.strip().lower()) for header in reader.fieldnames or []}
    if "name" not in columns.values():
        raise CsvError(f"{path}: no `name` column (found: {', '.join(reader.fieldnames or [])})")
    return [
        {key: (value or "").strip() for header, value in row.items() if (key := columns.get(header))}
        for row in reader
    ]


def problem_from_rows(
    rows: Sequence[dict[str, str]],
    *,
    tables: int,
    rounds: int,
    mode: Mode = "mix",
    topics: Sequence[str] = (),
    capacity: int | None = None,
    keep_organisations_apart: bool = True,
) -> Problem:
    """Build a Problem: hosts from `role`, keep-apart pairs from `organisation`, pairs from `together_with`."""
    if tables < 1:
        raise CsvError("--tables must be at least 1")
    people: list[Person] = []
    index: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        name = row.get("name", "")
        if not name:
            raise CsvError(f"line {line}: empty name")
        if name in index:
            raise CsvError(f"line {line}: name {name!r} appears twice")
        index[name] = len(people)
        wishes = tuple(w.strip() for w in row.get("preferences", "").replace("|", ";").split(";") if w.strip())
        people.append(Person(name=name, organisation=row.get("organisation", ""),
                             organisation_type=row.get("organisation_type", ""), region=row.get("region", ""),
                             sector=row.get("sector", ""), preferences=wishes))
    host_of = _hosts(rows, tables)
    topic_list = list(topics) or [f"Tisch {t + 1}" for t in range(tables)]
    seats = capacity or -(-len(people) // tables)
    table_list = tuple(Table(topic=topic_list[t % len(topic_list)], capacity=seats, host=host_of.get(t))
                       for t in range(tables))
    apart = []
    if keep_organisations_apart:
        apart = [(a, b) for a in range(len(people)) for b in range(a + 1, len(people))
                 if people[a].organisation and people[a].organisation.casefold() == people[b].organisation.casefold()]
    pairs: set[tuple[int, int]] = set()
    for line, row in enumerate(rows, start=2):
        partner = row.get("together_with", "")
        if partner:
            if partner not in index:
                raise CsvError(f"line {line}: together_with names {partner!r}, who is not in the file")
            first, second = sorted((index[row["name"]], index[partner]))
            pairs.add((first, second))
    together = sorted(pairs)
    apart = [pair for pair in apart if pair not in set(together)]  # an interpreter from the same organisation
    return Problem(people=tuple(people), tables=table_list, rounds=rounds, mode=mode,
                   constraints=Constraints(apart=tuple(apart), together=tuple(together)))


def _hosts(rows: Sequence[dict[str, str]], tables: int) -> dict[int, int]:
    """table -> person for everybody whose role says host; explicit host_table first, then in file order."""
    host_of: dict[int, int] = {}
    waiting = []
    for person, row in enumerate(rows):
        if row.get("role", "").casefold() not in HOST_ROLES:
            continue
        wanted = row.get("host_table", "")
        if wanted:
            if not wanted.isdigit() or not 1 <= int(wanted) <= tables:
                raise CsvError(f"line {person + 2}: host_table {wanted!r} is not a table between 1 and {tables}")
            if int(wanted) - 1 in host_of:
                raise CsvError(f"line {person + 2}: table {wanted} already has a host")
            host_of[int(wanted) - 1] = person
        else:
            waiting.append(person)
    free = [t for t in range(tables) if t not in host_of]
    if len(waiting) > len(free):
        raise CsvError(f"{len(host_of) + len(waiting)} hosts but only {tables} tables")
    host_of.update(zip(free, waiting, strict=False))
    return host_of


def write_plan(path: Path, problem: Problem, plan: Plan) -> None:
    """Write ``person,name,round,table,topic`` rows (1-based), sorted by person, then round."""
    rows = sorted(
        (p, r, t) for r, tables in enumerate(plan.rounds) for t, members in enumerate(tables) for p in members
    )
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["person", "name", "round", "table", "topic"])
            writer.writerows([p + 1, problem.people[p].name, r + 1, t + 1, problem.tables[t].topic] for p, r, t in rows)
    except OSError as error:
        raise CsvError(f"cannot write {path}: {error}") from error
