"""Import files as organisers really send them, built in code so every byte is visible in the test."""

from __future__ import annotations

import io

HEADER_DE = "Name;E-Mail;Organisation;Organisationstyp;Bundesland;Branche;Rolle;Interessen;Sprache"
ROWS_DE = [
    "Jürgen Weiß;j.weiss@example.org;Gießerei Weiß GmbH;Unternehmen;Sachsen;Gießerei;Teilnehmer;"
    "Energie, Fachkräfte;Deutsch",
    "Ayla Kaya;a.kaya@example.org;IHK Chemnitz;IHK;Sachsen;Kammer;Gastgeberin;Ausbildung;de",
    "Tom Becker;t.becker@example.org;IG Metall;Gewerkschaft;Bayern;Gewerkschaft;;;en",
]


def csv_bytes(header: str = HEADER_DE, rows: list[str] | None = None, *, encoding: str = "utf-8") -> bytes:
    lines = [header, *(ROWS_DE if rows is None else rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
