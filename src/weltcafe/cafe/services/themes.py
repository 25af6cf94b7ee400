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
from weltcafe.cafe.services import harvest_events, summaries
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
    theme.save(update_fields=[*fields, "edited_by_person", "updated_at"])


def _changed(topic: Topic) -> None:
    """What every edit ends with: the stored summaries follow the edited themes, and screens are told."""
    summaries.refresh_summaries(cafe=topic.cafe)
    harvest_events.topic_changed(topic)


@transaction.atomic
def rename_theme(*, topic: Topic, theme_id: int, label: str) -> Theme:
    theme = _theme(topic, theme_id)
    _touch(theme, label=_label(label))
    _changed(topic)
    return theme


@transaction.atomic
def set_theme_hidden(*, topic: Topic, theme_id: int, hidden: bool) -> Theme:
    """Hidden themes stay on the harvest page but leave ballots, summaries, walls and the presentation."""
    theme = _theme(topic, theme_id)
    _touch(theme, hidden=hidden)
    _changed(topic)
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
        keywords = list(dict.fromkeys([*keep.keywords, *other.keywords]))[:8]
        duplicates = [*keep.duplicates, *other.duplicates]
        representatives = [*keep.representatives, *other.representatives][:3]
        keep.keywords, keep.duplicates, keep.representatives = keywords, duplicates, representatives
        other.delete()
    _touch(keep, keywords=keep.keywords, duplicates=keep.duplicates, representatives=keep.representatives)
    _changed(topic)
    return keep


# What a merge changes, so it can be taken back: the merged themes as they were, where their ideas and dots were.
UNDO_FIELDS = (
    "label", "machine_label", "origin", "edited_by_person", "hidden", "language", "position", "keywords",
    "representatives", "duplicates",
)


def _votes(theme: Theme) -> list[list[int]]:
    return sorted([vote.ballot_id, vote.participant_id, vote.dots] for vote in Vote.objects.filter(theme=theme))


def merge_record(*, topic: Topic, keep_id: int, merge_ids: Iterable[int]) -> dict:
    """Read before `merge_themes`: everything `undo_merge` needs (JSON, kept in the editor's session)."""
    keep = _theme(topic, keep_id)
    others = [_theme(topic, theme_id) for theme_id in sorted({int(i) for i in merge_ids} - {keep.pk})]
    return {
        "topic": topic.pk,
        "keep": keep.pk,
        "keep_fields": {name: getattr(keep, name) for name in ("keywords", "representatives", "duplicates")},
        "keep_ideas": sorted(keep.ideas.values_list("pk", flat=True)),
        "keep_votes": _votes(keep),
        "others": [
            {
                "fields": {name: getattr(other, name) for name in UNDO_FIELDS},
                "ideas": sorted([pk, pinned] for pk, pinned in other.ideas.values_list("pk", "theme_pinned")),
                "votes": _votes(other),
            }
            for other in others
        ],
    }


@transaction.atomic
def undo_merge(*, topic: Topic, record: dict) -> list[Theme]:
    """Take a merge back: the merged themes again, with their ideas and dots. Refused, changing nothing, once the
    merged theme has changed since (an idea moved, a dot given): then its ideas are split off by hand."""
    if record.get("topic") != topic.pk:
        raise ValidationError(_("Dieses Zusammenführen gehört zu einem anderen Thema."))
    keep = _theme(topic, record["keep"])
    others = record["others"]
    expected_ideas = set(record["keep_ideas"]) | {pk for other in others for pk, _pinned in other["ideas"]}
    merged_votes: dict[tuple[int, int], int] = {}
    for ballot, participant, dots in [*record["keep_votes"], *(v for other in others for v in other["votes"])]:
        merged_votes[ballot, participant] = merged_votes.get((ballot, participant), 0) + dots
    now_votes = {(ballot, participant): dots for ballot, participant, dots in _votes(keep)}
    if set(keep.ideas.values_list("pk", flat=True)) != expected_ideas or now_votes != merged_votes:
        raise ValidationError(
            _("Seit dem Zusammenführen hat sich das Cluster geändert – Rückgängig geht nicht mehr. "
              "Spalten Sie die Ideen stattdessen ab.")
        )
    restored = []
    for other in others:
        theme = Theme.objects.create(topic=topic, **other["fields"])
        for pk, pinned in other["ideas"]:
            Idea.objects.filter(pk=pk, theme=keep).update(theme=theme, theme_pinned=pinned)
        Vote.objects.bulk_create(
            Vote(ballot_id=ballot, participant_id=participant, theme=theme, dots=dots)
            for ballot, participant, dots in other["votes"]
        )
        restored.append(theme)
    before = {(ballot, participant): dots for ballot, participant, dots in record["keep_votes"]}
    for vote in Vote.objects.filter(theme=keep).select_for_update():
        if (vote.ballot_id, vote.participant_id) in before:
            vote.dots = before[vote.ballot_id, vote.participant_id]
            vote.save(update_fields=["dots", "updated_at"])
        else:
            vote.delete()
    _touch(keep, **record["keep_fields"])
    _changed(topic)
    return restored


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
    _changed(topic)
    return new


@transaction.atomic
def move_idea(*, topic: Topic, idea_id: int, theme_id: int | None) -> Idea:
    """Put one idea into another theme, or (theme None) into the rest group; a new run leaves it there."""
    (idea,) = _ideas(topic, [idea_id])
    target = _theme(topic, theme_id) if theme_id is not None else None
    idea.theme, idea.theme_pinned = target, True
    idea.save(update_fields=["theme", "theme_pinned", "updated_at"])
    _changed(topic)
    return idea
