"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run: WELTCAFE_SECRET_KEY=test WELTCAFE_DATA_DIR=/tmp/wc-e2e .venv/bin/pytest tests/e2e -m e2e
Screenshots land in .test-artifacts/e2e/ under the repository root (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last, so that no other test shares the process with Playwright's event loop.

    The browser lives for the whole session once started (see `browser`); any database test after it would
    need DJANGO_ALLOW_ASYNC_UNSAFE too, which would hide real sync-in-async mistakes in the channels code.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)  # stable: order kept otherwise


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Debian Chromium for the whole run (Playwright's bundled browsers are not used)."""
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
