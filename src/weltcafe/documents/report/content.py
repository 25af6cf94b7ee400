"""What a report says, read from the event: one read model for the page, the PDF, Markdown and Word.

`report_content(report)` joins the organiser's texts with the event's data as it is now: the agenda (times in the
event's zone), the café topics with their themes as people edited them (`cafe_board`; hidden themes left out),
top ideas and vote results, and figures that are counts only. Build it inside `translation.override(language)`:
every label is translated on the way in, so the renderers only lay it out.

Privacy: an idea's author appears only when they chose `show_author`; participants are never listed, only
counted. Speakers in the agenda are public.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from weltcafe.cafe.models import Cafe, Idea, Vote
from weltcafe.cafe.queries.board import CafeBoard, TopicBoard, cafe_board
from weltcafe.cafe.services.summaries import shown_in
from weltcafe.documents.models import Report
from weltcafe.events.models import Event, Organisation, Participant
from weltcafe.events.vocabulary import OrganisationKind, Region

EXAMPLES_PER_THEME = 3
TOP_IDEAS = 5
VOTED_THEMES_IN_CHART = 12

# The SVG bar chart: label above its bar, value after it (user units; the SVG scales to the page width).
SVG_WIDTH = 640
SVG_ROW = 42
SVG_TOP = 8
SVG_BAR_SPACE = 560
SVG_LABEL_CHARS = 90


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str = ""  # e.g. the topic of a theme

    @property
    def full_label(self) -> str:
        return f"{self.label} ({self.note})" if self.note else self.label


@dataclass(frozen=True)
class SvgRow:
    bar: Bar
    label_y: int
    bar_y: int
    width: int
    value_x: int
    label: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    value_label: str
    bars: tuple[Bar, ...]

    @property
    def maximum(self) -> int:
        return max((bar.value for bar in self.bars), default=0) or 1

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def svg_height(self) -> int:
        return SVG_TOP + SVG_ROW * len(self.bars)

    @property
    def svg_width(self) -> int:
        return SVG_WIDTH

    @property
    def svg_rows(self) -> list[SvgRow]:
        rows = []
        for index, bar in enumerate(self.bars):
            top = SVG_TOP + index * SVG_ROW
            width = round(SVG_BAR_SPACE * bar.value / self.maximum) if bar.value else 0
            label = bar.full_label
            if len(label) > SVG_LABEL_CHARS:
                label = label[: SVG_LABEL_CHARS - 1].rstrip() + "…"
            rows.append(SvgRow(bar, top + 13, top + 18, max(width, 2), max(width, 2) + 6, label))
        return rows

    def as_data(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "description": self.description,
            "value_label": self.value_label,
            "max": self.maximum,
            "bars": [{"label": bar.full_label, "value": bar.value} for bar in self.bars],
        }


@dataclass(frozen=True)
class AgendaLine:
    start: str
    end: str
    start_iso: str
    kind: str
    kind_label: str
    title: str
    speakers: str


@dataclass(frozen=True)
class IdeaLine:
    text: str
    votes: int
    author: str  # empty unless the author chose to be named
    key_insight: bool


@dataclass(frozen=True)
class ThemeLine:
    label: str
    size: int
    votes: int
    examples: tuple[IdeaLine, ...]


@dataclass(frozen=True)
class TopicSection:
    topic_id: int
    title: str
    question: str
    text: str
    idea_count: int
    themes: tuple[ThemeLine, ...]
    top_ideas: tuple[IdeaLine, ...]
    voted: bool
    votes: int


@dataclass(frozen=True)
class Fact:
    label: str
    value: int


@dataclass(frozen=True)
class ReportContent:
    report: Report
    event: Event
    language: str
    title: str
    intro: str
    closing: str
    next_meeting: str
    next_meeting_on: str
    next_meeting_place: str
    next_meeting_url: str
    date_line: str
    venue: str
    cafe_title: str
    agenda: tuple[AgendaLine, ...]
    topics: tuple[TopicSection, ...]
    facts: tuple[Fact, ...]
    charts: tuple[Chart, ...]
    cross_topic: tuple[tuple[str, str], ...]  # (theme label, "topic A, topic B")

    @property
    def has_next_meeting(self) -> bool:
        return bool(self.next_meeting or self.next_meeting_on or self.next_meeting_place or self.next_meeting_url)


def _local(moment: datetime, event: Event) -> datetime:
    return timezone.localtime(moment, event.tzinfo)


def format_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def date_line(event: Event) -> str:
    start, end = _local(event.starts_at, event), _local(event.ends_at, event)
    if start.date() == end.date():
        return f"{format_date(start.date())}, {start:%H:%M}–{end:%H:%M}"
    return f"{format_date(start.date())}, {start:%H:%M} – {format_date(end.date())}, {end:%H:%M}"


def _idea(idea: Idea, votes: int) -> IdeaLine:
    author = idea.author.name if idea.show_author and idea.author is not None else ""
    return IdeaLine(text=idea.text, votes=votes, author=author, key_insight=idea.is_key_insight)


def _topic_section(report: Report | None, board: TopicBoard) -> TopicSection:
    themes = tuple(
        ThemeLine(
            label=card.theme.label,
            size=card.size,
            votes=card.votes,
            examples=tuple(
                _idea(idea, board.idea_votes.get(idea.pk, 0)) for idea in card.examples[:EXAMPLES_PER_THEME]
            ),
        )
        for card in board.ranked
    )
    return TopicSection(
        topic_id=board.topic.pk,
        title=board.topic.title,
        question=board.topic.guiding_question,
        text=report.topic_text(board.topic.pk) if report else "",
        idea_count=board.idea_count,
        themes=themes,
        top_ideas=tuple(_idea(idea, votes) for idea, votes in board.top_ideas[:TOP_IDEAS]),
        voted=bool(board.ballots),
        votes=sum(card.votes for card in board.themes),
    )


@dataclass(frozen=True)
class People:
    participants: int
    # Whether `participants` counts the people checked in at the door (True) or, with no check-in at all, the
    # registrations (False): a report must not say "58 came" when nobody was checked in.
    present: bool
    organisations: int
    region_count: int  # Bundesländer, without "abroad" and "unknown"
    regions: list[Bar]
    kinds: list[Bar]


def _people(event: Event) -> People:
    """Counts only: participants by the Bundesland of their organisation, organisations (present) by kind. With a
    check-in at the door, those checked in; without one, everyone registered."""
    participants = Participant.objects.filter(event=event)
    present = participants.filter(checked_in_at__isnull=False).exists()
    if present:
        participants = participants.filter(checked_in_at__isnull=False)
    by_region = {
        row["organisation__region"] or "": row["n"]
        for row in participants.values("organisation__region").annotate(n=Count("id"))
    }
    organisations = Organisation.objects.filter(event=event, participants__in=participants)
    by_kind: Counter[str] = Counter()
    # An anonymous pool counts as the organisations folded into it (events/organisation_pools.py).
    for _pk, kind, pooled in organisations.values_list("pk", "kind", "pooled_organisations").distinct():
        by_kind[kind] += 1 if pooled is None else pooled
    region_labels, kind_labels = dict(Region.choices), dict(OrganisationKind.choices)

    def bars(counts: dict[str, int], labels: dict) -> list[Bar]:
        found = [Bar(str(labels[code]) if code in labels else _("ohne Angabe"), n) for code, n in counts.items() if n]
        return sorted(found, key=lambda bar: (-bar.value, bar.label))

    return People(
        participants=sum(by_region.values()),
        present=present,
        organisations=sum(by_kind.values()),
        region_count=len([code for code in by_region if code and code != Region.ABROAD]),
        regions=bars(by_region, region_labels),
        kinds=bars(dict(by_kind), kind_labels),
    )


def _charts(board: CafeBoard | None, regions: list[Bar], kinds: list[Bar]) -> list[Chart]:
    charts = []
    if board and board.topics:
        charts.append(
            Chart(
                key="ideas-per-topic",
                title=_("Ideen je Thema"),
                description=_("Wie viele Ideen an den Tischen jedes Themas festgehalten wurden."),
                value_label=_("Ideen"),
                bars=tuple(Bar(topic.topic.title, topic.idea_count) for topic in board.topics),
            )
        )
        voted = sorted(
            (
                Bar(card.theme.label, card.votes, note=topic.topic.title)
                for topic in board.topics
                for card in topic.themes
                if card.votes
            ),
            key=lambda bar: (-bar.value, bar.label),
        )
        if voted:
            charts.append(
                Chart(
                    key="votes-per-theme",
                    title=_("Punkte je Themencluster"),
                    description=_(
                        "Die Themencluster mit den meisten Punkten der Punktabstimmung, in Klammern das Thema."
                    ),
                    value_label=_("Punkte"),
                    bars=tuple(voted[:VOTED_THEMES_IN_CHART]),
                )
            )
    if regions:
        charts.append(
            Chart(
                key="participants-by-region",
                title=_("Teilnehmende nach Bundesland"),
                description=_("Anzahl der Teilnehmenden nach dem Bundesland ihrer Organisation."),
                value_label=_("Teilnehmende"),
                bars=tuple(regions),
            )
        )
    if kinds:
        charts.append(
            Chart(
                key="organisations-by-kind",
                title=_("Organisationen nach Art"),
                description=_("Anzahl der vertretenen Organisationen nach ihrer Art."),
                value_label=_("Organisationen"),
                bars=tuple(kinds),
            )
        )
    return charts


def _agenda(event: Event) -> tuple[AgendaLine, ...]:
    lines = []
    for item in event.agenda_items.order_by("starts_at", "id"):
        start, end = _local(item.starts_at, event), _local(item.ends_at, event)
        lines.append(
            AgendaLine(
                start=f"{start:%H:%M}",
                end=f"{end:%H:%M}",
                start_iso=start.isoformat(),
                kind=item.kind,
                kind_label=str(item.get_kind_display()),
                title=item.title,
                speakers=item.speakers,
            )
        )
    return tuple(lines)


def board_of(event: Event) -> CafeBoard | None:
    cafe = Cafe.objects.filter(event=event).first()
    return cafe_board(cafe) if cafe else None


def report_content(report: Report) -> ReportContent:
    event = report.event
    board = board_of(event)
    people = _people(event)
    topics = tuple(_topic_section(report, topic) for topic in board.topics) if board else ()
    dots = voters = 0
    if board:
        votes = Vote.objects.filter(ballot__topic__cafe=board.cafe)
        dots = votes.aggregate(total=Sum("dots"))["total"] or 0
        voters = votes.values("participant").distinct().count()
    facts = [
        Fact(_("Anwesende") if people.present else _("Angemeldete"), people.participants),
        Fact(_("Organisationen"), people.organisations),
        Fact(_("Bundesländer"), people.region_count),
    ]
    if board:
        facts += [
            Fact(_("Themen im World Café"), len(board.topics)),
            Fact(_("Ideen"), board.idea_count),
            Fact(_("Themencluster"), sum(len(topic.themes) for topic in board.topics)),
        ]
        if voters:
            facts += [Fact(_("Abstimmende"), voters), Fact(_("vergebene Punkte"), dots)]
    cross: tuple[tuple[str, str], ...] = ()
    if board:
        cross = tuple((link["label"], ", ".join(link["topics"])) for link in board.cross_topic)
    return ReportContent(
        report=report,
        event=event,
        language=get_language() or "de",
        title=report.title,
        intro=report.intro,
        closing=report.closing,
        next_meeting=report.next_meeting,
        next_meeting_on=format_date(report.next_meeting_on) if report.next_meeting_on else "",
        next_meeting_place=report.next_meeting_place,
        next_meeting_url=report.next_meeting_url,
        date_line=date_line(event),
        venue=event.venue,
        cafe_title=board.cafe.title if board else "",
        agenda=_agenda(event),
        topics=topics,
        facts=tuple(facts),
        charts=tuple(_charts(board, people.regions, people.kinds)),
        cross_topic=cross,
    )


# ------------------------------------------------------------------------------------------ generated texts
def generated_texts(event: Event, *, language: str | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """The texts a fresh report starts with, in the active language: ({field: text}, {str(topic id): text}). A topic
    summary stored in another language (the harvest writes it in the ideas' language) is written anew in
    `language`; the ideas it quotes stay as people wrote them."""
    board = board_of(event)
    language = language or get_language() or "de"
    people = _people(event)
    start = _local(event.starts_at, event)
    counts = {
        "date": format_date(start.date()),
        "participants": people.participants,
        "organisations": people.organisations,
    }
    if people.present:
        facts = _(
            "Am %(date)s kamen %(participants)s Teilnehmende aus %(organisations)s Organisationen zusammen"
        ) % counts
    else:  # nobody was checked in: what is known is who registered
        facts = _(
            "Für den %(date)s hatten sich %(participants)s Teilnehmende aus %(organisations)s Organisationen angemeldet"
        ) % counts
    if event.venue:
        facts += " " + _("(%(venue)s)") % {"venue": event.venue}
    facts += "."
    paragraphs = [event.description.strip(), facts]
    if board and board.topics:
        paragraphs.append(
            ngettext(
                "Im %(cafe)s arbeiteten sie an %(topics)s Thema und hielten %(ideas)s Ideen fest.",
                "Im %(cafe)s arbeiteten sie an %(topics)s Themen und hielten %(ideas)s Ideen fest.",
                len(board.topics),
            )
            % {"cafe": board.cafe.title, "topics": len(board.topics), "ideas": board.idea_count}
        )
    texts = {
        "title": (_("Bericht: %(title)s") % {"title": event.title})[:200],
        "intro": "\n\n".join(paragraph for paragraph in paragraphs if paragraph),
        "closing": _(
            "Herzlichen Dank an alle, die mitgedacht und mitdiskutiert haben, an die Gastgebenden der Thementische "
            "und an alle Mitwirkenden im Programm."
        ),
        "next_meeting": "",
    }
    topics = {}
    if board:
        shown_in(board, language)  # the harvest stores summaries in the ideas' language
    for topic in board.topics if board else []:
        summary = topic.summary
        if summary and summary.sentences:
            topics[str(topic.topic.pk)] = summary.text
        else:
            topics[str(topic.topic.pk)] = topic.topic.guiding_question
    return texts, topics
