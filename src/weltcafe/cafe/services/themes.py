"""People's edits of the harvest: rename, merge, split, move an idea, hide a theme. People have the last word.

Each edit marks what it touched so that a later harvest run keeps it (see runs.py): a renamed, merged, split or
hidden theme keeps its label; an idea a person moved stays where they put it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from weltcafe.cafe.models import Idea, Theme, Topic, Vote
from weltcafe.cafe.services import harvest_events
from weltcafe.common.text_input import clean_typed_text

MAX_LABEL_LENGTH = 120


def _label(text: str) -> str:
    label = " ".join(clean_typed_text(text).split())
    if not label:
        raise ValidationError(_("Bitte geben Sie eine Bezeichnung ein."))
    if len(label) > MAX_LABEL_LENGTH:
        raise ValidationError(_("Eine Bezeichnung hat höchstens %(max)s Zeichen.") % {"max": MAX_LABEL_LENGTH})
    return label


def _theme(topic: Topic, theme_id: int) -> Theme:
    try:
        return Theme.objects.select_for_update().get(pk=theme_id, topic=topic)
    except (Theme.DoesNotExist, ValueError, TypeError) as error:
        raise ValidationError(_("Dieses Themencluster gibt es zu diesem Thema nicht.")) from error


def _ideas(topic: Topic, idea_ids: Iterable[int]) -> list[Idea]:
    ids = {int(idea_id) for idea_id in idea_ids}
    ideas = list(Idea.objects.select_for_update().filter(pk__in=ids, table__topic=topic))
    if not ids or len(ideas) != len(ids):
        raise ValidationError(_("Bitte wählen Sie Ideen dieses Themas."))
    return ideas


def _touch(theme: Theme, **fields: object) -> None:
    for name, value in fields.items():
        setattr(theme, name, value)
    theme.edited_by_person = True
    theme.save()


@transaction.atomic
def rename_theme(*, topic: Topic, theme_id: int, label: str) -> Theme:
    theme = _theme(topic, theme_id)
    _touch(theme, label=_label(label))
    harvest_events.topic_changed(topic)
    return theme


@transaction.atomic
def set_theme_hidden(*, topic: Topic, theme_id: int, hidden: bool) -> Theme:
    """Hidden themes stay on the harvest page but leave ballots, summaries, walls and the presentation."""
    theme = _theme(topic, theme_id)
    _touch(theme, hidden=hidden)
    harvest_events.topic_changed(topic)
    return theme


@transaction.atomic
def merge_themes(*, topic: Topic, keep_id: int, merge_ids: Iterable[int]) -> Theme:
    """Fold themes into `keep`: their ideas (placed there for good) and their dots move over."""
    keep = _theme(topic, keep_id)
    others = [_theme(topic, theme_id) for theme_id in {int(i) for i in merge_ids} - {keep.pk}]
    if not others:
        raise ValidationError(_("Bitte wählen Sie mindestens ein weiteres Themencluster zum Zusammenführen."))
    for other in others:
        Idea.objects.filter(theme=other).update(theme=keep, theme_pinned=True)
        for vote in Vote.objects.filter(theme=other).select_for_update():
            kept, created = Vote.objects.get_or_create(
                ballot_id=vote.ballot_id, participant_id=vote.participant_id, theme=keep, defaults={"dots": vote.dots}
            )
            if not created:
                kept.dots += vote.dots
                kept.save(update_fields=["dots", "updated_at"])
        keep.keywords = list(dict.fromkeys([*keep.keywords, *other.keywords]))[:8]
        keep.duplicates = [*keep.duplicates, *other.duplicates]
        keep.representatives = [*keep.representatives, *other.representatives][:3]
        other.delete()
    _touch(keep)
    harvest_events.topic_changed(topic)
    return keep


@transaction.atomic
def split_theme(*, topic: Topic, theme_id: int, idea_ids: Iterable[int], label: str) -> Theme:
    """Take the chosen ideas out of a theme into a new one that people named."""
    source = _theme(topic, theme_id)
    ideas = _ideas(topic, idea_ids)
    if any(idea.theme_id != source.pk for idea in ideas):
        raise ValidationError(_("Bitte wählen Sie Ideen aus diesem Themencluster."))
    position = (Theme.objects.filter(topic=topic).aggregate(top=Max("position"))["top"] or 0) + 1
    new = Theme.objects.create(
        topic=topic, label=_label(label), origin=Theme.Origin.PERSON, edited_by_person=True, position=position,
        language=source.language,
    )
    Idea.objects.filter(pk__in=[idea.pk for idea in ideas]).update(theme=new, theme_pinned=True)
    _touch(source)
    harvest_events.topic_changed(topic)
    return new


@transaction.atomic
def move_idea(*, topic: Topic, idea_id: int, theme_id: int | None) -> Idea:
    """Put one idea into another theme, or (theme None) into the rest group; a new run leaves it there."""
    (idea,) = _ideas(topic, [idea_id])
    target = _theme(topic, theme_id) if theme_id is not None else None
    idea.theme, idea.theme_pinned = target, True
    idea.save(update_fields=["theme", "theme_pinned", "updated_at"])
    harvest_events.topic_changed(topic)
    return idea
