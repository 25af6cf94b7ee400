"""Reading a participant list (CSV or XLSX) into validated rows, before anything is written.

Three steps, nothing written before the last: the organiser confirms which column holds what (`guess_mapping`
shows the guess, remembered headings first), then sees every row — new, changed (a person whose e-mail is
already registered, with what would change), unchanged, or refused with its reasons — and imports the good rows
(events/services.py `import_participants`); refused rows can be downloaded, fixed and imported again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

# Canonical field → spellings a header may use (compared after fold()). "Funktion" is a job title in German
# registration lists ("Geschäftsführerin", "Referentin Fachkräftesicherung"), never the role at the event.
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
    "job_title": ("funktion", "position", "jobtitel", "jobtitle", "berufsbezeichnung", "stelle", "title"),
    "role": ("rolle", "role", "teilnahmeart", "artderteilnahme", "rollebeiderveranstaltung", "eventrole"),
    "interests": ("interessen", "interests", "themen", "topics", "schlagworte", "tags"),
    "language": ("sprache", "language", "lang"),
}
_HEADER_LOOKUP = {fold(alias): name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}

# What a column can be taken as, in the order of the mapping step's choices.
FIELD_LABELS: dict[str, Promise] = {
    "name": gettext_lazy("Name"),
    "first_name": gettext_lazy("Vorname"),
    "last_name": gettext_lazy("Nachname"),
    "email": gettext_lazy("E-Mail"),
    "organisation": gettext_lazy("Organisation"),
    "organisation_type": gettext_lazy("Organisationsart"),
    "region": gettext_lazy("Bundesland"),
    "sector": gettext_lazy("Branche"),
    "job_title": gettext_lazy("Funktion (Berufsbezeichnung)"),
    "role": gettext_lazy("Rolle bei der Veranstaltung"),
    "interests": gettext_lazy("Interessen"),
    "language": gettext_lazy("Sprache"),
}
# The fields an update of a registered person may change (the e-mail is the key, it does not change).
UPDATABLE = ("name", "job_title", "organisation", "organisation_type", "region", "sector", "role", "interests",
             "language")
MAX_HEADING = 200


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, missing columns, size)."""


@dataclass(frozen=True)
class StoredPerson:
    """A person already registered for the event, as an update compares them (values as an ImportRow has them)."""

    name: str
    job_title: str = ""
    organisation: str = ""
    organisation_type: str = ""
    region: str = ""
    sector: str = ""
    role: str = "participant"
    interests: tuple[str, ...] = ()
    language: str = "de"


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return str(FIELD_LABELS[self.field])


class RowStatus:
    NEW = "new"
    UPDATE = "update"
    SAME = "same"
    ERROR = "error"


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
    job_title: str = ""
    cells: tuple[str, ...] = ()  # the row as it stands in the file, for the download of refused rows
    errors: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    registered: bool = False  # the e-mail belongs to a person of the event

    @property
    def status(self) -> str:
        if self.errors:
            return RowStatus.ERROR
        if self.registered:
            return RowStatus.UPDATE if self.changes else RowStatus.SAME
        return RowStatus.NEW

    @property
    def region_label(self) -> str:
        return display_value("region", self.region)

    @property
    def organisation_type_label(self) -> str:
        return display_value("organisation_type", self.organisation_type)

    @property
    def role_label(self) -> str:
        return str(ParticipantRole(self.role).label)

    @property
    def language_label(self) -> str:
        return str(Language(self.language).label)


def display_value(name: str, value: str | tuple[str, ...]) -> str:
    """A field's value as the organiser reads it (labels for choices)."""
    if isinstance(value, tuple):
        return ", ".join(value)
    if not value:
        return ""
    choices = {"region": Region, "organisation_type": OrganisationKind, "role": ParticipantRole, "language": Language}
    if name in choices:
        return str(choices[name](value).label)
    return value


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[ImportRow, ...]
    columns: tuple[str, ...]
    ignored_columns: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    header: tuple[str, ...] = ()

    def _with(self, status: str) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if row.status == status)

    @property
    def new_rows(self) -> tuple[ImportRow, ...]:
        return self._with(RowStatus.NEW)

    @property
    def update_rows(self) -> tuple[ImportRow, ...]:
        return self._with(RowStatus.UPDATE)

    @property
    def same_rows(self) -> tuple[ImportRow, ...]:
        return self._with(RowStatus.SAME)

    @property
    def error_rows(self) -> tuple[ImportRow, ...]:
        return self._with(RowStatus.ERROR)

    @property
    def error_count(self) -> int:
        return len(self.error_rows)

    @property
    def is_clean(self) -> bool:
        return bool(self.rows) and self.error_count == 0

    def fingerprint(self) -> str:
        """What the organiser is shown: every row's outcome and changes. A confirmation applies this or nothing."""
        seen = [(row.line, row.status, row.email, [(c.field, c.old, c.new) for c in row.changes]) for row in self.rows]
        return hashlib.sha256(repr(seen).encode("utf-8")).hexdigest()

    @property
    def can_import(self) -> bool:
        """Something to write: new people or changes; refused and unchanged rows are left as they are."""
        return bool(self.new_rows or self.update_rows)


