"""Typed reading of WELTCAFE_* environment variables.

Kept apart from settings.py so the CLI can resolve the data folder (and write the demo's secret key there)
before Django is configured.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on", "ja"}
FALSE_WORDS = {"0", "false", "no", "off", "nein", ""}


class InvalidSettingError(ValueError):
    """A WELTCAFE_* variable holds a value we cannot use."""


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise InvalidSettingError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise InvalidSettingError(f"{name} must be a whole number, not {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded default keeps its database, secret key and uploads."""
    return Path(env_str("WELTCAFE_DATA_DIR", str(Path.cwd() / "var"))).resolve()


SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key


def ensure_secret_key_file(folder: Path) -> Path:
    """Create a random secret key in the data folder once; the demo and a laptop install rely on it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SECRET_KEY_FILE
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path


def secret_key(folder: Path) -> str | None:
    from_env = os.environ.get("WELTCAFE_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    path = folder / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return None
