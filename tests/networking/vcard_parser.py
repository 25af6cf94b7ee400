"""A strict reader of vCard 3.0 (RFC 2426; same content-line rules as RFC 6350 §3) for the tests.

vobject is not installed; this reader refuses anything a lenient parser would let through: bare LF, lines over 75
octets, bad folding, unescaped commas or semicolons inside a text component, unknown escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME = re.compile(r"^[A-Za-z0-9-]+$")
ESCAPES = {"\\": "\\", ",": ",", ";": ";", "n": "\n", "N": "\n"}


class VCardError(ValueError):
    pass


@dataclass(frozen=True)
class Property:
    name: str
    params: tuple[str, ...]
    components: tuple[str, ...]  # the value split at unescaped ";" and unescaped

    @property
    def text(self) -> str:
        return ";".join(self.components)


def _lines(data: bytes) -> list[str]:
    if not data.endswith(b"\r\n"):
        raise VCardError("must end with CRLF")
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        if b"\n" in line or b"\r" in line:
            raise VCardError("bare CR or LF")
        if len(line) > 75:
            raise VCardError(f"line over 75 octets: {line!r}")
    logical: list[str] = []
    for line in physical:
        text = line.decode("utf-8")  # a split UTF-8 sequence fails here
        if text[:1] in (" ", "\t"):
            if not logical:
                raise VCardError("continuation without a line")
            logical[-1] += text[1:]
        else:
            logical.append(text)
    return logical


def _split(value: str) -> tuple[str, ...]:
    parts, current, index = [], "", 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            if index + 1 >= len(value) or value[index + 1] not in ESCAPES:
                raise VCardError(f"bad escape in {value!r}")
            current += ESCAPES[value[index + 1]]
            index += 2
            continue
        if char == ";":
            parts.append(current)
            current = ""
        elif char == ",":
            raise VCardError(f"unescaped comma in {value!r}")
        else:
            current += char
        index += 1
    parts.append(current)
    return tuple(parts)


def parse(data: bytes) -> list[Property]:
    properties = []
    for line in _lines(data):
        head, sep, value = line.partition(":")
        if not sep:
            raise VCardError(f"no colon: {line!r}")
        name, *params = head.split(";")
        if not NAME.match(name):
            raise VCardError(f"bad name {name!r}")
        properties.append(Property(name.upper(), tuple(params), _split(value)))
    if [p.name for p in properties[:2]] != ["BEGIN", "VERSION"] or properties[-1].name != "END":
        raise VCardError("BEGIN, VERSION … END expected")
    if properties[0].text != "VCARD" or properties[1].text != "3.0" or properties[-1].text != "VCARD":
        raise VCardError("not a vCard 3.0")
    return properties


def as_dict(data: bytes) -> dict[str, Property]:
    return {prop.name: prop for prop in parse(data)}
