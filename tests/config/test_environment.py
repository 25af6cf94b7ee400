import pytest

from weltcafe.config.environment import (
    InvalidSettingError,
    ensure_secret_key_file,
    env_bool,
    env_int,
    env_list,
    secret_key,
)

pytestmark = pytest.mark.unit


def test_env_bool_reads_words_and_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("WELTCAFE_X", "ja")
    assert env_bool("WELTCAFE_X", False) is True
    monkeypatch.setenv("WELTCAFE_X", "vielleicht")
    with pytest.raises(InvalidSettingError, match="WELTCAFE_X"):
        env_bool("WELTCAFE_X", False)


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("WELTCAFE_N", "12")
    monkeypatch.setenv("WELTCAFE_L", "a.example, b.example,")

    assert (env_int("WELTCAFE_N", 1), env_list("WELTCAFE_L", [])) == (12, ["a.example", "b.example"])


def test_secret_key_file_is_made_once_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("WELTCAFE_SECRET_KEY", raising=False)

    path = ensure_secret_key_file(tmp_path)
    first = secret_key(tmp_path)
    ensure_secret_key_file(tmp_path)

    assert secret_key(tmp_path) == first
    assert len(first) >= 50
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    ensure_secret_key_file(tmp_path)
    monkeypatch.setenv("WELTCAFE_SECRET_KEY", "from-env")

    assert secret_key(tmp_path) == "from-env"
