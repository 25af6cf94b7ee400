"""Shared fixtures. Markers: unit (no database), integration (database), e2e (real Chromium)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import EventFactory, OrganiserFactory
from weltcafe.cafe.models import Cafe
from weltcafe.demo.loading import load_demo


@pytest.fixture(autouse=True, scope="session")
def _data_dir_per_process(tmp_path_factory):
    # Under pytest-xdist each worker has its own data folder: caches on disk are named by primary key
    # (cafe-1-embeddings.npz), and two workers' databases both have a café 1.
    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"


@pytest.fixture
def organiser(db):
    return OrganiserFactory(username="organiser")


@pytest.fixture
def other_organiser(db):
    return OrganiserFactory(username="other")


@pytest.fixture
def event(organiser):
    return EventFactory(organisers=[organiser])


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def demo_cafe(db, settings, tmp_path, monkeypatch):
    """The café of the demo meeting, loaded through its services: 40 people, 3 topics × 2 tables, 3 rounds of
    rotating groups, plan computed, not locked. The data folder (the demo writes its password there) is tmp_path."""
    settings.DATA_DIR = tmp_path
    monkeypatch.setenv("WELTCAFE_DATA_DIR", str(tmp_path))
    return Cafe.objects.select_related("event").get(event__slug=load_demo().event_slug)


@pytest.fixture(autouse=True)
def _no_background_embedding(settings):
    # A round's end embeds its ideas in a thread (cafe/services/harvest.py); a thread of its own touching the test
    # database would race the test's transaction. Tests of it ask for "inline".
    settings.WELTCAFE_HARVEST_PREPARE = "off"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs ~0.5 s per user; tests check behaviour, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate limits and lockouts count in the cache, which outlives a test (process memory, or Redis); under
    # pytest-xdist the order of tests is the scheduler's, so every test starts with nothing spent.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _german_between_tests():
    # A request to /en/... leaves English active in this thread; reverse() would then build /en/ URLs.
    yield
    translation.activate(settings.LANGUAGE_CODE)
