"""The print kit rendered for real (Typst) and read back: pypdf for pages and text, pdfium for glyph positions and
images, zxing-cpp for the QR codes. The demo meeting (40 people, 6 tables, 3 rounds) plus one extreme person."""

from __future__ import annotations

import io
import math
import re
import zipfile

import pypdfium2 as pdfium
import pytest
import typst
import zxingcpp
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from weltcafe.cafe.live import links
from weltcafe.cafe.models import Cafe, Seat, Topic
from weltcafe.cafe.services import seating
from weltcafe.documents.print_kit.data import KitOptions, build_kit_data
from weltcafe.documents.print_kit.render import TEMPLATES, render_kit, render_kit_zip
from weltcafe.events import services as event_services
from weltcafe.events.models import Participant

pytestmark = pytest.mark.integration

BASE = "https://cafe.example.org"
EXTREME_NAME = "Prof. Dr.-Ing. habil. Maximiliane Sophie Freifrau von und zu Hohenzollern-Sigmaringen"
EXTREME_ORGANISATION = "Fraunhofer-Institut für Werkzeugmaschinen und Umformtechnik IWU, Außenstelle Zittau"
EXTREME_JOB_TITLE = "Geschäftsführende Gesellschafterin und Leiterin der Stabsstelle Fachkräftesicherung"
# One word too long for any line at the smallest font size: only the scale-down fallback can fit it.
UNBREAKABLE_NAME = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzbeauftragte Müller"
LONG_TOPIC = (
    "Resiliente Industrie: Lieferketten, Standorte, Energieversorgung und Cybersicherheit in kleinen und mittleren "
    "Unternehmen der Region"
)
LONG_QUESTION = (
    "Was macht unsere Lieferketten und Standorte krisenfest, welche Rolle spielen Kammern, Verbände, Hochschulen und "
    "Verwaltung dabei, und was können wir als Netzwerk in den nächsten zwölf Monaten ganz konkret gemeinsam tun?"
)
MM = 72 / 25.4  # PDF points per millimetre
ETIQUETTE = (
    "Fokus auf das Wesentliche",
    "Eigene Sichtweise einbringen",
    "Zuhören, um zu verstehen",
    "Ideen verknüpfen",
    "Gemeinsam auf Muster achten",
    "Zeichnen und Kritzeln erwünscht",
)


@pytest.fixture
def extreme_cafe(demo_cafe):
    """The demo, with the longest names on one seated participant (who asked for no photos) and on a speaker."""
    person = Participant.objects.filter(event=demo_cafe.event, role="participant").order_by("id").first()
    event_services.update_participant(
        participant=person,
        data=event_services.ParticipantData(
            name=EXTREME_NAME,
            email=person.email,
            organisation=EXTREME_ORGANISATION,
            region="SN",
            role="participant",
            job_title=EXTREME_JOB_TITLE,
        ),
    )
    Participant.objects.filter(pk=person.pk).update(no_photos=True)
    speaker = Participant.objects.filter(event=demo_cafe.event, role="speaker").order_by("id").first()
    event_services.update_participant(
        participant=speaker,
        data=event_services.ParticipantData(
            name=UNBREAKABLE_NAME, email=speaker.email, organisation=EXTREME_ORGANISATION * 2, role="speaker"
        ),
    )
    return demo_cafe


def _render(cafe: Cafe, *documents: str, **options: str) -> bytes:
    return render_kit(event=cafe.event, cafe=cafe, base_url=BASE, options=KitOptions(documents=documents, **options))


