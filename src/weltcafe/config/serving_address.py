"""The address a started server tells phones: the one in printed QR codes and the one it accepts requests for.

`weltcafe demo` and `weltcafe serve` know where they listen. Unless the operator set WELTCAFE_BASE_URL (a public
server behind a proxy does), the printed links follow the port actually served — `--port 8942` prints 8942, not the
default 8000. Listening on every interface (`--host 0.0.0.0`, a laptop in the venue's Wi-Fi) the links use this
machine's address in that network, and that address is an allowed host, so a phone on the same Wi-Fi is let in
instead of getting "Bad Request (400)". Both are set in the environment before Django reads its settings, so the
workers uvicorn starts inherit them.
"""

from __future__ import annotations

import ipaddress
import os
import socket

EVERY_INTERFACE = {"0.0.0.0", "::", ""}  # noqa: S104 - names compared with, never bound here
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# An address in the documentation range: connecting a UDP socket to it sends nothing, it only makes the kernel
# choose the interface (and so the address) it would use for the network — no internet needed.
_ROUTE_PROBE = ("192.0.2.1", 9)


def network_address() -> str | None:
    """This machine's IPv4 address in its network (the venue's Wi-Fi), or None when it has none but loopback."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(_ROUTE_PROBE)
        address = probe.getsockname()[0]
    except OSError:  # no route at all: a laptop not in any network yet
        return None
    finally:
        probe.close()
    return None if ipaddress.ip_address(address).is_loopback else address


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def serving_address(host: str, port: int) -> tuple[str, list[str]]:
    """The base URL phones should use and the host names to accept, for a server listening on host:port."""
    if host in EVERY_INTERFACE:
        address = network_address()
        allowed = [*LOOPBACK_HOSTS, *([address] if address else []), socket.gethostname()]
        return f"http://{_url_host(address or '127.0.0.1')}:{port}", allowed
    return f"http://{_url_host(host)}:{port}", [*LOOPBACK_HOSTS, _url_host(host)]


def follow_serving_address(host: str, port: int) -> str:
    """Set WELTCAFE_BASE_URL and WELTCAFE_ALLOWED_HOSTS for this server unless the operator set them; returns the
    base URL in force."""
    base_url, allowed = serving_address(host, port)
    os.environ.setdefault("WELTCAFE_BASE_URL", base_url)
    os.environ.setdefault("WELTCAFE_ALLOWED_HOSTS", ",".join(dict.fromkeys(allowed)))
    return os.environ["WELTCAFE_BASE_URL"]
