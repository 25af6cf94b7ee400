"""Command line: ``weltcafe harvest ...`` or ``python -m weltcafe.synthesis [harvest] ...``.

    harvest ideas.csv --text-column text [--group-column topic] [--seed S] [--json]
        [--min-themes 2] [--max-themes 8] [--themes K] [--embedding auto|e5|lexical] [--cache FILE.npz]

`--json` prints one object: `themes` (id, label, topic, language, rows, representatives, duplicates, size,
votes), `assignments` (a theme id per input row, -1 for the rest), `rest`, `cross_topic`, `summaries`,
`cafe_summary` and `method`. Rows count from 0 in file order. Exit codes: 0 done, 2 bad input.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from weltcafe.synthesis.embedding import EmbeddingCache
from weltcafe.synthesis.harvester import Harvester, SynthesisError
from weltcafe.synthesis.model import Harvest, IdeaInput, Summary


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="weltcafe harvest",
        description="Group the ideas of a World Café into themes with labels and plenary summaries (offline).",
    )
    parser.add_argument("ideas_csv", type=Path, metavar="ideas.csv", help="one idea per row (comma or semicolon)")
    parser.add_argument("--text-column", default="text", help="column with the idea text (default: text)")
    parser.add_argument("--group-column", help="column with the topic; without it all rows form one group")
    parser.add_argument("--votes-column", help="column with the dot votes of each idea")
    parser.add_argument("--language-column", help="column with 'de' or 'en' where known")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-themes", type=int, default=2)
    parser.add_argument("--max-themes", type=int, default=8)
    parser.add_argument("--themes", type=int, metavar="K", help="a fixed number of themes per group")
    parser.add_argument("--embedding", choices=("auto", "e5", "lexical"), default="auto")
    parser.add_argument("--cache", type=Path, metavar="FILE.npz", help="keep embeddings here between runs")
    parser.add_argument("--json", action="store_true", help="print the harvest as one JSON object")
    return parser


def read_ideas(path: Path, args: argparse.Namespace) -> list[IdeaInput]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SynthesisError(f"cannot read {path}: {error}") from error
    if not text.strip():
        raise SynthesisError(f"{path} is empty")
    # Only the delimiter is sniffed (from the header): quoting stays standard, so "" inside a quoted idea is a
    # quote character, as every spreadsheet writes it. A header without any of them is one column ("text").
    header = text.splitlines()[0]
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = next((mark for mark in ",;\t" if mark in header), ",")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = reader.fieldnames or []
    for option, column in (("--text-column", args.text_column), ("--group-column", args.group_column),
                           ("--votes-column", args.votes_column), ("--language-column", args.language_column)):
        if column is not None and column not in headers:
            raise SynthesisError(f"{path}: no column {column!r} for {option} (found: {', '.join(headers)})")
    ideas = []
    try:
        rows = list(reader)
    except csv.Error as error:  # a stray NUL, a field over the size limit: one line, not a traceback
        raise SynthesisError(f"{path}: not a readable CSV file ({error})") from error
    for row_number, row in enumerate(rows):
        votes = (row.get(args.votes_column) or "0").strip() if args.votes_column else "0"
        language = (row.get(args.language_column) or "").strip().lower() if args.language_column else ""
        try:
            vote_count = int(votes or 0)
        except ValueError as error:
            raise SynthesisError(f"{path}, row {row_number + 1}: votes {votes!r} is not a number") from error
        ideas.append(IdeaInput(
            id=row_number,
            text=(row.get(args.text_column) or "").strip(),
            topic=(row.get(args.group_column) or "").strip() if args.group_column else "",
            votes=vote_count,
            language=language or None,
        ))
    return ideas


def _summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "topic": summary.topic,
        "language": summary.language,
        "text": summary.text,
        "sentences": [{"text": s.text, "rows": list(s.idea_ids)} for s in summary.sentences],
    }


def harvest_to_json(harvest: Harvest, rows: int) -> dict[str, Any]:
    """The JSON contract of ``harvest --json`` (idea ids are the input rows)."""
    method = harvest.method
    return {
        "themes": [
            {
                "id": index,
                "label": theme.label,
                "topic": theme.topic,
                "language": theme.language,
                "rows": list(theme.idea_ids),
                "representatives": list(theme.representatives),
                "duplicates": [list(group) for group in theme.duplicates],
                "keywords": list(theme.keywords),
                "size": theme.size,
                "votes": theme.votes,
            }
            for index, theme in enumerate(harvest.themes)
        ],
        "assignments": harvest.assignments(list(range(rows))),
        "rest": list(harvest.rest),
        "cross_topic": [
            {"label": link.label, "topics": list(link.topics), "themes": list(link.theme_ids)}
            for link in harvest.cross_topic
        ],
        "summaries": [_summary_json(summary) for summary in harvest.summaries],
        "cafe_summary": _summary_json(harvest.cafe_summary),
        "method": {
            "embedding": method.embedding,
            "reduction": method.reduction,
            "clustering": method.clustering,
            "k_by_topic": dict(method.k_by_topic),
            "k_bounds": list(method.k_bounds),
            "k_fixed": method.k_fixed,
            "seed": method.random_state,
            "cache_hits": method.cache_hits,
            "cache_misses": method.cache_misses,
            "seconds": method.seconds,
        },
    }


def _out(line: str = "") -> None:
    # The command's output channel (sys.stdout.write rather than print: ruff's T20 guards the library).
    sys.stdout.write(line + "\n")


def _print_text(harvest: Harvest) -> None:
    for index, theme in enumerate(harvest.themes):
        where = f"[{theme.topic}] " if theme.topic else ""
        _out(f"{index:3}  {where}{theme.label}  ({theme.size} ideas, {theme.votes} votes)")
    _out(f"rest: {len(harvest.rest)} ideas")
    for summary in (*harvest.summaries, harvest.cafe_summary):
        _out()
        _out(summary.text)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["harvest"]:  # `python -m weltcafe.synthesis harvest ...` reads like `weltcafe harvest ...`
        argv = argv[1:]
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse already printed the usage error
        return int(exit_request.code or 0)
    try:
        ideas = read_ideas(args.ideas_csv, args)
        cache = EmbeddingCache(args.cache) if args.cache else None
        harvester = Harvester(
            min_themes=args.min_themes,
            max_themes=args.max_themes,
            n_themes=args.themes,
            embedding=args.embedding,
            cache=cache,
            random_state=args.seed,
        ).fit(ideas)
    except SynthesisError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    try:
        if args.json:
            _out(json.dumps(harvest_to_json(harvester.harvest_, len(ideas)), ensure_ascii=False))
        else:
            _print_text(harvester.harvest_)
        sys.stdout.flush()
    except BrokenPipeError:  # `weltcafe harvest ... | head`: the reader has gone
        sys.stdout = None
    return 0