def _texts(pdf: bytes) -> list[str]:
    return [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    """Whitespace as single spaces, and a line broken after a hyphen joined again."""
    return re.sub(r"\s+", " ", text).replace("- ", "-").strip()


def _codes(pdf: bytes, page_numbers=None) -> dict[int, list[tuple[str, float, float]]]:
    """Page index → the QR codes on it: decoded text and the centre as fractions of the page (0,0 = top left)."""
    document = pdfium.PdfDocument(pdf)
    found = {}
    for index in page_numbers if page_numbers is not None else range(len(document)):
        image = document[index].render(scale=3).to_pil()
        found[index] = [
            (
                code.text,
                (code.position.top_left.x + code.position.bottom_right.x) / 2 / image.width,
                (code.position.top_left.y + code.position.bottom_right.y) / 2 / image.height,
            )
            for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        ]
    document.close()
    return found


def _glyphs(pdf: bytes, index: int) -> tuple[tuple[float, float], list[tuple]]:
    """Page size and every visible glyph: its characters, its box (left, bottom, right, top) in points, and its
    first and last position in the page's text."""
    document = pdfium.PdfDocument(pdf)
    page = document[index]
    text = page.get_textpage()
    glyphs = []
    for position in range(text.count_chars()):
        char, box = text.get_text_range(position, 1), text.get_charbox(position)
        if glyphs and tuple(glyphs[-1][1:5]) == tuple(box):  # a ligature ("ff"): one glyph for two characters
            glyphs[-1] = (glyphs[-1][0] + char, *box, (glyphs[-1][5][0], position))
        elif char.strip():
            glyphs.append((char, *box, (position, position)))
    size = page.get_size()
    document.close()
    return size, glyphs


def _layout_faults(
    pdf: bytes, index: int, cells: list[tuple[float, float, float, float]], inset: float, margin_note=None
) -> list[str]:
    """Characters outside their cell (less `inset` on every side) or on top of another character. `margin_note`
    tells glyphs that belong in the margin on purpose (the fold hint of a table sign)."""
    _size, glyphs = _glyphs(pdf, index)
    if margin_note is not None:
        glyphs = [glyph for glyph in glyphs if not margin_note(glyph)]
    faults = []
    for char, left, bottom, right, top, _position in glyphs:
        x, y = (left + right) / 2, (bottom + top) / 2
        cell = next((c for c in cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]), None)
        if cell is None or not (
            left >= cell[0] + inset
            and right <= cell[2] - inset
            and bottom >= cell[1] + inset
            and top <= cell[3] - inset
        ):
            faults.append(f"page {index + 1}: {char!r} at {left:.0f},{bottom:.0f} outside its badge")
    # Neighbours in the text may touch or overlap (kerning: "Ay", "ft"); any other two glyphs must not.
    shrink = 0.3
    boxes = sorted(
        (left + shrink, bottom + shrink, right - shrink, top - shrink, char, position)
        for char, left, bottom, right, top, position in glyphs
    )
    for i, (left, bottom, right, top, char, position) in enumerate(boxes):
        for other_left, other_bottom, other_right, other_top, other, other_position in boxes[i + 1 :]:
            if other_left >= right:
                break
            neighbours = other_position[0] - position[1] <= 1 and position[0] - other_position[1] <= 1
            if not neighbours and other_bottom < top and bottom < other_top and other_right > left:
                faults.append(f"page {index + 1}: {char!r} overlaps {other!r} at {left:.0f},{bottom:.0f}")
    return faults


def _expected_badge_urls(cafe: Cafe) -> list[str]:
    return [BASE + links.badge_path(person) for person in cafe.event.participants.order_by("sort_name", "id")]


# --- badges ---------------------------------------------------------------------------------------------------


