"""A contact card as vCard 3.0 (RFC 2426), written by hand: escaping of text values and line folding.

Version 3.0 rather than 4.0 because the address books of phones (iOS, Android) import it most reliably; the
escaping and folding rules are the same in RFC 6350. Every line ends in CRLF; lines longer than 75 octets are
folded (CRLF + one space) without splitting a UTF-8 character.
"""

from __future__ import annotations

from dataclasses import dataclass

LINE_OCTETS = 75


def escape(value: str) -> str:
    """TEXT value escaping (RFC 2426 §4, RFC 6350 §3.4): backslash, comma, semicolon, line breaks."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line at 75 octets; continuation lines start with a space (which counts as an octet)."""
    out: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for the N property: "Family, Given" if written so, else the last word is the family name."""
    name = " ".join(name.split())
    if "," in name:
        family, given = name.split(",", 1)
        return family.strip(), given.strip()
    if " " in name:
        given, family = name.rsplit(" ", 1)
        return family, given
    return name, ""


@dataclass(frozen=True)
class Card:
    name: str
    organisation: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""


def make_vcard(card: Card) -> str:
    family, given = split_name(card.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Weltcafé//Networking//DE",
        f"FN:{escape(card.name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    if card.organisation:
        lines.append(f"ORG:{escape(card.organisation)}")
    if card.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(card.email)}")
    if card.phone:
        lines.append(f"TEL;TYPE=VOICE:{escape(card.phone)}")
    if card.note:
        lines.append(f"NOTE:{escape(card.note)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)
