"""The harvest as people see it: per topic its themes (with ideas, votes, examples), the rest, and summaries.

One read model serves the harvest page, the presentation and the host briefing, built in a fixed number of
queries per café. The summaries are read back as `cafe.services.summaries` stored them after the last change of
the themes *as edited* (labels, members, votes), so the plenary text says what the people decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum

from weltcafe.cafe.models import Ballot, Cafe, HarvestRun, Idea, Table, Theme, Topic, Vote
from weltcafe.synthesis import Sentence, Summary


@dataclass
class ThemeCard:
    theme: Theme
    ideas: list[Idea]
    votes: int
    examples: list[Idea]           # most central first, one per near-duplicate group
    duplicate_counts: dict[int, int]  # idea id → how often it was said (groups of ≥ 2)

    @property
    def size(self) -> int:
        return len(self.ideas)


@dataclass
class TopicBoard:
    topic: Topic
    themes: list[ThemeCard]        # shown themes, by position
    hidden: list[ThemeCard]
    rest: list[Idea]               # the machine found no theme, or a person took them out
    new: list[Idea]                # arrived after the last run, not grouped yet
    ballots: list[Ballot]
    summary: Summary | None = None
    idea_votes: dict[int, int] = field(default_factory=dict)
    url: str = ""  # where the viewer opens this topic (an organiser's page or a host's), set by the view
    hosts: list[str] = field(default_factory=list)  # the names of its tables' hosts, in table order

    @property
    def idea_count(self) -> int:
        return sum(card.size for card in self.themes + self.hidden) + len(self.rest) + len(self.new)

    @property
    def all_ideas(self) -> list[Idea]:
        return [idea for card in self.themes + self.hidden for idea in card.ideas] + self.rest + self.new

    @property
    def ranked(self) -> list[ThemeCard]:
        """By votes (what the room chose), then size, then label."""
        return sorted(self.themes, key=lambda card: (-card.votes, -card.size, card.theme.label))

    @property
    def open_ballot(self) -> Ballot | None:
        return next((ballot for ballot in self.ballots if ballot.status == Ballot.Status.OPEN), None)

    @property
    def top_ideas(self) -> list[tuple[Idea, int]]:
        voted = sorted(
            ((idea, self.idea_votes.get(idea.pk, 0)) for card in self.themes for idea in card.ideas),
            key=lambda pair: (-pair[1], -pair[0].is_key_insight, pair[0].pk),
        )
        return [pair for pair in voted if pair[1] or pair[0].is_key_insight][:5]


@dataclass
class CafeBoard:
    cafe: Cafe
    topics: list[TopicBoard]
    run: HarvestRun | None
    summary: Summary | None
    cross_topic: list[dict]        # {"label", "topics": [titles]}

    @property
    def idea_count(self) -> int:
        return sum(board.idea_count for board in self.topics)


def _card(theme: Theme, members: list[Idea], votes: int) -> ThemeCard:
    member_ids = {idea.pk for idea in members}
    order = {idea_id: rank for rank, idea_id in enumerate(theme.representatives)}
    ideas = sorted(members, key=lambda idea: (order.get(idea.pk, len(order)), idea.pk))
    groups = [[i for i in group if i in member_ids] for group in theme.duplicates]
    counts = {group[0]: len(group) for group in groups if len(group) >= 2}
    in_groups = {i for group in groups if len(group) >= 2 for i in group[1:]}
    examples = [idea for idea in ideas if idea.pk not in in_groups][:3]
    return ThemeCard(theme=theme, ideas=ideas, votes=votes, examples=examples, duplicate_counts=counts)


def stored_summary(data: dict) -> Summary | None:
    """A summary as `cafe.services.summaries` stored it, back as the library's dataclass."""
    if not data:
        return None
    sentences = tuple(
        Sentence(text=sentence["text"], idea_ids=tuple(sentence["idea_ids"])) for sentence in data["sentences"]
    )
    return Summary(topic=data.get("topic"), language=data["language"], sentences=sentences)


def cafe_board(cafe: Cafe, *, topic_ids: set[int] | None = None) -> CafeBoard:
    topics = list(cafe.topics.order_by("position", "id"))
    # The café's summary speaks of every topic: only a board of all of them carries it (a host sees their own).
    whole_cafe = topic_ids is None or {topic.pk for topic in topics} <= set(topic_ids)
    if topic_ids is not None:
        topics = [topic for topic in topics if topic.pk in topic_ids]
    run = HarvestRun.objects.filter(cafe=cafe).first()
    ideas = list(
        Idea.objects.filter(table__topic__in=topics, status=Idea.Status.VISIBLE)
        .select_related("table", "round", "author")
        .order_by("id")
    )
    themes = list(Theme.objects.filter(topic__in=topics).order_by("position", "id"))
    theme_votes = {
        row["theme_id"]: row["total"]
        for row in Vote.objects.filter(theme__in=themes).values("theme_id").annotate(total=Sum("dots"))
    }
    idea_votes = {
        row["idea_id"]: row["total"]
        for row in Vote.objects.filter(idea__table__topic__in=topics).values("idea_id").annotate(total=Sum("dots"))
    }
    ballots = list(Ballot.objects.filter(topic__in=topics).order_by("-created_at", "-id"))
    members: dict[int, list[Idea]] = {theme.pk: [] for theme in themes}
    loose: dict[int, list[Idea]] = {}
    for idea in ideas:
        if idea.theme_id in members:
            members[idea.theme_id].append(idea)
        else:
            loose.setdefault(idea.table.topic_id, []).append(idea)
    hosts: dict[int, list[str]] = {}
    hosted = Table.objects.filter(topic__in=topics, host__isnull=False).order_by("number")
    for topic_id, name in hosted.values_list("topic_id", "host__name"):
        hosts.setdefault(topic_id, []).append(name)
    boards = []
    for topic in topics:
        cards = [
            _card(theme, members[theme.pk], theme_votes.get(theme.pk, 0))
            for theme in themes
            if theme.topic_id == topic.pk
        ]
        unplaced = loose.get(topic.pk, [])
        new = [idea for idea in unplaced if run and idea.created_at > run.ran_at and not idea.theme_pinned]
        board = TopicBoard(
            topic=topic,
            themes=[card for card in cards if not card.theme.hidden and card.ideas],
            hidden=[card for card in cards if card.theme.hidden or not card.ideas],
            rest=[idea for idea in unplaced if idea not in new],
            new=new if run else [],
            ballots=[ballot for ballot in ballots if ballot.topic_id == topic.pk],
            idea_votes=idea_votes,
            hosts=hosts.get(topic.pk, []),
        )
        if not run:
            board.rest, board.new = [], unplaced
        board.summary = stored_summary(topic.summary)
        boards.append(board)
    shown = {card.theme.pk: board.topic.title for board in boards for card in board.themes}
    cross = []
    for link in (run.cross_topic if run else []):
        titles = list(dict.fromkeys(shown[theme_id] for theme_id in link["themes"] if theme_id in shown))
        if len(titles) >= 2:
            cross.append({"label": link["label"], "topics": titles})
    summary = stored_summary(cafe.summary) if whole_cafe else None
    return CafeBoard(cafe=cafe, topics=boards, run=run, summary=summary, cross_topic=cross)
