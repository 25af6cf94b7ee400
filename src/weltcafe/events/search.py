"""Search and sort keys for participants, folded in Python so they work alike on SQLite and PostgreSQL.

SQLite's LIKE and lower() fold only ASCII letters: "özdemir" would not find "Özdemir", and "Änne" would sort after
"Zora". The keys below fold case, accents and punctuation the German way (ä → a, ß → ss; DIN 5007 variant 1).
"""

from __future__ import annotations

from weltcafe.events.vocabulary import fold


def sort_key(text: str) -> str:
    return " ".join(fold(word) for word in text.split() if fold(word))[:200]


def search_text(*parts: str) -> str:
    return " ".join(sort_key(part) for part in parts if part and sort_key(part))


def search_words(query: str) -> list[str]:
    return [fold(word) for word in query.split() if fold(word)]
