"""A host's harvest run touches their own topic only and counts against the host's own limit, never the organiser's."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from weltcafe.cafe.models import Cafe, HarvestRun, Idea, Theme
from weltcafe.cafe.services import harvest as runs
from weltcafe.cafe.views.harvest import HARVEST_RUNS, HOST_HARVEST_RUNS

pytestmark = pytest.mark.integration


@pytest.fixture
def played(played_demo):
    """The played demo café, its topic "Fachkräfte" (whose host runs the harvest) and the organiser's name."""
    cafe = played_demo.cafe
    return cafe, cafe.topics.get(title="Fachkräfte"), played_demo.demo.username


def _host_run(client, host):
    return client.post(reverse("live:harvest_run", kwargs={"token": host.access_token}))


def _theme_rows(cafe: Cafe, topic_ids) -> list[tuple]:
    return list(
        Theme.objects.filter(topic__cafe=cafe, topic_id__in=topic_ids)
        .order_by("pk")
        .values_list("pk", "label", "position", "updated_at")
    )


def _placements(cafe: Cafe, topic_ids) -> dict[int, int | None]:
    return dict(Idea.objects.filter(table__topic_id__in=topic_ids).values_list("pk", "theme_id"))


def test_host_run_forms_themes_of_their_topic_only(client, played):
    cafe, topic, _ = played
    others = list(cafe.topics.exclude(pk=topic.pk).values_list("pk", flat=True))

    response = _host_run(client, topic.hosts[0])

    assert response.status_code == 302
    assert Theme.objects.filter(topic=topic).exists()
    assert Theme.objects.filter(topic_id__in=others).count() == 0
    assert set(_placements(cafe, others).values()) == {None}
    assert not HarvestRun.objects.filter(cafe=cafe).exists()  # the café's run record is the organiser's


def test_host_run_leaves_other_topics_themes_and_the_cafes_run_untouched(client, played):
    cafe, topic, _ = played
    runs.run_harvest(cafe=cafe)
    others = list(cafe.topics.exclude(pk=topic.pk).values_list("pk", flat=True))
    themes_before, placed_before = _theme_rows(cafe, others), _placements(cafe, others)
    run_before = HarvestRun.objects.values("ran_at", "method", "cross_topic").get(cafe=cafe)

    _host_run(client, topic.hosts[0])

    assert _theme_rows(cafe, others) == themes_before
    assert _placements(cafe, others) == placed_before
    assert HarvestRun.objects.values("ran_at", "method", "cross_topic").get(cafe=cafe) == run_before


def test_host_run_does_not_spend_the_organisers_run_limit(client, played):
    cafe, topic, _ = played

    _host_run(client, topic.hosts[0])

    assert (HARVEST_RUNS.hits(f"cafe:{cafe.pk}"), HOST_HARVEST_RUNS.hits(f"host:{topic.hosts[0].pk}")) == (0, 1)


def test_host_over_their_limit_is_refused_while_the_organiser_still_runs(client, played):
    cafe, topic, username = played
    for _ in range(HOST_HARVEST_RUNS.limit):
        HOST_HARVEST_RUNS.hit(f"host:{topic.hosts[0].pk}")

    refused = _host_run(client, topic.hosts[0])
    refused_messages = [str(message) for message in get_messages(refused.wsgi_request)]
    client.force_login(get_user_model().objects.get(username=username))
    organiser = client.post(reverse("orga:harvest_run", kwargs={"slug": cafe.event.slug}))

    assert refused_messages == ["Sehr viele Auswertungen in kurzer Zeit – bitte warten Sie einen Moment."]
    assert Theme.objects.filter(topic=topic).exists()  # made by the organiser's run, not the refused one
    assert organiser.status_code == 302
    assert HarvestRun.objects.filter(cafe=cafe).exists()
