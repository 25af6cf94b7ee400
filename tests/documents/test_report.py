"""The event report: generated from the played demo café, edited, published, and read back from every export."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganiserFactory, UserFactory
from weltcafe.cafe.models import Cafe, Idea, Theme
from weltcafe.cafe.queries.board import cafe_board
from weltcafe.cafe.services import harvest, voting
from weltcafe.cafe.services import themes as editing
from weltcafe.demo.content import AGENDA
from weltcafe.demo.loading import add_demo_ideas, load_demo
from weltcafe.documents.models import Report
from weltcafe.documents.report import render, services
from weltcafe.events import services as event_services
from weltcafe.events.models import Event, Participant

pytestmark = pytest.mark.integration

ARTIFACTS = Path(__file__).resolve().parents[2] / ".test-artifacts" / "report"
EDITED_LABEL = "Ausbildungsoffensive der Region"
SCRIPT_LABEL = "<script>alert('x')</script> Energie sparen"


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def harvested(db, tmp_path, settings):
    """The demo café played through and harvested, with edited, hidden and voted themes and two named ideas."""
    settings.DATA_DIR = tmp_path
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    cache.clear()
    result = load_demo()
    cafe = Cafe.objects.get()
    add_demo_ideas(cafe)
    harvest.run_harvest(cafe=cafe)
    skills = cafe.topics.get(title="Fachkräfte")
    ecology = cafe.topics.get(title="Ökologische Verantwortung")
    resilience = cafe.topics.get(title="Resiliente Industrie")
    first, second, *_ = Theme.objects.filter(topic=skills, hidden=False).order_by("position", "id")
    editing.rename_theme(topic=skills, theme_id=first.pk, label=EDITED_LABEL)
    editing.rename_theme(topic=ecology, theme_id=Theme.objects.filter(topic=ecology).first().pk, label=SCRIPT_LABEL)
    hidden = Theme.objects.filter(topic=resilience).order_by("-position", "-id").first()
    editing.rename_theme(topic=resilience, theme_id=hidden.pk, label="Verborgenes Themencluster")
    editing.set_theme_hidden(topic=resilience, theme_id=hidden.pk, hidden=True)
    ballot = voting.open_ballot(topic=skills, dots_per_person=3)
    speakers = " ".join(speaker for *_, speaker in AGENDA)
    people = [person for person in Participant.objects.order_by("id") if person.name not in speakers]
    for person in people[:4]:
        voting.set_dots(cafe=cafe, participant=person, ballot_id=ballot.pk, option_id=first.pk, count=2)
    voting.set_dots(cafe=cafe, participant=people[4], ballot_id=ballot.pk, option_id=second.pk, count=1)
    # Two ideas of the edited theme get authors: one chose to be named, the other did not.
    board = next(board for board in cafe_board(cafe).topics if board.topic.pk == skills.pk)
    card = next(card for card in board.themes if card.theme.pk == first.pk)
    named = card.examples[0]
    anonymous = card.examples[1] if len(card.examples) > 1 else card.ideas[1]
    Idea.objects.filter(pk=named.pk).update(author=people[5], show_author=True)
    Idea.objects.filter(pk=anonymous.pk).update(author=people[6], show_author=False)
    return {
        "slug": result.event_slug,
        "username": result.username,
        "cafe": cafe,
        "event": cafe.event,
        "named": people[5].name,
        "anonymous": people[6].name,
        "anonymous_email": people[6].email,
        "hidden": "Verborgenes Themencluster",
        "first": first,
    }


@pytest.fixture
def report(harvested) -> Report:
    report, kept = services.generate_report(event=harvested["event"])
    assert kept == []
    return report


def _login(client, harvested):
    client.force_login(get_user_model().objects.get(username=harvested["username"]))
    return client


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), _words(" ".join(page.extract_text() for page in reader.pages))


def _docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, _words("\n".join(texts))


# ------------------------------------------------------------------------------------------ model and texts
def test_generate_report_fills_the_draft_from_the_event(harvested, report):
    event = harvested["event"]

    assert report.title == f"Bericht: {event.title}"
    assert event.description[:60] in report.intro
    assert "hatten sich 40 Teilnehmende" in report.intro  # nobody was checked in: registrations, not attendance
    assert set(report.topic_texts) == {str(pk) for pk in harvested["cafe"].topics.values_list("pk", flat=True)}
    assert all(entry["text"] and entry["text"] == entry["generated"] for entry in report.topic_texts.values())
    assert report.published_at is None
    assert not report.is_edited("intro")


def test_a_report_generated_in_english_is_written_in_english(client, harvested):
    event = harvested["event"]
    skills = harvested["cafe"].topics.get(title="Fachkräfte")

    answer = _login(client, harvested).post(
        reverse("orga:report_generate", kwargs={"slug": harvested["slug"]}), {"language": "en"}
    )
    report = Report.objects.get(event=event)
    markdown = render.export(report, "md", "en").decode()

    assert answer.status_code == 302
    assert report.language == "en"
    assert report.title == f"Report: {event.title}"
    assert "40 participants" in report.intro
    assert "grouped into" in report.topic_texts[str(skills.pk)]["text"]  # the harvest's German summary, rewritten
    assert "Teilnehmende" not in markdown.split("## ")[0]  # title and opening in English throughout
    regenerated, _kept = services.generate_report(event=event)  # regenerating keeps the report's language
    assert regenerated.language == "en"


def test_an_unknown_report_language_is_refused_and_changes_nothing(client, harvested, report):
    answer = _login(client, harvested).post(
        reverse("orga:report_generate", kwargs={"slug": harvested["slug"]}), {"language": "fr"}, follow=True
    )

    assert "Unbekannte Sprache" in answer.content.decode()
    assert Report.objects.get(pk=report.pk).language == "de"


def test_with_a_check_in_the_report_counts_who_came_not_who_registered(harvested):
    from django.utils import timezone

    from weltcafe.documents.report import content

    event = harvested["event"]
    came = list(event.participants.order_by("pk")[:23])
    event.participants.filter(pk__in=[person.pk for person in came]).update(checked_in_at=timezone.now())

    texts, _topics = content.generated_texts(event)
    people = content._people(event)

    assert "kamen 23 Teilnehmende" in texts["intro"]
    assert people.present
    assert people.participants == 23
    assert sum(bar.value for bar in people.regions) == 23
    assert people.organisations == len({person.organisation_id for person in came if person.organisation_id})


def test_regenerating_keeps_the_texts_the_organiser_edited(harvested, report):
    skills = harvested["cafe"].topics.get(title="Fachkräfte")
    other_topics = {str(pk) for pk in harvested["cafe"].topics.exclude(pk=skills.pk).values_list("pk", flat=True)}
    texts = services.ReportTexts(
        title=report.title,
        intro="Unsere eigene Einleitung.",
        closing=report.closing,
        next_meeting="",
        next_meeting_on=None,
        next_meeting_place="",
        next_meeting_url="",
        topics={skills.pk: "Unser eigener Text zu den Fachkräften."},
    )
    services.update_report(report=report, texts=texts)
    event_services.update_event(event=harvested["event"], title="Netzwerktreffen 2023")

    report, kept = services.generate_report(event=harvested["event"])

    assert sorted(kept) == ["intro", f"topic:{skills.pk}"]
    assert report.intro == "Unsere eigene Einleitung."
    assert report.topic_text(skills.pk) == "Unser eigener Text zu den Fachkräften."
    assert report.title == "Bericht: Netzwerktreffen 2023"  # untouched: follows the event
    assert report.generated["intro"] != report.intro
    assert all(not report.topic_is_edited(int(key)) for key in other_topics)


def test_unchanged_texts_sent_back_with_crlf_stay_generated(client, harvested, report):
    _login(client, harvested)
    data = {
        "title": report.title,
        "intro": report.intro.replace("\n", "\r\n"),
        "closing": report.closing,
        "next_meeting": "Im Frühjahr in Chemnitz.",
        "next_meeting_on": "2023-03-15",
        "next_meeting_place": "Chemnitz",
        "next_meeting_url": "https://example.org/naechstes-treffen",
        **{f"topic_{key}": entry["text"].replace("\n", "\r\n") for key, entry in report.topic_texts.items()},
    }

    response = client.post(reverse("orga:report", kwargs={"slug": harvested["slug"]}), data, follow=True)

    report.refresh_from_db()
    assert "Der Bericht wurde gespeichert." in response.content.decode()
    assert not report.is_edited("intro")
    assert report.is_edited("next_meeting")
    assert not any(report.topic_is_edited(int(key)) for key in report.topic_texts)
    assert str(report.next_meeting_on) == "2023-03-15"


def test_bad_form_input_shows_the_reason_and_changes_nothing(client, harvested, report):
    _login(client, harvested)
    before = Report.objects.values().get()

    response = client.post(
        reverse("orga:report", kwargs={"slug": harvested["slug"]}),
        {"title": "", "intro": "Neu", "next_meeting_url": "kein link", "next_meeting_on": "gestern"},
    )

    assert response.status_code == 200
    assert "Bitte korrigieren Sie die markierten Felder." in response.content.decode()
    assert Report.objects.values().get() == before


def test_reset_takes_the_generated_text_again(client, harvested, report):
    _login(client, harvested)
    report.intro = "Von Hand"
    report.save(update_fields=["intro"])

    client.post(reverse("orga:report_reset", kwargs={"slug": harvested["slug"]}), {"name": "intro"})

    report.refresh_from_db()
    assert report.intro == report.generated["intro"]


def test_model_members_for_feeds_and_exports(harvested, report):
    report.intro = "Ein langer Satz über das Treffen. " * 30
    report.save(update_fields=["intro"])

    teaser = report.summary_text()
    drafts = list(Report.objects.published())
    report = services.publish_report(report=report)
    published = list(Report.objects.published())
    event_services.update_event(event=harvested["event"], status=Event.Status.DRAFT)

    assert len(teaser) <= 300
    assert teaser.endswith("…")
    assert "\n" not in teaser
    assert drafts == []
    assert published == [report]
    assert list(Report.objects.published()) == []
    assert report.get_absolute_url() == f"/e/{harvested['slug']}/bericht/"
    assert report.event == harvested["event"]
    assert report.published_at is not None


# ---------------------------------------------------------------------------------------------------- pages
def test_public_page_is_404_until_published_then_shows_the_report(client, harvested):
    url = reverse("public:report", kwargs={"slug": harvested["slug"]})
    before_generating = client.get(url).status_code
    report, _ = services.generate_report(event=harvested["event"])
    draft = client.get(url).status_code
    draft_pdf = client.get(reverse("public:report_download", kwargs={"slug": harvested["slug"], "fmt": "pdf"}))
    event_page = reverse("public:event", kwargs={"slug": harvested["slug"]})
    event_page_before = client.get(event_page).content.decode()
    services.publish_report(report=report)
    published = client.get(url)
    event_page_after = client.get(event_page).content.decode()
    event_services.update_event(event=harvested["event"], status=Event.Status.DRAFT)
    event_draft = client.get(url).status_code

    assert (before_generating, draft, draft_pdf.status_code) == (404, 404, 404)
    assert 'data-state="report"' not in event_page_before  # a draft is not announced
    assert f'href="{url}"' in event_page_after  # the event's public page leads to its report
    assert published.status_code == 200
    assert event_draft == 404
    html = published.content.decode()
    assert report.title in html
    assert html.count('role="img"') >= 3


def test_public_page_shows_themes_as_edited_escapes_labels_and_leaves_hidden_themes_out(client, harvested, report):
    services.publish_report(report=report)

    html = client.get(reverse("public:report", kwargs={"slug": harvested["slug"]})).content.decode()

    assert EDITED_LABEL in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Energie sparen" in html
    assert "<script>alert" not in html
    assert harvested["hidden"] not in html
    for title in ("Resiliente Industrie", "Fachkräfte", "Ökologische Verantwortung"):
        assert title in html
    for chart in ("Ideen je Thema", "Punkte je Themencluster", "Teilnehmende nach Bundesland"):
        assert f">{chart}</title>" in html
    assert "10:15" in html
    assert "Prof. Dr. Jens Hartmann" in html
    assert "Sachsen" in html


def test_organiser_editor_preview_and_exports_need_the_organiser(client, harvested, report):
    slug = harvested["slug"]
    urls = [
        reverse("orga:report", kwargs={"slug": slug}),
        reverse("orga:report_preview", kwargs={"slug": slug}),
        reverse("orga:report_export", kwargs={"slug": slug, "fmt": "md"}),
    ]
    anonymous = [client.get(url) for url in urls]
    client.force_login(UserFactory(username="someone"))
    stranger = [client.get(url).status_code for url in urls]
    client.force_login(OrganiserFactory(username="elsewhere"))
    other = [client.get(url).status_code for url in urls]
    other_publish = client.post(reverse("orga:report_publish", kwargs={"slug": slug})).status_code
    _login(client, harvested)
    own = [client.get(url).status_code for url in urls]

    assert all(response.status_code == 302 and "/accounts/login/" in response.url for response in anonymous)
    assert stranger == [403, 403, 403]
    assert other == [404, 404, 404]
    assert other_publish == 404
    assert own == [200, 200, 200]
    assert Report.objects.get().published_at is None


def test_publish_and_unpublish_from_the_editor(client, harvested, report):
    _login(client, harvested)
    url = reverse("orga:report_publish", kwargs={"slug": harvested["slug"]})
    public = reverse("public:report", kwargs={"slug": harvested["slug"]})

    client.post(url, {"action": "publish"})
    client.logout()
    after_publish = client.get(public).status_code
    _login(client, harvested)
    client.post(url, {"action": "unpublish"})
    client.logout()
    after_unpublish = client.get(public).status_code

    assert (after_publish, after_unpublish) == (200, 404)


def test_editor_without_a_report_offers_to_generate_it(client, harvested):
    _login(client, harvested)
    editor = reverse("orga:report", kwargs={"slug": harvested["slug"]})

    empty = client.get(editor).content.decode()
    generated = client.post(reverse("orga:report_generate", kwargs={"slug": harvested["slug"]}), follow=True)

    assert "Bericht aus der Veranstaltung erzeugen" in empty
    assert generated.status_code == 200
    assert "Der Bericht wurde aus der Veranstaltung erzeugt." in generated.content.decode()
    assert Report.objects.filter(event=harvested["event"]).exists()


def test_unknown_formats_are_404(client, harvested, report):
    services.publish_report(report=report)
    _login(client, harvested)

    organiser = client.get(reverse("orga:report_export", kwargs={"slug": harvested["slug"], "fmt": "exe"}))
    public_docx = client.get(reverse("public:report_download", kwargs={"slug": harvested["slug"], "fmt": "docx"}))

    assert (organiser.status_code, public_docx.status_code) == (404, 404)


def test_english_page_and_exports_when_asked(client, harvested, report):
    services.publish_report(report=report)

    page = client.get(f"/en/e/{harvested['slug']}/bericht/")
    markdown = client.get(
        reverse("public:report_download", kwargs={"slug": harvested["slug"], "fmt": "md"}) + "?lang=en"
    )
    german = client.get(f"/e/{harvested['slug']}/bericht/bericht.md")

    assert page.status_code == 200
    assert '<html lang="en">' in page.content.decode()
    assert markdown["Content-Language"] == "en"
    assert german["Content-Language"] == "de"
    assert 'filename="bericht-' in markdown["Content-Disposition"]


# -------------------------------------------------------------------------------------------------- exports
def test_pdf_has_topics_edited_labels_and_charts(harvested, report):
    report.intro = 'Typst-Zeichen bleiben Text: #set page(width: 2cm) *nicht fett* $x$ #"\\"'
    report.save(update_fields=["intro"])

    pdf = render.export(report, "pdf", "de")

    pages, text = _pdf_text(pdf)
    assert pdf.startswith(b"%PDF")
    assert pages >= 2
    for title in ("Resiliente Industrie", "Fachkräfte", "Ökologische Verantwortung", "Programm"):
        assert title in text
    assert EDITED_LABEL in text
    assert "<script>alert('x')</script> Energie sparen" in text  # shown as text, not run
    assert harvested["hidden"] not in text
    assert 'Typst-Zeichen bleiben Text: #set page(width: 2cm) *nicht fett* $x$ #"\\"' in text
    for chart in ("Ideen je Thema", "Punkte je Themencluster", "Teilnehmende nach Bundesland"):
        assert chart in text
    _save_pages(pdf, "report-de")


def test_docx_has_topics_edited_labels_and_chart_images(harvested, report):
    data = render.export(report, "docx", "de")

    document, text = _docx_text(data)
    images = document.inline_shapes
    assert document.core_properties.title == report.title
    assert "Fachkräfte" in text
    assert EDITED_LABEL in text
    assert "<script>alert('x')</script> Energie sparen" in text
    assert harvested["hidden"] not in text
    assert len(images) >= 3
    descriptions = [shape._inline.docPr.get("descr") for shape in images]
    assert any("Fachkräfte" in description for description in descriptions)
    assert all(part.content_type == "image/png" for part in document.part.package.parts if "media" in part.partname)
    (ARTIFACTS).mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report-de.docx").write_bytes(data)


def test_markdown_has_the_headings_and_escapes_markup(harvested, report):
    text = render.export(report, "md", "de").decode()

    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == f"# {render.md(report.title)}"
    for heading in ("## Programm", "## Themen und Ergebnisse", "### Fachkräfte", "## Zahlen",
                    "### Ideen je Thema", "### Punkte je Themencluster", "### Teilnehmende nach Bundesland"):
        assert heading in headings
    assert "<script>" not in text
    assert r"\<script\>alert('x')\</script\> Energie sparen" in text
    assert harvested["hidden"] not in text
    assert r"\." not in text.replace("1\\. ", "")  # "18. März" stays readable: a full stop is no markup


@pytest.mark.parametrize(
    "typed",
    [
        "18. März 2026 in Leipzig (Messe).",
        "1. Ausbildung stärken\n2) Wohnraum",
        "- kein Aufzählungspunkt\n+ auch keiner\n# keine Überschrift\n> kein Zitat\n===",
        "*nicht fett* _nicht kursiv_ `kein Code` ~~nicht durch~~ [kein](Link) <b>kein HTML</b> &amp; | Tabelle \\",
        "Preis: 5 € – 10 % (brutto) {Klammern} ! Ausrufe # Raute mitten drin",
    ],
)
def test_markdown_shows_exactly_what_was_typed(typed):
    # Read back by a CommonMark parser (markdown-it-py, the reference implementation's port): the visible text is
    # the typed text, whatever it contains.
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(render.md_block(typed))
    paragraphs = re.findall(r"<p>(.*?)</p>", rendered, flags=re.DOTALL)
    shown = html.unescape(re.sub(r"<br />\n?", "\n", "".join(paragraphs)))

    assert rendered.count("<p>") == 1  # one paragraph: no list, heading, quote or rule came out of it
    assert "<" not in re.sub(r"</?p>|<br />", "", rendered.replace("&lt;", "").replace("&gt;", ""))
    assert shown == typed


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_author_who_did_not_choose_to_be_named_appears_nowhere(client, harvested, report, language):
    services.publish_report(report=report)
    slug = harvested["slug"]
    prefix = "" if language == "de" else "/en"
    html = client.get(f"{prefix}/e/{slug}/bericht/").content.decode()
    _login(client, harvested)
    preview = client.get(f"{prefix}/orga/events/{slug}/report/preview/").content.decode()
    editor = client.get(f"{prefix}/orga/events/{slug}/report/").content.decode()
    _pages, pdf = _pdf_text(render.export(report, "pdf", language))
    _document, word = _docx_text(render.export(report, "docx", language))
    markdown = render.export(report, "md", language).decode()

    for output in (html, preview, editor, pdf, word, markdown):
        assert harvested["anonymous"] not in output
        assert harvested["anonymous_email"] not in output
        assert not re.search(r"[\w.]+@[\w-]+\.example", output)
    for output in (html, pdf, word, markdown):
        assert harvested["named"] in output


def test_the_draft_pdf_renders_as_an_image(harvested, report):
    """Render the first pages as PNG for a person to look at (.test-artifacts/report/)."""
    import pypdfium2 as pdfium

    pdf = render.export(report, "pdf", "en")
    paths = _save_pages(pdf, "report-en")

    assert len(pdfium.PdfDocument(pdf)) >= 2
    assert all(path.stat().st_size > 10_000 for path in paths)


def _save_pages(pdf: bytes, name: str) -> list[Path]:
    import pypdfium2 as pdfium

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    paths = []
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        path = ARTIFACTS / f"{name}-page{index + 1}.png"
        document[index].render(scale=2).to_pil().save(path)
        paths.append(path)
    return paths


def test_public_page_queries_do_not_grow_with_agenda_and_themes(
    client, harvested, report, django_assert_max_num_queries
):
    services.publish_report(report=report)
    url = f"/e/{harvested['slug']}/bericht/"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    event, first = harvested["event"], harvested["first"]
    for minutes in (10, 20):
        event_services.add_agenda_item(
            event=event, starts_at=event.ends_at, duration_minutes=minutes, kind="other", title=f"Zusatz {minutes}"
        )
    idea = Idea.objects.filter(theme=first).order_by("-id").first()
    editing.split_theme(topic=first.topic, theme_id=first.pk, idea_ids=[idea.pk], label="Abgespaltenes Cluster")

    with django_assert_max_num_queries(len(before)):
        response = client.get(url)

    assert "Abgespaltenes Cluster" in response.content.decode()
    assert "Zusatz 20" in response.content.decode()
