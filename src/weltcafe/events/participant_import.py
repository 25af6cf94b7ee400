"""Reading a participant list (CSV or XLSX) into validated rows, before anything is written.

The organiser sees every row and every problem first; events/services.py writes the rows only when the whole
file is clean, so an import writes all rows or none.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from weltcafe.common.text_input import clean_typed_text
from weltcafe.events.vocabulary import (
    Language,
    OrganisationKind,
    ParticipantRole,
    Region,
    fold,
    parse_language,
    parse_organisation_kind,
    parse_region,
    parse_role,
)

# A 5,000-row list of 9 columns unpacks to 3.4 MB, one of 30 columns to 10.8 MB (docs/decisions/0026).
XLSX_MAX_UNCOMPRESSED_BYTES = 16 * 1024 * 1024
XLSX_MAX_MEMBERS = 200
# Sheet XML deflates 6–18×; a bomb of repeated empty rows 400× and more.
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM_BYTES = 1024 * 1024
XLSX_MAX_COLUMNS = 100
XLSX_BLANK_ROWS_ALLOWED = 1000

ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows-1252 (Excel)"}
DELIMITERS = (";", ",", "\t")

# Canonical field → spellings a header may use (compared after fold()).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "vollständigername", "fullname", "teilnehmer", "teilnehmende", "participant"),
    "first_name": ("vorname", "firstname", "givenname"),
    "last_name": ("nachname", "lastname", "surname", "familienname"),
    "email": ("email", "e-mail", "mail", "emailadresse", "e-mail-adresse", "emailaddress"),
    "organisation": ("organisation", "organization", "firma", "unternehmen", "institution", "company"),
    "organisation_type": (
        "organisationstyp",
        "artderorganisation",
        "organisationsart",
        "organisationtype",
        "organizationtype",
        "orgtype",
        "typ",
        "type",
    ),
    "region": ("bundesland", "region", "state", "land"),
    "sector": ("branche", "sektor", "sector", "industry"),
    "role": ("rolle", "role", "funktion"),
    "interests": ("interessen", "interests", "themen", "topics", "schlagworte", "tags"),
    "language": ("sprache", "language", "lang"),
}
_HEADER_LOOKUP = {fold(alias): name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, missing columns, size)."""


@dataclass(frozen=True)
class ImportRow:
    line: int
    name: str
    email: str
    organisation: str
    organisation_type: str
    region: str
    sector: str
    role: str
    interests: tuple[str, ...]
    language: str
    errors: tuple[str, ...] = ()

    @property
    def region_label(self) -> str:
        return str(Region(self.region).label) if self.region else ""

    @property
    def organisation_type_label(self) -> str:
        return str(OrganisationKind(self.organisation_type).label) if self.organisation_type else ""

    @property
    def role_label(self) -> str:
        return str(ParticipantRole(self.role).label)

    @property
    def language_label(self) -> str:
        return str(Language(self.language).label)


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[ImportRow, ...]
    columns: tuple[str, ...]
    ignored_columns: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def is_clean(self) -> bool:
        return bool(self.rows) and self.error_count == 0


def looks_like_xlsx(content: bytes, filename: str) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04"


def read_table(content: bytes, *, filename: str, encoding: str, max_rows: int = 5000) -> list[list[str]]:
    """Return the sheet as rows of strings, header first."""
    if not content.strip():
        raise ImportFileError(_("Die Datei ist leer."))
    if looks_like_xlsx(content, filename):
        return _read_xlsx(content, max_rows=max_rows)
    return _read_csv(content, encoding=encoding)


def _unreadable_xlsx() -> ImportFileError:
    return ImportFileError(_("Die Excel-Datei lässt sich nicht lesen. Ist sie beschädigt oder kein XLSX?"))


