"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run: WELTCAFE_SECRET_KEY=test WELTCAFE_DATA_DIR=/tmp/wc-e2e .venv/bin/pytest tests/e2e -m e2e
Screenshots land in .test-artifacts/e2e/ under the repository root (git-ignored).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.live_server_asgi import serve_asgi
from weltcafe.demo.loading import load_demo

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
ARTIFACTS = Path(__file__).resolve().parents[2] / ".test-artifacts" / "e2e"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
WALL = {"width": 1600, "height": 900}
# Every page reports what the Content-Security-Policy blocked; Chromium also logs "Refused to …" itself.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
  + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`));
"""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last, so that they share the process with as few other tests as possible.

    While a browser lives (one per module, see `browser`), Playwright's event loop runs in the main thread and
    database tests need DJANGO_ALLOW_ASYNC_UNSAFE, which would hide real sync-in-async mistakes in the channels
    code. Under pytest-xdist the order is the scheduler's; the module scope is what keeps other files safe.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)  # stable: order kept otherwise


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Debian Chromium per test module (Playwright's bundled browsers are not used). Per module, not
    per session: under pytest-xdist a worker runs other files after a browser file, and they must not find
    Playwright's event loop still running in the main thread."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"E2E SKIPPED: no Chromium at {CHROMIUM}. Install Debian's package "
            "(`apt-get install -y chromium`); Playwright's own browser download (`playwright install`) "
            "is deliberately not used."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running in the main thread for as long as it lives.
    # Django's ORM sees that loop and refuses every synchronous query from the test process (creating the
    # organiser, the transactional_db flush) with SynchronousOnlyOperation, although nothing here is async.
    # The flag turns that guard off while the browser runs, i.e. for the browser tests only (they run last,
    # see pytest_collection_modifyitems). The live server answers in its own thread and never needed it.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ[ASYNC_UNSAFE]
    else:
        os.environ[ASYNC_UNSAFE] = previous


def _is_csp_violation(text: str) -> bool:
    return text.startswith(("CSP violation:", "Refused to")) or "Content Security Policy" in text


@pytest.fixture(autouse=True)
def csp_violations(browser) -> Iterator[list[str]]:
    """Watch every browser context a test opens; any CSP violation fails the test at teardown."""
    violations: list[str] = []
    open_context = browser.new_context

    def new_context(*args, **kwargs):
        context = open_context(*args, **kwargs)
        context.add_init_script(script=CSP_REPORTER)
        context.on(
            "console",
            lambda message: violations.append(f"{message.text} ({message.location.get('url', '')})")
            if message.type == "error" and _is_csp_violation(message.text)
            else None,
        )
        return context

    browser.new_context = new_context  # this instance only, for this test
    yield violations
    del browser.new_context
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def context(browser) -> Iterator:
    # The browser asks for English on purpose: unprefixed URLs must stay German whatever the browser prefers.
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/Berlin")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def open_phone_page(browser, context) -> Iterator:
    """Open a page on a phone-sized screen, logged in as the desktop page is at the moment of the call."""
    opened = []

    def open_phone_page():
        phone = browser.new_context(
            storage_state=context.storage_state(),
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="de-DE",
        )
        phone.set_default_timeout(TIMEOUT_MS)
        opened.append(phone)
        return phone.new_page()

    yield open_phone_page
    for phone in opened:
        phone.close()


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def log_in(page: Page, username: str, password: str) -> None:
    """The organiser login as a person does it (the page is on /accounts/login/), until the logout button shows."""
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


# ------------------------------------------------------------ screens of the live café over a real ASGI server
@dataclass
class Screen:
    """One device in the room, with what its live socket received and how often it fetched the whole state."""

    context: BrowserContext
    page: Page
    frames: list[dict] = field(default_factory=list)
    state_fetches: list[str] = field(default_factory=list)
    # The questions the page asked before acting (data-confirm in the control room), answered with `answer`.
    dialogs: list[str] = field(default_factory=list)
    answer: bool = True

    def wait_for_frame(self, kind: str, timeout: float = TIMEOUT_MS / 1000) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [frame for frame in self.frames if frame.get("type") == kind]
            if found:
                return found[-1]
            self.page.wait_for_timeout(20)  # lets Playwright deliver the socket's frames
        raise AssertionError(f"no {kind!r} frame on {self.page.url}; got {[f.get('type') for f in self.frames]}")


@pytest.fixture(scope="session", autouse=True)
def _database_pool_closed_before_teardown(django_db_setup, django_db_blocker) -> Iterator[None]:
    # The live servers' threads leave connections idle in psycopg's pool (PostgreSQL run); pytest-django could not
    # drop the test database while they are open ("is being accessed by other users"). Closed before it tries.
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            close_pool = getattr(connection, "close_pool", None)
            if close_pool is not None:
                close_pool()


@pytest.fixture
def asgi_server(browser, transactional_db):
    # `browser` first: it allows synchronous ORM calls next to Playwright's event loop (see tests/e2e/conftest.py).
    # transactional_db: the test's rows are committed, so the server threads see them.
    with serve_asgi() as server:
        yield server
    assert server.errors == []


@pytest.fixture
def demo(asgi_server, tmp_path, monkeypatch):
    monkeypatch.setenv("WELTCAFE_DATA_DIR", str(tmp_path))
    return load_demo()  # 40 people, 3 topics × 2 tables, 3 rounds of rotating groups, plan computed, not locked


@pytest.fixture
def open_screen(browser, asgi_server):
    contexts: list[BrowserContext] = []

    def open_screen(path: str, *, size: dict = PHONE) -> Screen:
        phone = size == PHONE
        context = browser.new_context(
            viewport=size, is_mobile=phone, has_touch=phone, locale="de-DE", timezone_id="Europe/Berlin"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        screen = Screen(context, context.new_page())

        def on_socket(socket) -> None:
            if "/ws/cafe/" in socket.url:
                socket.on("framereceived", lambda payload: screen.frames.append(json.loads(payload)))

        screen.page.on("websocket", on_socket)

        def on_dialog(dialog) -> None:
            screen.dialogs.append(dialog.message)
            if screen.answer:
                dialog.accept()
            else:
                dialog.dismiss()

        screen.page.on("dialog", on_dialog)
        screen.page.on(
            "request", lambda request: screen.state_fetches.append(request.url) if "/state/" in request.url else None
        )
        screen.page.goto(asgi_server.url + path)
        return screen

    yield open_screen
    for context in contexts:
        context.close()
