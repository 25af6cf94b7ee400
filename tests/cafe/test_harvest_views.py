"""The harvest pages over HTTP: who may see and edit what, CSRF, escaping, the presentation and the model draft."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import reverse

from weltcafe.cafe.models import HarvestRun, Idea, Theme
from weltcafe.cafe.services import harvest as runs
from weltcafe.events.models import Participant

pytestmark = pytest.mark.integration


@pytest.fixture
def harvested(played_demo):
    runs.run_harvest(cafe=played_demo.cafe)
    return played_demo.demo, played_demo.cafe


def _login(client, harvested):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=harvested[0].username))
    return client


def test_organiser_sees_every_topic_and_can_rename(client, harvested):
    result, cafe = harvested
    _login(client, harvested)
    topic = cafe.topics.get(title="Fachkräfte")
    theme = Theme.objects.filter(topic=topic).first()

    overview = client.get(reverse("orga:harvest", kwargs={"slug": result.event_slug}))
    page = client.get(reverse("orga:harvest_topic", kwargs={"slug": result.event_slug, "topic_id": topic.pk}))
    response = client.post(
        reverse("orga:harvest_edit", kwargs={"slug": result.event_slug, "topic_id": topic.pk}),
        {"action": "rename", "theme": theme.pk, "label": "<b>Nachwuchs</b> gewinnen"},
        follow=True,
    )

    assert overview.status_code == page.status_code == 200
    assert all(t.title in overview.content.decode() for t in cafe.topics.all())
    assert theme.label in page.content.decode()
    assert "&lt;b&gt;Nachwuchs&lt;/b&gt; gewinnen" in response.content.decode()
    assert "<b>Nachwuchs</b>" not in response.content.decode()
    assert Theme.objects.get(pk=theme.pk).edited_by_person


def test_bad_edits_show_the_reason_and_change_nothing(client, harvested):
    result, cafe = harvested
    _login(client, harvested)
    topic = cafe.topics.get(title="Fachkräfte")
    before = list(Theme.objects.values_list("pk", "label"))
    url = reverse("orga:harvest_edit", kwargs={"slug": result.event_slug, "topic_id": topic.pk})

    empty = client.post(url, {"action": "rename", "theme": Theme.objects.filter(topic=topic).first().pk, "label": ""},
                        follow=True)
    garbage = client.post(url, {"action": "move", "idea": "x", "target": "y"}, follow=True)
    unknown = client.post(url, {"action": "explode"}, follow=True)

    assert "Bitte geben Sie eine Bezeichnung ein." in empty.content.decode()
    assert "Die Auswahl ist ungültig." in garbage.content.decode()
    assert "Unbekannte Aktion." in unknown.content.decode()
    assert list(Theme.objects.values_list("pk", "label")) == before


def test_anonymous_other_organisers_and_csrf(client, harvested, other_organiser):
    result, cafe = harvested
    topic = cafe.topics.first()
    url = reverse("orga:harvest_topic", kwargs={"slug": result.event_slug, "topic_id": topic.pk})
    assert client.get(url).status_code == 302
    client.force_login(other_organiser)
    assert client.get(url).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    _login(strict, harvested)
    theme = Theme.objects.filter(topic=topic).first()
    response = strict.post(
        reverse("orga:harvest_edit", kwargs={"slug": result.event_slug, "topic_id": topic.pk}),
        {"action": "rename", "theme": theme.pk, "label": "Ohne Token"},
    )
    assert response.status_code == 403
    assert Theme.objects.get(pk=theme.pk).label != "Ohne Token"


def test_hosts_edit_their_own_topic_through_their_link_only(client, harvested):
    _result, cafe = harvested
    topic = cafe.topics.get(title="Fachkräfte")
    host = topic.hosts[0]
    other_topic = cafe.topics.exclude(pk=topic.pk).first()
    guest = Participant.objects.filter(event=cafe.event, hosted_tables__isnull=True).first()
    own = reverse("live:harvest", kwargs={"token": host.access_token})

    assert client.get(own).status_code == 302  # one topic: straight to it
    page = client.get(own, follow=True)
    assert topic.title in page.content.decode()
    assert client.get(reverse("live:harvest_topic", kwargs={"token": host.access_token,
                                                             "topic_id": other_topic.pk})).status_code == 404
    # A fresh phone: the host's phone is bound to the host now and would not open the guest's link at all.
    assert Client().get(reverse("live:harvest", kwargs={"token": guest.access_token})).status_code == 404
    theme = Theme.objects.filter(topic=topic).first()
    client.post(reverse("live:harvest_edit", kwargs={"token": host.access_token, "topic_id": topic.pk}),
                {"action": "rename", "theme": theme.pk, "label": "Vom Gastgeber"})
    assert Theme.objects.get(pk=theme.pk).label == "Vom Gastgeber"


def test_only_organisers_open_votes(client, harvested):
    result, cafe = harvested
    _login(client, harvested)
    topic = cafe.topics.get(title="Fachkräfte")
    url = reverse("orga:harvest_ballot", kwargs={"slug": result.event_slug, "topic_id": topic.pk})

    response = client.post(url, {"action": "open", "kind": "themes", "dots_per_person": "3", "max_per_option": "2"},
                           follow=True)
    again = client.post(url, {"action": "open", "kind": "themes", "dots_per_person": "3"}, follow=True)

    assert "Abstimmung geöffnet" in response.content.decode()
    assert "Zu diesem Thema läuft schon eine Abstimmung." in again.content.decode()
    assert topic.ballots.get().max_per_option == 2


def test_presentation_has_one_slide_per_topic_with_edited_labels(client, harvested):
    result, cafe = harvested
    _login(client, harvested)
    topic = cafe.topics.get(title="Fachkräfte")
    theme = Theme.objects.filter(topic=topic).first()
    theme.label, theme.edited_by_person = "Nachwuchs gewinnen", True
    theme.save()

    page = client.get(reverse("orga:presentation", kwargs={"slug": result.event_slug})).content.decode()

    assert page.count('class="slide slide-topic"') == 3
    assert "Nachwuchs gewinnen" in page
    assert "presentation.js" in page


def test_summaries_sentences_rest_on_ideas_of_their_topic(client, harvested):
    from weltcafe.cafe.queries.board import cafe_board

    _result, cafe = harvested
    board = cafe_board(cafe)
    for topic_board in board.topics:
        ids = set(Idea.objects.filter(table__topic=topic_board.topic).values_list("pk", flat=True))
        for sentence in topic_board.summary.sentences:
            assert sentence.idea_ids
            assert set(sentence.idea_ids) <= ids


class _FakeOpenAI(BaseHTTPRequestHandler):
    """A stand-in for a local OpenAI-compatible server (the one thing that cannot run here)."""

    received: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeOpenAI.received.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        ideas = re.findall(r"^- \[#(\d+)\]", body["messages"][1]["content"], flags=re.MULTILINE)
        cited = " ".join(f"[#{n}]" for n in ideas[:2]) + " [#999999]"  # the last one was never given: dropped
        content = f"Die Tische wollen Azubis gewinnen {cited}."
        answer = {"model": "fake-7b", "choices": [{"message": {"content": content}}]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_model_draft_is_stored_beside_the_summary_with_its_sources(client, harvested, settings):
    result, cafe = harvested
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WELTCAFE_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.WELTCAFE_LLM_API_KEY = "secret"
    _login(client, harvested)
    topic = cafe.topics.get(title="Fachkräfte")
    labels = list(Theme.objects.filter(topic=topic).values_list("pk", "label"))
    try:
        page = client.post(reverse("orga:harvest_draft", kwargs={"slug": result.event_slug, "topic_id": topic.pk}),
                           follow=True).content.decode()
    finally:
        server.shutdown()

    draft = HarvestRun.objects.get().drafts[str(topic.pk)]
    assert _FakeOpenAI.received[-1]["path"] == "/v1/chat/completions"
    assert _FakeOpenAI.received[-1]["auth"] == "Bearer secret"
    assert "Die Tische wollen Azubis gewinnen" in page
    assert "fake-7b" in page
    assert len(draft["cited"]) == 2
    assert set(draft["cited"]) <= set(draft["sources"])
    assert list(Theme.objects.filter(topic=topic).values_list("pk", "label")) == labels  # nothing replaced


def test_draft_is_off_by_default_and_an_unreachable_model_changes_nothing(client, harvested, settings):
    result, cafe = harvested
    _login(client, harvested)
    topic = cafe.topics.first()
    url = reverse("orga:harvest_draft", kwargs={"slug": result.event_slug, "topic_id": topic.pk})
    page = client.get(reverse("orga:harvest_topic", kwargs={"slug": result.event_slug, "topic_id": topic.pk}))
    assert "Entwurf anfordern" not in page.content.decode()
    assert "kein Sprachmodell" in client.post(url, follow=True).content.decode()
    settings.WELTCAFE_LLM_URL = "http://127.0.0.1:9/v1"  # discard port: nothing listens
    settings.WELTCAFE_LLM_TIMEOUT = 2
    assert "nicht erreichbar" in client.post(url, follow=True).content.decode()
    assert HarvestRun.objects.get().drafts == {}


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_read_a_fixed_number_of_queries_however_many_themes(client, harvested):
    result, cafe = harvested
    _login(client, harvested)
    topic = cafe.topics.get(title="Fachkräfte")
    urls = [
        reverse("orga:harvest", kwargs={"slug": result.event_slug}),
        reverse("orga:harvest_topic", kwargs={"slug": result.event_slug, "topic_id": topic.pk}),
        reverse("orga:presentation", kwargs={"slug": result.event_slug}),
    ]
    before = [_queries(client, url) for url in urls]
    table, round_ = topic.tables.first(), cafe.rounds.first()
    for n in range(5):
        theme = Theme.objects.create(topic=topic, label=f"Mehr {n}", position=50 + n)
        for k in range(3):
            Idea.objects.create(table=table, round=round_, text=f"Idee {n}-{k}", theme=theme, theme_pinned=True)

    assert [_queries(client, url) for url in urls] == before


def test_the_harvest_page_speaks_english_under_en(client, harvested):
    result, cafe = harvested
    _login(client, harvested)
    topic = cafe.topics.first()
    page = client.get(f"/en/orga/events/{result.event_slug}/harvest/{topic.pk}/").content.decode()
    assert "Harvest again" in page
    assert "Open the vote" in page
    assert "Neu auswerten" not in page


def test_a_host_forms_the_themes_from_the_phone_and_comes_back_to_it(client, played_demo):
    cafe = played_demo.cafe
    host = cafe.topics.get(title="Fachkräfte").hosts[0]
    phone = reverse("live:page", kwargs={"kind": "p", "token": host.access_token})
    assert "Themen jetzt bilden" in client.get(phone).content.decode()

    response = client.post(reverse("live:harvest_run", kwargs={"token": host.access_token}), {"next": phone})
    elsewhere = client.post(reverse("live:harvest_run", kwargs={"token": host.access_token}),
                            {"next": "//evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == phone
    assert elsewhere["Location"] == reverse("live:harvest", kwargs={"token": host.access_token})
    briefing = client.get(reverse("live:state", kwargs={"kind": "p", "token": host.access_token})).json()
    assert briefing["briefing_themes"][str(cafe.topics.get(title="Fachkräfte").pk)]


def test_ideas_are_embedded_ahead_so_the_harvest_only_clusters(client, played_demo, settings):
    # The facilitator opens the harvest page (new ideas, no run yet): they are embedded then — in a thread in the
    # product, at once here — and the run that follows embeds nothing.
    settings.WELTCAFE_HARVEST_EMBEDDING = "e5"
    settings.WELTCAFE_HARVEST_PREPARE = "inline"
    cafe = played_demo.cafe
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="orga"))

    assert client.get(reverse("orga:harvest", kwargs={"slug": cafe.event.slug})).status_code == 200
    run = runs.run_harvest(cafe=cafe)

    assert run.method["embedding"] == "e5"
    assert run.method["cache_misses"] == 0
    assert run.method["cache_hits"] > 0


def test_a_round_that_ends_or_gives_way_schedules_the_embedding(
    demo_cafe, monkeypatch, django_capture_on_commit_callbacks
):
    from weltcafe.cafe.services import rounds as cafe_rounds

    asked = []
    monkeypatch.setattr(runs, "prepare_embeddings_soon", asked.append)

    with django_capture_on_commit_callbacks(execute=True):
        cafe_rounds.start_round(cafe=demo_cafe, index=1)  # nothing written yet: nothing to embed
    with django_capture_on_commit_callbacks(execute=True):
        cafe_rounds.next_round(cafe=demo_cafe)  # round 1 gives way to round 2
    with django_capture_on_commit_callbacks(execute=True):
        cafe_rounds.end_round(cafe=demo_cafe)

    assert asked == [demo_cafe.pk, demo_cafe.pk]


def test_the_english_harvest_page_shows_the_summaries_in_english(client, played_demo):
    from django.contrib.auth import get_user_model

    cafe = played_demo.cafe
    runs.run_harvest(cafe=cafe)
    client.force_login(get_user_model().objects.get(username="orga"))
    topic = cafe.topics.get(title="Fachkräfte")
    path = reverse("orga:harvest_topic", kwargs={"slug": cafe.event.slug, "topic_id": topic.pk})

    german = client.get(path).content.decode()
    english = client.get(f"/en{path}").content.decode()

    assert "geordnet in" in german
    assert "grouped into" in english
    assert "geordnet in" not in english
    cafe.refresh_from_db()
    assert cafe.topics.get(pk=topic.pk).summary["language"] == "de"  # what is stored stays as it was