def _check_zip_container(content: bytes) -> None:
    """Refuse a zip bomb from the central directory alone, before a byte is inflated.

    The declared sizes can be trusted as upper bounds: zipfile stops inflating a member at its declared size and
    then fails its CRC check, so a file cannot unpack to more than it declares.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise _unreadable_xlsx() from error
    too_big = _("Die Excel-Datei ist entpackt zu groß für eine Teilnehmendenliste. Bitte nur die Liste speichern.")
    if len(members) > XLSX_MAX_MEMBERS:
        raise ImportFileError(too_big)
    if sum(member.file_size for member in members) > XLSX_MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(too_big)
    for member in members:
        if member.file_size > XLSX_RATIO_FROM_BYTES and member.file_size > XLSX_MAX_RATIO * member.compress_size:
            raise ImportFileError(too_big)


def _read_xlsx(content: bytes, *, max_rows: int) -> list[list[str]]:
    from openpyxl import load_workbook  # heavy; only an XLSX upload pays for it

    _check_zip_container(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise _unreadable_xlsx() from error
    try:
        return _stream_rows(workbook.worksheets[0], max_rows=max_rows)
    finally:
        workbook.close()


def _stream_rows(sheet, *, max_rows: int) -> list[list[str]]:
    """Read row by row and stop at the first limit, instead of materialising whatever the file claims."""
    # A forged <dimension ref="A1:XFD1048576"> would otherwise pad every row to 16,384 cells and the sheet to a
    # million rows; without it each row is as wide as its last cell.
    sheet.reset_dimensions()
    rows: list[list[str]] = []
    filled = cells = 0
    max_cells = (max_rows + 1) * XLSX_MAX_COLUMNS
    too_many_rows = ImportFileError(_("Zu viele Zeilen: mehr als %(max)s.") % {"max": max_rows})
    try:
        for values in sheet.iter_rows(values_only=True):
            cells += len(values)
            if cells > max_cells:
                raise ImportFileError(
                    _("Die Tabelle hat zu viele Zellen (mehr als %(max)s Spalten je Zeile).")
                    % {"max": XLSX_MAX_COLUMNS}
                )
            row = ["" if value is None else str(value).strip() for value in values]
            rows.append(row)
            if any(row):
                filled += 1
            # Header plus the allowed rows; empty rows count too, at a wider margin, so a sheet of blanks stops.
            if filled > max_rows + 1 or len(rows) > 2 * max_rows + XLSX_BLANK_ROWS_ALLOWED:
                raise too_many_rows
    except ImportFileError:
        raise
    except Exception as error:  # a damaged sheet, or XML that defusedxml refuses (entities)
        raise _unreadable_xlsx() from error
    return rows


def _read_csv(content: bytes, *, encoding: str) -> list[list[str]]:
    if encoding not in ENCODINGS:
        raise ImportFileError(_("Unbekannte Zeichenkodierung „%(name)s“.") % {"name": encoding})
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(_("Die Datei ist UTF-16-kodiert. Bitte als „CSV UTF-8“ speichern und erneut hochladen."))
    try:
        text = content.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "Die Datei ist nicht UTF-8-kodiert (erstes unlesbares Zeichen in Zeile %(line)s). "
                "Speichern Sie sie in Excel als „CSV UTF-8“ oder wählen Sie oben „Windows-1252“."
            )
            % {"line": line}
        ) from error
    if "\x00" in text:
        raise ImportFileError(_("Die Datei enthält Binärdaten und ist keine CSV-Datei."))
    header_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(DELIMITERS, key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as error:
        # Usually a quote without its partner, which swallows the rest of the file into one cell.
        raise ImportFileError(
            _(
                "Zeile %(line)s lässt sich nicht lesen: ein Feld ist zu lang oder ein Anführungszeichen hat kein "
                "Gegenstück (höchstens %(max)s Zeichen je Feld)."
            )
            % {"line": reader.line_num, "max": f"{csv.field_size_limit():,}".replace(",", ".")}
        ) from error


def map_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        name = _HEADER_LOOKUP.get(fold(title))
        if name and name not in positions:
            positions[name] = index
        elif title.strip():
            ignored.append(title.strip())
    has_name = "name" in positions or ("first_name" in positions and "last_name" in positions)
    missing = []
    if not has_name:
        missing.append(_("Name (oder Vorname und Nachname)"))
    if "email" not in positions:
        missing.append(_("E-Mail"))
    if missing:
        raise ImportFileError(
            _("Es fehlen Pflichtspalten: %(columns)s. Gefundene Spalten: %(found)s.")
            % {"columns": ", ".join(missing), "found": ", ".join(h for h in header if h.strip()) or "–"}
        )
    return positions, ignored


def parse_participants(
    content: bytes,
    *,
    filename: str,
    encoding: str = "utf-8",
    existing_emails: frozenset[str] = frozenset(),
    max_rows: int = 5000,
) -> ImportPreview:
    table = read_table(content, filename=filename, encoding=encoding, max_rows=max_rows)
    header_index = next((i for i, row in enumerate(table) if any(cell for cell in row)), None)
    if header_index is None:
        raise ImportFileError(_("Die Datei ist leer."))
    positions, ignored = map_header(table[header_index])
    body = [(header_index + 2 + offset, row) for offset, row in enumerate(table[header_index + 1 :])]
    body = [(line, row) for line, row in body if any(cell for cell in row)]
    if not body:
        raise ImportFileError(_("Die Datei enthält Spaltenköpfe, aber keine Personen."))
    if len(body) > max_rows:
        raise ImportFileError(
            _("Zu viele Zeilen: %(count)s (höchstens %(max)s).") % {"count": len(body), "max": max_rows}
        )

    seen_emails: dict[str, int] = {}
    rows = [_validate_row(line, row, positions, existing_emails, seen_emails) for line, row in body]
    return ImportPreview(rows=tuple(rows), columns=tuple(positions), ignored_columns=tuple(ignored))


def _cell(row: list[str], positions: dict[str, int], name: str) -> str:
    index = positions.get(name)
    if index is None or index >= len(row):
        return ""
    return " ".join(clean_typed_text(row[index]).split())


def _validate_row(
    line: int,
    row: list[str],
    positions: dict[str, int],
    existing_emails: frozenset[str],
    seen_emails: dict[str, int],
) -> ImportRow:
    errors: list[str] = []
    name = _cell(row, positions, "name") or " ".join(
        part for part in (_cell(row, positions, "first_name"), _cell(row, positions, "last_name")) if part
    )
    if not name:
        errors.append(_("Name fehlt."))
    elif len(name) > 200:
        errors.append(_("Name ist länger als 200 Zeichen."))

    email = _cell(row, positions, "email").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Ungültige E-Mail-Adresse „%(email)s“.") % {"email": email})
        else:
            if email in existing_emails:
                errors.append(_("%(email)s ist bei dieser Veranstaltung schon angemeldet.") % {"email": email})
            elif email in seen_emails:
                errors.append(
                    _("Doppelt: %(email)s steht schon in Zeile %(line)s.")
                    % {"email": email, "line": seen_emails[email]}
                )
            else:
                seen_emails[email] = line

    region_raw = _cell(row, positions, "region")
    region = parse_region(region_raw) if region_raw else ""
    if region is None:
        errors.append(
            _("Unbekanntes Bundesland „%(value)s“. Erlaubt: %(allowed)s.")
            % {"value": region_raw, "allowed": ", ".join(str(label) for label in Region.labels)}
        )
    kind_raw = _cell(row, positions, "organisation_type")
    kind = parse_organisation_kind(kind_raw) if kind_raw else ""
    if kind is None:
        errors.append(_("Unbekannte Organisationsart „%(value)s“.") % {"value": kind_raw})
    role_raw = _cell(row, positions, "role")
    role = parse_role(role_raw) if role_raw else "participant"
    if role is None:
        errors.append(_("Unbekannte Rolle „%(value)s“.") % {"value": role_raw})
    language_raw = _cell(row, positions, "language")
    language = parse_language(language_raw) if language_raw else "de"
    if language is None:
        errors.append(_("Unbekannte Sprache „%(value)s“ (erlaubt: Deutsch, Englisch).") % {"value": language_raw})
    organisation = _cell(row, positions, "organisation")
    if len(organisation) > 200:
        errors.append(_("Organisation ist länger als 200 Zeichen."))
    interests = tuple(
        dict.fromkeys(
            part.strip() for part in _cell(row, positions, "interests").replace(";", ",").split(",") if part.strip()
        )
    )
    return ImportRow(
        line=line,
        name=name,
        email=email,
        organisation=organisation,
        organisation_type=kind or "",
        region=region or "",
        sector=_cell(row, positions, "sector")[:120],
        role=role or "participant",
        interests=interests,
        language=language or "de",
        errors=tuple(errors),
    )
