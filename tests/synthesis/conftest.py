"""Fixtures for the synthesis tests: the e5 model and its embedding cache live for the whole session."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from weltcafe.synthesis import EmbeddingCache, IdeaInput

DATA = Path(__file__).parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="session")
def session_cache() -> EmbeddingCache:
    # One cache for the session: each text is embedded once, however many tests cluster it.
    return EmbeddingCache()


@pytest.fixture(scope="session")
def sample_rows() -> list[dict[str, str]]:
    return read_csv("klimarat_sample_60.csv")


@pytest.fixture(scope="session")
def keyword_rows() -> list[dict[str, str]]:
    return read_csv("klimarat_keywords.csv")


@pytest.fixture(scope="session")
def sample_ideas(sample_rows) -> list[IdeaInput]:
    return [IdeaInput(id=100 + i, text=row["text"], votes=i % 3) for i, row in enumerate(sample_rows)]


MIXED_CAFE = {
    # (topic, language): ideas as people write them at a table
    ("Mobilität", "de"): [
        "Mehr Radwege in der Stadt bauen",
        "Radwege sicherer machen und ausbauen",
        "Ein dichteres Radwegenetz für Pendler",
        "Öffentlichen Verkehr am Land ausbauen",
        "Bessere Busverbindungen am Land",
        "Der öffentliche Verkehr muss günstiger werden",
        "Tempolimit 100 auf Autobahnen",
        "Tempolimit auf Autobahnen einführen",
        "Ein Tempolimit auf allen Autobahnen",
    ],
    ("Arbeit", "de"): [
        "Der Fachkräftemangel bremst die Energiewende",
        "Fachkräfte fehlen überall im Handwerk",
        "Mehr Fachkräfte für Wärmepumpen ausbilden",
        "Lehrlinge im Handwerk besser bezahlen",
        "Die Ausbildung im Handwerk attraktiver machen",
        "Weiterbildung für Installateure fördern",
    ],
    ("Energy", "en"): [
        "Put solar panels on every public building",
        "Solar panels on all new houses",
        "More solar power on rooftops",
        "Build more wind turbines in the countryside",
        "Faster approval for wind farms",
        "Wind power needs faster permits",
        "Heat pumps should replace oil heating",
        "Subsidise heat pumps for homeowners",
        "Train more installers for heat pumps",
    ],
}
