"""The harvest in the product: runs folded into themes, people's edits kept across re-runs, summaries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from weltcafe.cafe.models import Cafe, HarvestRun, Idea, Theme
from weltcafe.cafe.queries import board
from weltcafe.cafe.services import harvest as runs
from weltcafe.cafe.services import themes as editing
from weltcafe.demo.loading import load_demo

pytestmark = pytest.mark.integration


@pytest.fixture
def lexical(settings):
    # The lexical backend needs no model: these tests are about folding, not about embedding quality.
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"


@pytest.fixture
def played_cafe(played_demo):
    return played_demo.cafe


def _topic(cafe, title="Fachkräfte"):
    return cafe.topics.get(title=title)


def test_run_puts_every_visible_idea_in_one_theme_or_the_rest(played_cafe):
    run = runs.run_harvest(cafe=played_cafe)

    assert run.method["embedding"] == "lexical"
    ideas = Idea.objects.filter(table__cafe=played_cafe)
    assert ideas.count() == 39
    for idea in ideas.select_related("theme", "table"):
        assert idea.theme is None or idea.theme.topic_id == idea.table.topic_id
    assert Theme.objects.filter(topic__cafe=played_cafe).count() >= 3
    cafe_board = board.cafe_board(played_cafe)
    assert sum(card.size for t in cafe_board.topics for card in t.themes) + sum(
        len(t.rest) for t in cafe_board.topics
    ) == 39
    assert all(t.summary is not None for t in cafe_board.topics)
    assert cafe_board.summary.sentences[0].text.startswith("Im Café kamen 39 Ideen")


def test_a_rerun_with_nothing_new_changes_nothing(played_cafe):
    runs.run_harvest(cafe=played_cafe)
    before = {(t.pk, t.label) for t in Theme.objects.all()}
    members = dict(Idea.objects.values_list("pk", "theme_id"))

    runs.run_harvest(cafe=played_cafe)

    assert {(t.pk, t.label) for t in Theme.objects.all()} == before
    assert dict(Idea.objects.values_list("pk", "theme_id")) == members


def test_human_edits_survive_a_rerun_after_more_ideas(played_cafe):
    runs.run_harvest(cafe=played_cafe)
    topic = _topic(played_cafe)
    themes = list(Theme.objects.filter(topic=topic).order_by("position"))
    renamed = editing.rename_theme(topic=topic, theme_id=themes[0].pk, label="Nachwuchs gewinnen")
    moved_idea = Idea.objects.filter(table__topic=topic).exclude(theme=themes[0]).first()
    editing.move_idea(topic=topic, idea_id=moved_idea.pk, theme_id=themes[0].pk)
    split_from = Theme.objects.filter(topic=topic).exclude(pk=renamed.pk).first()
    taken = list(split_from.ideas.values_list("pk", flat=True))[:1]
    split = editing.split_theme(topic=topic, theme_id=split_from.pk, idea_ids=taken, label="Von Hand")
    hidden = editing.set_theme_hidden(topic=topic, theme_id=split_from.pk, hidden=True)
    table = topic.tables.first()
    for text in ("Mehr Ausbildungsplätze in der Region", "Ausbildungsmessen gemeinsam organisieren"):
        Idea.objects.create(table=table, round=played_cafe.rounds.get(index=3), text=text)

    runs.run_harvest(cafe=played_cafe)

    renamed.refresh_from_db()
    assert renamed.label == "Nachwuchs gewinnen"
    assert renamed.edited_by_person
    assert Idea.objects.get(pk=moved_idea.pk).theme_id == renamed.pk
    assert set(Idea.objects.filter(theme=split).values_list("pk", flat=True)) == set(taken)
    assert Theme.objects.get(pk=split.pk).label == "Von Hand"
    assert Theme.objects.get(pk=hidden.pk).hidden
    assert Idea.objects.filter(table__topic=topic, theme__isnull=True, theme_pinned=False).count() <= 3


def test_merge_moves_ideas_and_keeps_the_label(played_cafe):
    runs.run_harvest(cafe=played_cafe)
    topic = _topic(played_cafe, "Ökologische Verantwortung")
    first, second = Theme.objects.filter(topic=topic).order_by("position")[:2]
    sizes = first.ideas.count() + second.ideas.count()

    kept = editing.merge_themes(topic=topic, keep_id=first.pk, merge_ids=[second.pk])

    assert kept.ideas.count() == sizes
    assert not Theme.objects.filter(pk=second.pk).exists()
    runs.run_harvest(cafe=played_cafe)
    assert Theme.objects.get(pk=kept.pk).label == first.label
    assert Theme.objects.get(pk=kept.pk).ideas.count() >= sizes


def test_edits_refuse_bad_input_and_change_nothing(played_cafe):
    runs.run_harvest(cafe=played_cafe)
    topic = _topic(played_cafe)
    other_topic = _topic(played_cafe, "Resiliente Industrie")
    theme = Theme.objects.filter(topic=topic).first()
    foreign = Theme.objects.filter(topic=other_topic).first()
    state = list(Theme.objects.values_list("pk", "label", "hidden")), list(Idea.objects.values_list("pk", "theme_id"))

    with pytest.raises(ValidationError, match="Bezeichnung"):
        editing.rename_theme(topic=topic, theme_id=theme.pk, label="   ")
    with pytest.raises(ValidationError, match="höchstens"):
        editing.rename_theme(topic=topic, theme_id=theme.pk, label="x" * 121)
    with pytest.raises(ValidationError):
        editing.rename_theme(topic=topic, theme_id=foreign.pk, label="Fremd")
    with pytest.raises(ValidationError):
        editing.merge_themes(topic=topic, keep_id=theme.pk, merge_ids=[foreign.pk])
    with pytest.raises(ValidationError):
        editing.merge_themes(topic=topic, keep_id=theme.pk, merge_ids=[])
    foreign_idea = Idea.objects.filter(table__topic=other_topic).first()
    with pytest.raises(ValidationError):
        editing.move_idea(topic=topic, idea_id=foreign_idea.pk, theme_id=theme.pk)
    with pytest.raises(ValidationError):
        editing.split_theme(topic=topic, theme_id=theme.pk, idea_ids=[foreign_idea.pk], label="X")

    assert (list(Theme.objects.values_list("pk", "label", "hidden")),
            list(Idea.objects.values_list("pk", "theme_id"))) == state


def test_no_ideas_no_run(db, tmp_path, settings, lexical):
    settings.DATA_DIR = tmp_path
    load_demo()
    with pytest.raises(ValidationError, match="Noch keine Ideen"):
        runs.run_harvest(cafe=Cafe.objects.get())
    assert not HarvestRun.objects.exists()


def test_hidden_and_merged_ideas_leave_their_themes(played_cafe):
    runs.run_harvest(cafe=played_cafe)
    idea = Idea.objects.filter(theme__isnull=False).first()
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.HIDDEN)

    runs.run_harvest(cafe=played_cafe)

    assert Idea.objects.get(pk=idea.pk).theme_id is None
    shown = [i.pk for t in board.cafe_board(played_cafe).topics for c in t.themes for i in c.ideas]
    assert idea.pk not in shown