@dataclass(frozen=True)
class Sheet:
    """The file's table: its heading row and the filled rows below it, with their line numbers."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def samples(self, column: int, count: int = 3) -> list[str]:
        found = []
        for _line, cells in self.rows:
            if column < len(cells) and cells[column] and cells[column] not in found:
                found.append(cells[column])
                if len(found) == count:
                    break
        return found


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


def heading_key(title: str) -> str:
    """How a column heading is remembered: folded, so "E-Mail" and "e-mail " are one heading."""
    return fold(title)[:MAX_HEADING]


def guess_mapping(header: Sequence[str], remembered: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The field each column is taken as ("" = not used): the organiser's earlier choice for the same heading,
    else the known spellings. A field goes to its first column only."""
    remembered = remembered or {}
    taken: set[str] = set()
    mapping = []
    for title in header:
        key = heading_key(title)
        guess = remembered[key] if key in remembered else _HEADER_LOOKUP.get(fold(title), "")
        if guess not in FIELD_LABELS or guess in taken:
            guess = ""
        taken.add(guess)
        mapping.append(guess)
    return tuple(mapping)


def positions_from(mapping: Sequence[str], header: Sequence[str]) -> dict[str, int]:
    """Field → column index for a confirmed mapping; refused when a required field is missing or a field is
    chosen for two columns."""
    positions: dict[str, int] = {}
    for index, name in enumerate(mapping):
        if not name:
            continue
        if name not in FIELD_LABELS:
            raise ImportFileError(_("Unbekanntes Feld „%(name)s“.") % {"name": name})
        if name in positions:
            raise ImportFileError(
                _("„%(field)s“ ist zwei Spalten zugeordnet: „%(first)s“ und „%(second)s“. Bitte nur eine wählen.")
                % {
                    "field": FIELD_LABELS[name],
                    "first": header[positions[name]] if positions[name] < len(header) else "",
                    "second": header[index] if index < len(header) else "",
                }
            )
        positions[name] = index
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
    return positions


def read_sheet(content: bytes, *, filename: str, encoding: str = "utf-8", max_rows: int = 5000) -> Sheet:
    table = read_table(content, filename=filename, encoding=encoding, max_rows=max_rows)
    header_index = next((i for i, row in enumerate(table) if any(cell for cell in row)), None)
    if header_index is None:
        raise ImportFileError(_("Die Datei ist leer."))
    body = [(header_index + 2 + offset, tuple(row)) for offset, row in enumerate(table[header_index + 1 :])]
    body = [(line, row) for line, row in body if any(cell for cell in row)]
    if not body:
        raise ImportFileError(_("Die Datei enthält Spaltenköpfe, aber keine Personen."))
    if len(body) > max_rows:
        raise ImportFileError(
            _("Zu viele Zeilen: %(count)s (höchstens %(max)s).") % {"count": len(body), "max": max_rows}
        )
    return Sheet(header=tuple(table[header_index]), rows=tuple(body))


def parse_participants(
    content: bytes,
    *,
    filename: str,
    encoding: str = "utf-8",
    mapping: Sequence[str] | None = None,
    existing: Mapping[str, StoredPerson] | None = None,
    max_rows: int = 5000,
) -> ImportPreview:
    """Every row checked against the confirmed `mapping` (None: the guess) and the people already registered
    (`existing`, by lower-case e-mail): new, an update with its changes, unchanged, or refused with reasons."""
    sheet = read_sheet(content, filename=filename, encoding=encoding, max_rows=max_rows)
    header = list(sheet.header)
    if mapping is None:
        mapping = guess_mapping(header)
    if len(mapping) != len(header):
        raise ImportFileError(_("Die Zuordnung passt nicht zur Datei. Bitte laden Sie die Datei erneut hoch."))
    positions = positions_from(mapping, header)
    ignored = [title.strip() for title, name in zip(header, mapping, strict=True) if not name and title.strip()]
    seen_emails: dict[str, int] = {}
    rows = [_validate_row(line, list(row), positions, existing or {}, seen_emails) for line, row in sheet.rows]
    return ImportPreview(
        rows=tuple(rows), columns=tuple(positions), ignored_columns=tuple(ignored), header=tuple(header)
    )


