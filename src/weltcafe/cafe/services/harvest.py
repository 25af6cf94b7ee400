"""Run the harvest on a café's ideas and fold the result into the themes, keeping what people decided.

The expensive part (embedding, clustering) runs outside any transaction; the result is applied in one
transaction against the themes as they are then, so an edit made while the harvest ran is not lost:

- ideas a person placed (`theme_pinned`) stay where they are;
- each new cluster takes over the existing theme it overlaps most (so a renamed theme keeps its name and votes);
- a theme a person edited, or one with votes or placed ideas, survives even when no cluster matches it;
- an untouched machine theme that no cluster matches is removed; its ideas go where the new run put them.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe import synthesis
from weltcafe.cafe.models import Cafe, HarvestRun, Idea, Theme, Topic
from weltcafe.cafe.queries.harvest import harvest_inputs
from weltcafe.cafe.services import harvest_events, summaries
from weltcafe.synthesis.model import Harvest

logger = logging.getLogger(__name__)

# A cluster takes over an existing theme when at least this share of either side's machine-placed ideas is shared.
TAKE_OVER_SHARE = 0.5
# A café table writes 10–40 ideas per topic: there a pair of ideas that say the same is already a theme; the
# library's default of three suits the hundreds of ideas of online consultations.
SMALL_TOPIC = 40
# What a run writes on a theme it keeps; the label only while no person has edited it.
MACHINE_FIELDS = ("machine_label", "language", "keywords", "representatives", "duplicates")


def cache_path(cafe: Cafe) -> Path:
    return Path(settings.DATA_DIR) / "harvest" / f"cafe-{cafe.pk}-embeddings.npz"


@contextmanager
def _one_run_at_a_time(cafe: Cafe):
    key = f"weltcafe:harvest-running:{cafe.pk}"
    if not cache.add(key, 1, timeout=600):
        raise ValidationError(_("Die Auswertung läuft gerade schon – bitte einen Moment Geduld."))
    try:
        yield
    finally:
        cache.delete(key)


def compute(cafe: Cafe, *, seed: int = 0, topic_ids: frozenset[int] | None = None) -> Harvest:
    """Cluster the café's visible ideas (or those of `topic_ids`); only ideas not seen before are embedded (cache
    on disk per café)."""
    # scikit-learn and the model runtime load here, on the first harvest, not when the web app starts.
    from weltcafe.synthesis.embedding import EmbeddingCache
    from weltcafe.synthesis.harvester import Harvester

    inputs = harvest_inputs(cafe, topic_ids=topic_ids)
    if not inputs:
        raise ValidationError(_("Noch keine Ideen – es gibt nichts auszuwerten."))
    path = cache_path(cafe)
    path.parent.mkdir(parents=True, exist_ok=True)
    sizes = sorted(Counter(idea.topic for idea in inputs).values())
    min_size = 2 if sizes[len(sizes) // 2] < SMALL_TOPIC else 3
    harvester = Harvester(
        embedding=settings.WELTCAFE_HARVEST_EMBEDDING,
        cache=EmbeddingCache(path),
        min_theme_size=min_size,
        random_state=seed,
    ).fit(inputs)
    return harvester.harvest_


def idea_count(result: Harvest) -> int:
    return sum(len(ids) for _, ids in result.rest_by_topic) + sum(cluster.size for cluster in result.themes)


def prepare_embeddings(cafe: Cafe) -> int:
    """Embed the café's visible ideas that the cache does not hold yet (e5 costs ~40 ms an idea on 2 cores), so the
    harvest the facilitator waits for in front of the room only clusters. Returns how many were embedded."""
    from weltcafe.synthesis.embedding import EmbeddingCache
    from weltcafe.synthesis.harvester import prepare

    inputs = harvest_inputs(cafe)
    if not inputs:
        return 0
    path = cache_path(cafe)
    path.parent.mkdir(parents=True, exist_ok=True)
    return prepare(inputs, cache=EmbeddingCache(path), embedding=settings.WELTCAFE_HARVEST_EMBEDDING)


_preparing: set[int] = set()
_preparing_lock = threading.Lock()


def prepare_embeddings_soon(cafe_id: int) -> None:
    """After a round ends, or when the harvest page opens: embed in a thread of this process, never in the request
    (`WELTCAFE_HARVEST_PREPARE`: "thread", the default; "inline" runs it at once, for tests; "off"). One at a time
    per café; a run that finds the cache filled skips the work."""
    mode = settings.WELTCAFE_HARVEST_PREPARE
    if mode == "off":
        return
    with _preparing_lock:
        if cafe_id in _preparing:
            return
        _preparing.add(cafe_id)

    def work() -> None:
        try:
            cafe = Cafe.objects.filter(pk=cafe_id).first()
            if cafe is not None:
                embedded = prepare_embeddings(cafe)
                logger.info("café %s: %s ideas embedded ahead of the harvest", cafe_id, embedded)
        except Exception:  # a background nicety: the harvest embeds whatever is missing itself
            logger.exception("embedding ahead of the harvest failed for café %s", cafe_id)
        finally:
            with _preparing_lock:
                _preparing.discard(cafe_id)
            if mode != "inline":
                connections.close_all()  # this thread's own connections

    if mode == "inline":
        work()
    else:
        threading.Thread(target=work, name=f"harvest-prepare-{cafe_id}", daemon=True).start()


def run_harvest(*, cafe: Cafe, seed: int = 0) -> HarvestRun:
    with _one_run_at_a_time(cafe):
        result = compute(cafe, seed=seed)
        run = apply_harvest(cafe=cafe, result=result)
    logger.info("harvest of café %s: %s themes in %.1f s", cafe.pk, len(result.themes), result.method.seconds)
    return run


def run_topics_harvest(*, cafe: Cafe, topic_ids: frozenset[int], seed: int = 0) -> Harvest:
    """A host's run: the ideas of their own topics only. Other topics' themes and the café's run record (its time,
    method and links between topics, which the organiser's run owns) stay exactly as they are."""
    with _one_run_at_a_time(cafe):
        result = compute(cafe, seed=seed, topic_ids=topic_ids)
        apply_topics_harvest(cafe=cafe, topic_ids=topic_ids, result=result)
    logger.info("harvest of café %s, topics %s: %s themes", cafe.pk, sorted(topic_ids), len(result.themes))
    return result