def test_badges_a6_one_page_each_with_name_route_and_badge_qr(extreme_cafe):
    people = list(extreme_cafe.event.participants.order_by("sort_name", "id").select_related("organisation"))

    pdf = _render(extreme_cafe, "badges", badge_layout="a6")

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(people) == 40
    width, height = (float(value) / MM for value in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (105, 148)
    texts = _texts(pdf)
    for text, person in zip(texts, people, strict=True):
        assert _flat(person.name) in text
        assert _flat(person.organisation.name) in text
        assert _flat(person.job_title) in text
        assert ("Bitte keine Fotos" in text) == person.no_photos
    seats = Seat.objects.filter(round__cafe=extreme_cafe).select_related("table__topic", "round")
    for seat in seats:
        page = texts[people.index(seat.participant)]
        assert f"Runde {seat.round.index} " in page
        assert f"Tisch {seat.table.number} {_flat(seat.table.topic.title)}" in page
    codes = _codes(pdf)
    assert [[text for text, _x, _y in codes[index]] for index in range(len(people))] == [
        [url] for url in _expected_badge_urls(extreme_cafe)
    ]


def test_badges_longest_names_stay_inside_their_badge(extreme_cafe):
    people = list(extreme_cafe.event.participants.order_by("sort_name", "id"))
    longest = sorted(range(len(people)), key=lambda index: -len(people[index].name))[:4]
    longest += sorted(range(len(people)), key=lambda index: -len(people[index].organisation.name))[:4]
    pdf = _render(extreme_cafe, "badges", badge_layout="a6")
    width, height = 105 * MM, 148 * MM

    faults = [
        fault for index in sorted(set(longest)) for fault in _layout_faults(pdf, index, [(0, 0, width, height)], 6 * MM)
    ]

    assert {people[index].name for index in longest} >= {EXTREME_NAME, UNBREAKABLE_NAME}
    assert faults == []


def test_badges_a4_four_per_sheet_each_inside_its_quarter(extreme_cafe):
    people = list(extreme_cafe.event.participants.order_by("sort_name", "id"))

    pdf = _render(extreme_cafe, "badges", badge_layout="a4")

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == math.ceil(len(people) / 4) == 10
    width, height = (float(value) for value in reader.pages[0].mediabox.upper_right)
    assert (round(width / MM), round(height / MM)) == (210, 297)
    half_w, half_h = width / 2, height / 2
    # PDF coordinates start at the bottom left: the first badge is the top-left quarter.
    quarters = [
        (0, half_h, half_w, height),
        (half_w, half_h, width, height),
        (0, 0, half_w, half_h),
        (half_w, 0, width, half_h),
    ]
    faults = [fault for index in range(len(reader.pages)) for fault in _layout_faults(pdf, index, quarters, 6 * MM)]
    assert faults == []
    texts = _texts(pdf)
    extreme_page = next(index for index, person in enumerate(people) if person.name == EXTREME_NAME) // 4
    assert EXTREME_NAME in texts[extreme_page]
    assert EXTREME_ORGANISATION in texts[extreme_page]
    # each QR code sits in the quarter of its badge, in reading order
    expected = _expected_badge_urls(extreme_cafe)
    for index, found in _codes(pdf).items():
        by_quarter = sorted(found, key=lambda code: (code[2] > 0.5, code[1] > 0.5))
        assert [text for text, _x, _y in by_quarter] == expected[index * 4 : index * 4 + 4]


def test_layout_check_reports_text_that_leaves_its_box():
    # The check above must be able to fail: a word wider than an A6 page, set without fitting.
    pdf = typst.compile(
        b'#set page(paper: "a6", margin: 8mm)\n#text(size: 40pt)[Rindfleischetikettierungs\xc3\xbcberwachung]\n'
        b"#place(top + left, dy: 2mm)[Zweite Zeile]",
        format="pdf",
    )

    faults = _layout_faults(pdf, 0, [(0, 0, 105 * MM, 148 * MM)], 6 * MM)

    assert any("outside its badge" in fault for fault in faults)
    assert any("overlaps" in fault for fault in faults)


# --- table signs, host sheets, run sheet ---------------------------------------------------------------------


def test_table_signs_one_tent_card_per_table_readable_from_both_sides(demo_cafe):
    tables = list(demo_cafe.tables.select_related("topic", "host").order_by("number"))

    pdf = _render(demo_cafe, "signs")

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(tables) == 6
    width, height = (float(value) / MM for value in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (297, 210)
    texts = _texts(pdf)
    for text, table in zip(texts, tables, strict=True):
        assert _flat(table.topic.title) in text
        assert _flat(table.topic.guiding_question) in text
    assert "Gastgebend: Markus Keller" in texts[0]
    assert "Gastgebend: Andreas Wolf" in texts[1]  # the topic's second table has a host of its own
    codes = _codes(pdf)
    for index, table in enumerate(tables):
        found = codes[index]
        # one code on each half of the fold, both to the table's tablecloth
        assert [text for text, _x, _y in found] == [BASE + links.table_path(table)] * 2
        assert sorted(y > 0.5 for _text, _x, y in found) == [False, True]
    # the upper half is upside down, the lower half upright: each carries the whole sign
    page = reader.pages[0]
    for orientation in (0, 180):
        text = _flat(page.extract_text(orientations=(orientation,)))
        assert _flat(tables[0].topic.title) in text
        assert "Gastgebend: Markus Keller" in text


def test_a_hosts_badge_says_which_table_they_host(demo_cafe):
    people = list(demo_cafe.event.participants.order_by("sort_name", "pk"))
    wolf = next(index for index, person in enumerate(people) if person.name == "Andreas Wolf")

    texts = _texts(_render(demo_cafe, "badges"))

    assert "GASTGEBER*IN AN TISCH 2" in texts[wolf]  # the role line, in capitals
    assert all("GASTGEBER" not in text for text in texts if "Peter Schulz" in text)


def test_host_sheets_per_topic_with_question_timing_etiquette_and_people(demo_cafe):
    topics = list(demo_cafe.topics.order_by("position"))

    pdf = _render(demo_cafe, "host_sheets")

    texts = _texts(pdf)
    assert len(texts) == len(topics) == 3  # one page each, notes included
    seats = Seat.objects.filter(round__cafe=demo_cafe).select_related("participant", "table", "round")
    for text, topic in zip(texts, topics, strict=True):
        assert _flat(topic.title) in text
        assert _flat(topic.guiding_question) in text
        assert f"Gastgebend: {topic.hosts[0].name}" in text
        # the café item starts at 10:30 in Berlin, three rounds of 20 minutes
        assert "Runde 1 10:30–10:50" in text
        assert "Runde 3 11:10–11:30" in text
        for line in ETIQUETTE:
            assert line in text
        assert "Notizen" in text
        for seat in seats:
            if seat.table.topic_id == topic.pk:
                assert _flat(seat.participant.name) in text


def test_signs_sheets_and_run_sheet_fit_the_longest_texts(extreme_cafe):
    topic = extreme_cafe.topics.order_by("position").first()
    Topic.objects.filter(pk=topic.pk).update(title=LONG_TOPIC, guiding_question=LONG_QUESTION)
    pdf = _render(extreme_cafe, "run_sheet", "host_sheets", "signs")
    reader = PdfReader(io.BytesIO(pdf))
    faults = []

    for index, page in enumerate(reader.pages):
        width, height = (float(value) for value in page.mediabox.upper_right)
        if width < height:
            faults += _layout_faults(pdf, index, [(0, 0, width, height)], 8 * MM)
        else:
            # a table sign: two halves back to back, and the hint "hier falten" at the right end of the fold
            fold = height / 2
            faults += _layout_faults(
                pdf,
                index,
                [(0, 0, width, fold), (0, fold, width, height)],
                8 * MM,
                margin_note=lambda glyph, fold=fold, width=width: (
                    glyph[1] > width - 40 * MM and fold <= glyph[2] and glyph[4] <= fold + 5 * MM
                ),
            )

    assert faults == []
    text = " ".join(_texts(pdf))
    assert LONG_TOPIC in text
    assert LONG_QUESTION in text
    assert EXTREME_NAME in text
    assert UNBREAKABLE_NAME.split()[0] in text


def test_host_sheets_without_a_cafe_item_in_the_agenda_show_minutes(demo_cafe):
    demo_cafe.event.agenda_items.filter(kind="cafe").delete()

    text = _texts(_render(demo_cafe, "host_sheets"))[0]

    assert "Runde 1 20 Min." in text
    assert "10:30" not in text


def test_run_sheet_agenda_in_the_event_zone_rounds_and_plan(demo_cafe):
    seats = Seat.objects.filter(round__cafe=demo_cafe).select_related("participant")

    text = " ".join(_texts(_render(demo_cafe, "run_sheet")))

    assert "10:00–10:05 Eröffnung Eröffnung und Moderation" in text  # stored as 08:00 UTC
    assert "10:30–11:30 World Café World Café: Die Industrie von morgen" in text
    assert "Zeiten in Europe/Berlin" in text
    assert "Runde 2 10:50–11:10" in text
    assert "Entwurf: Der Sitzplan ist noch nicht festgeschrieben." in text
    for seat in seats:
        assert _flat(seat.participant.name) in text
    seating.lock_plan(cafe=demo_cafe)
    demo_cafe.refresh_from_db()
    assert "Entwurf" not in " ".join(_texts(_render(demo_cafe, "run_sheet")))


# --- the whole kit -------------------------------------------------------------------------------------------


def test_whole_kit_one_pdf_in_order_and_as_zip(demo_cafe):
    options = KitOptions(badge_layout="a4")

    pdf = render_kit(event=demo_cafe.event, cafe=demo_cafe, base_url=BASE, options=options)
    archive = zipfile.ZipFile(
        io.BytesIO(render_kit_zip(event=demo_cafe.event, cafe=demo_cafe, base_url=BASE, options=options))
    )

    pages = {name: len(PdfReader(io.BytesIO(archive.read(name))).pages) for name in archive.namelist()}
    slug = demo_cafe.event.slug
    assert list(pages) == [
        f"ablaufplan-{slug}.pdf",
        f"tischaufsteller-{slug}.pdf",
        f"gastgeberbogen-{slug}.pdf",
        f"namensschilder-{slug}.pdf",
    ]
    assert pages[f"tischaufsteller-{slug}.pdf"] == 6
    assert pages[f"namensschilder-{slug}.pdf"] == 10
    texts = _texts(pdf)
    assert len(texts) == sum(pages.values())
    assert "Ablaufplan für die Moderation" in texts[0]
    assert "Gastgeberbogen" in texts[pages[f"ablaufplan-{slug}.pdf"] + 6]
    assert PdfReader(io.BytesIO(pdf)).metadata.title.startswith(demo_cafe.event.title)
    # A printed page is photographed: no personal link (it opens the whole personal account) in text or QR code.
    access_tokens = set(demo_cafe.event.participants.values_list("access_token", flat=True))
    printed = " ".join(texts) + " ".join(text for codes in _codes(pdf).values() for text, _x, _y in codes)
    assert [token for token in access_tokens if token in printed] == []
    assert "/live/p/" not in printed


def test_kit_in_english_uses_english_links_dates_and_labels(demo_cafe):
    with translation.override("en"):
        table_url = BASE + links.table_path(demo_cafe.tables.order_by("number").first())

    pdf = _render(demo_cafe, "run_sheet", "signs", language="en")

    text = " ".join(_texts(pdf))
    assert "September 21, 2022" in text or "Sept. 21, 2022" in text
    assert "21. September 2022" not in text
    assert "World Café" in text  # agenda kinds come from the model's (translated) choices
    reader = PdfReader(io.BytesIO(pdf))
    run_sheet_pages = len(reader.pages) - 6
    assert _codes(pdf, [run_sheet_pages])[run_sheet_pages][0][0] == table_url


def test_kit_needs_a_seating_plan_except_for_table_signs(demo_cafe):
    seating.discard_plan(cafe=demo_cafe)

    with pytest.raises(ValidationError, match="noch keinen Sitzplan"):
        _render(demo_cafe, "badges")
    with pytest.raises(ValidationError):
        _render(demo_cafe, "run_sheet", "signs", "host_sheets", "badges")
    assert len(PdfReader(io.BytesIO(_render(demo_cafe, "signs"))).pages) == 6


def test_participants_without_a_seat_get_a_badge_without_route(demo_cafe):
    organiser = Participant.objects.get(event=demo_cafe.event, role="team")

    text = next(text for text in _texts(_render(demo_cafe, "badges")) if organiser.name in text)

    assert "Kein fester Platz im World Café." in text
    assert "ORGA-TEAM" in text


def test_kit_data_reads_in_the_same_number_of_queries_for_more_people(demo_cafe):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            build_kit_data(event=demo_cafe.event, cafe=demo_cafe, base_url=BASE, options=KitOptions())
        return len(queries)

    before = count()
    for number in range(3):
        event_services.add_participant(
            event=demo_cafe.event,
            data=event_services.ParticipantData(name=f"Neu {number}", organisation=f"Neue Organisation {number}"),
        )

    assert count() == before


def test_typst_templates_are_package_files():
    names = {path.name for path in TEMPLATES.glob("*.typ")}

    assert names == {"kit.typ", "common.typ", "badges.typ", "signs.typ", "host_sheets.typ", "run_sheet.typ"}
