"""The harvest as the facilitator waits for it, in the product (issue #15: ≤ 1 s for a 60-idea topic, ≤ 3 s for a
300-idea café), on the embedded default.

Reproduce (about 2 minutes; a data folder of its own, removed afterwards):

    .venv/bin/python bench/harvest_product.py

A café of 5 topics × 60 ideas from the dev set (shared/data/klimarat_polis_de.csv, one label per topic) is written
through the ORM into a fresh SQLite database. Then, as in the meeting: the ideas are embedded ahead
(`prepare_embeddings`, what a round's end starts in a thread), and `run_harvest` — the service behind the harvest
page's button — is timed for the whole café and for one topic. For comparison, the same run on a cold cache (what
a café saw before ideas were embedded ahead). Results: bench/results/harvest_product.md.
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "klimarat_polis_de.csv"
RESULTS = ROOT / "bench" / "results"
TOPICS, PER_TOPIC = 5, 60


def setup_django(folder: Path) -> None:
    os.environ["WELTCAFE_DATA_DIR"] = str(folder)
    os.environ.setdefault("WELTCAFE_SECRET_KEY", "bench-only-not-a-secret")
    os.environ["WELTCAFE_HARVEST_PREPARE"] = "off"  # this script calls it itself, to time it
    os.environ["DJANGO_SETTINGS_MODULE"] = "weltcafe.config.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_cafe():
    from datetime import UTC, datetime

    from weltcafe.cafe.models import Cafe, Idea, Round, Table, Topic
    from weltcafe.events.models import Event

    with DATA.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    labels = sorted({row["label"] for row in rows})[:TOPICS]
    event = Event.objects.create(
        title="Harvest bench", slug="harvest-bench", starts_at=datetime(2026, 3, 18, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 18, 12, tzinfo=UTC),
    )
    cafe = Cafe.objects.create(event=event)
    round_ = Round.objects.create(cafe=cafe, index=1, planned_minutes=20)
    for number, label in enumerate(labels, start=1):
        topic = Topic.objects.create(cafe=cafe, title=f"Thema {label}", position=number)
        table = Table.objects.create(cafe=cafe, topic=topic, number=number, capacity=8)
        texts = [row["text"] for row in rows if row["label"] == label][:PER_TOPIC]
        Idea.objects.bulk_create(Idea(table=table, round=round_, text=text) for text in texts)
    return cafe


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="weltcafe-harvest-bench-"))
    try:
        setup_django(folder)
        from weltcafe.cafe.models import HarvestRun, Theme
        from weltcafe.cafe.services import harvest

        cafe = build_cafe()
        ideas = sum(topic.tables.get().ideas.count() for topic in cafe.topics.all())
        cold = timed(lambda: harvest.run_harvest(cafe=cafe))  # the model loads and every idea is embedded here
        cold_misses = HarvestRun.objects.get(cafe=cafe).method["cache_misses"]
        harvest.cache_path(cafe).unlink()  # forget the vectors: the meeting again, this time embedded ahead
        Theme.objects.filter(topic__cafe=cafe).delete()
        ahead = timed(lambda: harvest.prepare_embeddings(cafe))
        whole = timed(lambda: harvest.run_harvest(cafe=cafe))
        warm_misses = HarvestRun.objects.get(cafe=cafe).method["cache_misses"]
        topic = cafe.topics.order_by("position").first()
        one = timed(lambda: harvest.run_topics_harvest(cafe=cafe, topic_ids=frozenset({topic.pk})))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines = [
        "# The harvest in the product (issue #15)", "",
        f"Reproduce: `.venv/bin/python bench/harvest_product.py` — {time.strftime('%Y-%m-%d')}, embedded default "
        f"(SQLite), {TOPICS} topics × {PER_TOPIC} ideas from the dev set ({ideas} ideas), e5.", "",
        "| what | seconds |", "|---|---:|",
        f"| whole café, cold (model load + embedding {cold_misses} ideas + clustering + storing) | {cold:.2f} |",
        f"| embedding ahead (`prepare_embeddings`, at a round's end, in a thread) | {ahead:.2f} |",
        f"| whole café afterwards (`run_harvest`, {warm_misses} ideas embedded) — what the facilitator waits for "
        f"| **{whole:.2f}** |",
        f"| one topic of {PER_TOPIC} ideas afterwards (`run_topics_harvest`, the host's button) | **{one:.2f}** |", "",
        "Targets: ≤ 1 s for a 60-idea topic, ≤ 3 s for a 300-idea café.", "",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "harvest_product.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
