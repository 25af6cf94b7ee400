"""The one CSV writer of every spreadsheet export: German Excel's dialect, and no cell that runs as a formula.

A spreadsheet evaluates a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, after import, one that begins
with a tab or a carriage return) as a formula: an idea typed as ``=HYPERLINK("https://…")`` would become a live
link, or worse, on the organiser's computer. OWASP's advice is followed: such text cells get a leading ``'``, which
Excel and LibreOffice show as plain text. Numbers stay numbers. No other module writes CSV (a test greps ``src``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """The value as a spreadsheet shows it, never as a formula it would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A BOM and semicolons: what German Excel opens without an import dialog."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise_cell(cell) for cell in header])
    writer.writerows([neutralise_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()
