"""Enums as the page's scripts see them."""

from __future__ import annotations

from django.db import models


def state_names(states: type[models.TextChoices]) -> dict[str, str]:
    """An enum as a script compares with it ({"RUNNING": "running", …}), handed over in the page's config so that
    no script spells a state."""
    return {state.name: state.value for state in states}