def _cell(row: list[str], positions: dict[str, int], name: str) -> str:
    index = positions.get(name)
    if index is None or index >= len(row):
        return ""
    return " ".join(clean_typed_text(row[index]).split())


def _allowed(choices: type[Region] | type[OrganisationKind] | type[ParticipantRole]) -> str:
    return ", ".join(str(label) for label in choices.labels)


def _validate_row(
    line: int,
    row: list[str],
    positions: dict[str, int],
    existing: Mapping[str, StoredPerson],
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
    registered = False
    if not email:
        errors.append(_("E-Mail fehlt (sie ist Pflicht: über sie wird die Person bei späteren Listen erkannt)."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Ungültige E-Mail-Adresse „%(email)s“.") % {"email": email})
        else:
            if email in seen_emails:
                errors.append(
                    _("Doppelt: %(email)s steht schon in Zeile %(line)s.")
                    % {"email": email, "line": seen_emails[email]}
                )
            else:
                seen_emails[email] = line
                registered = email in existing

    region_raw = _cell(row, positions, "region")
    region = parse_region(region_raw) if region_raw else ""
    if region is None:
        errors.append(
            _("Unbekanntes Bundesland „%(value)s“. Erlaubt: %(allowed)s.")
            % {"value": region_raw, "allowed": _allowed(Region)}
        )
    kind_raw = _cell(row, positions, "organisation_type")
    kind = parse_organisation_kind(kind_raw) if kind_raw else ""
    if kind is None:
        errors.append(
            _("Unbekannte Organisationsart „%(value)s“. Erlaubt: %(allowed)s.")
            % {"value": kind_raw, "allowed": _allowed(OrganisationKind)}
        )
    role_raw = _cell(row, positions, "role")
    role = parse_role(role_raw) if role_raw else ""
    if role is None:
        errors.append(
            _("Unbekannte Rolle „%(value)s“. Erlaubt: %(allowed)s. Steht in der Spalte eine Berufsbezeichnung, "
              "ordnen Sie sie „Funktion“ zu.")
            % {"value": role_raw, "allowed": _allowed(ParticipantRole)}
        )
    language_raw = _cell(row, positions, "language")
    language = parse_language(language_raw) if language_raw else ""
    if language is None:
        errors.append(_("Unbekannte Sprache „%(value)s“ (erlaubt: Deutsch, Englisch).") % {"value": language_raw})
    organisation = _cell(row, positions, "organisation")
    if len(organisation) > 200:
        errors.append(_("Organisation ist länger als 200 Zeichen."))
    job_title = _cell(row, positions, "job_title")
    if len(job_title) > 200:
        errors.append(_("Funktion ist länger als 200 Zeichen."))
    interests = tuple(
        dict.fromkeys(
            part.strip() for part in _cell(row, positions, "interests").replace(";", ",").split(",") if part.strip()
        )
    )
    sector = _cell(row, positions, "sector")[:120]
    values: dict[str, str | tuple[str, ...]] = {
        "name": name,
        "job_title": job_title,
        "organisation": organisation,
        "organisation_type": kind or "",
        "region": region or "",
        "sector": sector,
        "role": role or "",
        "interests": interests,
        "language": language or "",
    }
    changes: tuple[Change, ...] = ()
    if registered and not errors:
        stored = existing[email]
        # Only what the file says: a column not in the file, or an empty cell, keeps what is stored.
        changes = tuple(
            Change(name_, display_value(name_, getattr(stored, name_)), display_value(name_, value))
            for name_, value in values.items()
            if value and value != getattr(stored, name_)
        )
    return ImportRow(
        line=line,
        name=name,
        email=email,
        organisation=organisation,
        organisation_type=kind or "",
        region=region or "",
        sector=sector,
        role=role or "participant",
        interests=interests,
        language=language or "de",
        job_title=job_title,
        cells=tuple(row),
        errors=tuple(errors),
        changes=changes,
        registered=registered,
    )