@transaction.atomic
def apply_topics_harvest(*, cafe: Cafe, topic_ids: frozenset[int], result: Harvest) -> None:
    Cafe.objects.select_for_update().get(pk=cafe.pk)
    topics = list(cafe.topics.filter(pk__in=topic_ids))
    for topic in topics:
        clusters = [(index, cluster) for index, cluster in enumerate(result.themes) if int(cluster.topic) == topic.pk]
        _fold_topic(topic, clusters)
    summaries.refresh_summaries(cafe=cafe)
    for topic in topics:
        harvest_events.topic_changed(topic)


@transaction.atomic
def apply_harvest(*, cafe: Cafe, result: Harvest) -> HarvestRun:
    Cafe.objects.select_for_update().get(pk=cafe.pk)
    clusters_by_topic: dict[int, list[tuple[int, synthesis.Theme]]] = {}
    for index, cluster in enumerate(result.themes):
        clusters_by_topic.setdefault(int(cluster.topic), []).append((index, cluster))
    theme_of_cluster: dict[int, int] = {}
    for topic in cafe.topics.all():
        theme_of_cluster.update(_fold_topic(topic, clusters_by_topic.get(topic.pk, [])))
    cross_topic = [
        {"label": link.label, "themes": [theme_of_cluster[i] for i in link.theme_ids if i in theme_of_cluster]}
        for link in result.cross_topic
    ]
    method = asdict(result.method)
    method["ideas"] = idea_count(result)
    run, _created = HarvestRun.objects.update_or_create(
        cafe=cafe, defaults={"ran_at": timezone.now(), "method": method, "cross_topic": cross_topic}
    )
    summaries.refresh_summaries(cafe=cafe)
    for topic in cafe.topics.all():
        harvest_events.topic_changed(topic)
    return run


def _fold_topic(topic: Topic, clusters: list[tuple[int, synthesis.Theme]]) -> dict[int, int]:
    """Apply the new clusters of one topic; returns cluster index → theme id."""
    themes = list(Theme.objects.filter(topic=topic).select_for_update())
    ideas = list(Idea.objects.filter(table__topic=topic).select_for_update())
    pinned = {idea.pk for idea in ideas if idea.theme_pinned}
    machine_members: dict[int, set[int]] = {theme.pk: set() for theme in themes}
    for idea in ideas:
        if idea.theme_id and not idea.theme_pinned:
            machine_members[idea.theme_id].add(idea.pk)
    voted = set(Theme.objects.filter(topic=topic, votes__isnull=False).values_list("pk", flat=True))
    has_pinned = {idea.theme_id for idea in ideas if idea.theme_pinned and idea.theme_id}

    # Greedy matching by shared ideas, largest overlap first; ties by cluster order (biggest cluster first).
    candidates = []
    for order, (_index, cluster) in enumerate(clusters):
        members = set(cluster.idea_ids) - pinned
        for theme in themes:
            shared = len(members & machine_members[theme.pk])
            if shared and (
                shared >= TAKE_OVER_SHARE * len(members) or shared >= TAKE_OVER_SHARE * len(machine_members[theme.pk])
            ):
                candidates.append((-shared, order, theme.pk))
    matched: dict[int, Theme] = {}
    used: set[int] = set()
    by_id = {theme.pk: theme for theme in themes}
    for _shared, order, theme_id in sorted(candidates):
        if order in matched or theme_id in used:
            continue
        matched[order], used = by_id[theme_id], used | {theme_id}

    result: dict[int, int] = {}
    target_of_idea: dict[int, int | None] = {}
    for order, (index, cluster) in enumerate(clusters):
        theme = matched.get(order) or Theme(topic=topic, origin=Theme.Origin.MACHINE)
        theme.machine_label = cluster.label
        if not theme.edited_by_person:
            theme.label = cluster.label
        theme.position = order
        theme.language = cluster.language
        theme.keywords = list(cluster.keywords)
        theme.representatives = list(cluster.representatives)
        theme.duplicates = [list(group) for group in cluster.duplicates]
        if theme.pk is None:
            theme.save()
        else:
            theme.save(update_fields=[*MACHINE_FIELDS, "label", "position", "updated_at"])
        result[index] = theme.pk
        for idea_id in cluster.idea_ids:
            if idea_id not in pinned:
                target_of_idea[idea_id] = theme.pk
    for theme in themes:
        if theme.pk in used:
            continue
        if theme.edited_by_person or theme.pk in voted or theme.pk in has_pinned:
            theme.position = len(clusters) + theme.position
            theme.save(update_fields=["position", "updated_at"])
        else:
            theme.delete()  # its ideas' theme becomes NULL; they are placed again below
    moves: dict[int | None, list[int]] = {}
    for idea in ideas:
        if idea.pk in pinned:
            continue
        target = target_of_idea.get(idea.pk)  # None: rest group, or an idea hidden/merged since
        if idea.theme_id != target:
            moves.setdefault(target, []).append(idea.pk)
    for target, idea_ids in moves.items():  # one UPDATE per theme, not one per moved idea
        Idea.objects.filter(pk__in=idea_ids).update(theme_id=target)
    return result
