"""Pages that list many rows (the public event list, the calendar feed, the news feeds, the organiser's list):
one damaged row is left out and logged instead of taking the whole page down for everyone.

A row is damaged when building what the page shows of it fails: a slug no URL accepts (NoReverseMatch), a time
zone tzdata does not know (ZoneInfoNotFoundError), a JSON field of the wrong shape (ValueError, TypeError,
KeyError, AttributeError). Each page builds its items in Python through `rendered_rows`, never in the template,
where the error would surface only while the page is already being rendered.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.urls import NoReverseMatch

logger = logging.getLogger(__name__)

Row = TypeVar("Row")
Item = TypeVar("Item")

DAMAGED_ROW_ERRORS = (NoReverseMatch, zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, KeyError, OverflowError,
                      AttributeError)


def rendered_rows(rows: Iterable[Row], build: Callable[[Row], Item], *, page: str) -> list[Item]:
    """`build(row)` for every row; rows whose build fails are skipped, each with one log line naming it."""
    items = []
    for row in rows:
        try:
            items.append(build(row))
        except DAMAGED_ROW_ERRORS as error:
            logger.warning("%s: skipped damaged %s %s (%s: %s)", page, type(row).__name__,
                           getattr(row, "pk", "?"), type(error).__name__, error)
    return items
