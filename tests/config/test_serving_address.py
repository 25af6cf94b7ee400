"""The address a started server prints and accepts: it follows --host and --port unless the operator set one."""

from __future__ import annotations

import os

import pytest

from weltcafe.config import serving_address
from weltcafe.config.serving_address import follow_serving_address

pytestmark = pytest.mark.unit


@pytest.fixture
def clean_environment(monkeypatch):
    monkeypatch.delenv("WELTCAFE_BASE_URL", raising=False)
    monkeypatch.delenv("WELTCAFE_ALLOWED_HOSTS", raising=False)
    return monkeypatch


def test_a_port_of_its_own_is_the_port_printed(clean_environment):
    assert follow_serving_address("127.0.0.1", 8942) == "http://127.0.0.1:8942"
    assert os.environ["WELTCAFE_ALLOWED_HOSTS"] == "127.0.0.1,localhost,[::1]"


def test_every_interface_means_this_machines_address_in_the_wifi(clean_environment):
    clean_environment.setattr(serving_address, "network_address", lambda: "192.168.1.20")
    clean_environment.setattr(serving_address.socket, "gethostname", lambda: "orga-laptop")

    assert follow_serving_address("0.0.0.0", 8000) == "http://192.168.1.20:8000"  # noqa: S104
    assert os.environ["WELTCAFE_ALLOWED_HOSTS"].split(",") == [
        "127.0.0.1", "localhost", "[::1]", "192.168.1.20", "orga-laptop"
    ]


def test_without_any_network_the_laptop_itself_is_printed(clean_environment):
    clean_environment.setattr(serving_address, "network_address", lambda: None)

    assert follow_serving_address("::", 8000) == "http://127.0.0.1:8000"


def test_an_address_the_operator_set_wins(clean_environment):
    clean_environment.setenv("WELTCAFE_BASE_URL", "https://cafe.example.org")
    clean_environment.setenv("WELTCAFE_ALLOWED_HOSTS", "cafe.example.org")

    assert follow_serving_address("0.0.0.0", 8000) == "https://cafe.example.org"  # noqa: S104
    assert os.environ["WELTCAFE_ALLOWED_HOSTS"] == "cafe.example.org"


def test_an_ipv6_host_is_bracketed():
    assert serving_address.serving_address("fe80::1", 8000)[0] == "http://[fe80::1]:8000"


def test_the_network_address_is_never_loopback():
    found = serving_address.network_address()
    assert found is None or not found.startswith("127.")
