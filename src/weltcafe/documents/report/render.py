"""The report's exports: PDF (Typst), Markdown and Word (python-docx, charts as PNG drawn by Typst).

Each renderer takes a `ReportContent` built in the wanted language (`content.report_content`) and lays it out;
`export(report, fmt, language)` does both. Text from people is passed to Typst as JSON data (never as markup),
escaped for Markdown, and written as plain runs into Word.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from importlib import resources
from typing import Literal

import typst
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from weltcafe.documents.models import Report
from weltcafe.documents.report.content import Chart, IdeaLine, ReportContent, ThemeLine, TopicSection, report_content

FORMATS = {
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
CHART_PPI = 200
ACCENT = RGBColor(0x0B, 0x5C, 0xAD)


# ------------------------------------------------------------------------------- shared wording of the lines
def quote(text: str) -> str:
    return f"„{text}“" if translation.get_language() == "de" else f"“{text}”"


def labels() -> dict[str, str]:
    return {
        "report": _("Bericht"),
        "agenda": _("Programm"),
        "topics": _("Themen und Ergebnisse"),
        "themes": _("Themencluster"),
        "top_ideas": _("Ideen mit den meisten Punkten"),
        "cross_topic": _("An mehreren Tischen"),
        "figures": _("Zahlen"),
        "next": _("Wie es weitergeht"),
        "date": _("Datum"),
        "place": _("Ort"),
        "link": _("Link"),
        "time": _("Zeit"),
        "what": _("Programmpunkt"),
        "data_table": _("Daten als Tabelle"),
    }


def idea_line(idea: IdeaLine) -> str:
    parts = [quote(idea.text)]
    meta = []
    if idea.author:
        meta.append(idea.author)
    if idea.votes:
        meta.append(ngettext("%(n)s Punkt", "%(n)s Punkte", idea.votes) % {"n": idea.votes})
    if idea.key_insight:
        meta.append(_("Kernerkenntnis"))
    if meta:
        parts.append("– " + " · ".join(meta))
    return " ".join(parts)


def theme_counts(theme: ThemeLine) -> str:
    counts = [ngettext("%(n)s Idee", "%(n)s Ideen", theme.size) % {"n": theme.size}]
    if theme.votes:
        counts.append(ngettext("%(n)s Punkt", "%(n)s Punkte", theme.votes) % {"n": theme.votes})
    return " · ".join(counts)


def topic_counts(topic: TopicSection) -> str:
    counts = [
        ngettext("%(n)s Idee", "%(n)s Ideen", topic.idea_count) % {"n": topic.idea_count},
        ngettext("%(n)s Themencluster", "%(n)s Themencluster", len(topic.themes)) % {"n": len(topic.themes)},
    ]
    if topic.voted:
        counts.append(ngettext("%(n)s Punkt vergeben", "%(n)s Punkte vergeben", topic.votes) % {"n": topic.votes})
    return " · ".join(counts)


def facts_line(content: ReportContent) -> str:
    return " · ".join(part for part in (content.date_line, content.venue) if part)


def next_rows(content: ReportContent) -> list[tuple[str, str]]:
    rows = []
    if content.next_meeting_on:
        rows.append((_("Datum"), content.next_meeting_on))
    if content.next_meeting_place:
        rows.append((_("Ort"), content.next_meeting_place))
    if content.next_meeting_url:
        rows.append((_("Link"), content.next_meeting_url))
    return rows


def source_line(content: ReportContent) -> str:
    url = settings.WELTCAFE_BASE_URL + content.report.get_absolute_url()
    made = date_format(timezone.localtime(timezone.now(), content.event.tzinfo).date(), "DATE_FORMAT")
    return _("Erstellt mit Weltcafé am %(date)s · %(url)s") % {"date": made, "url": url}


def filename(report: Report, fmt: str, language: str) -> str:
    return f"bericht-{report.event.slug}-{language}.{fmt}"


# ------------------------------------------------------------------------------------------------------ PDF
@cache
def _template() -> bytes:
    return resources.files("weltcafe.documents.report").joinpath("report.typ").read_bytes()


def _typst(data: dict, *, fmt: Literal["pdf", "png"] = "pdf", ppi: int | None = None) -> bytes | list[bytes]:
    return typst.compile(
        _template(),
        format=fmt,
        ppi=ppi,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,  # the fonts inside the wheel: the same PDF on every machine
    )


def typst_data(content: ReportContent) -> dict:
    return {
        "mode": "report",
        "lang": content.language,
        "labels": labels(),
        "title": content.title,
        "event_title": content.event.title,
        "facts_line": facts_line(content),
        "intro": content.intro,
        "agenda": [
            {
                "time": f"{line.start}–{line.end}",
                "kind": line.kind_label,
                "title": line.title,
                "speakers": line.speakers,
            }
            for line in content.agenda
        ],
        "topics": [
            {
                "title": topic.title,
                "question": topic.question,
                "counts": topic_counts(topic),
                "text": topic.text,
                "themes": [
                    {
                        "label": theme.label,
                        "counts": theme_counts(theme),
                        "examples": [idea_line(idea) for idea in theme.examples],
                    }
                    for theme in topic.themes
                ],
                "top_ideas": [idea_line(idea) for idea in topic.top_ideas],
            }
            for topic in content.topics
        ],
        "cross_topic": [f"{quote(label)}: {topics}" for label, topics in content.cross_topic],
        "facts": [{"label": fact.label, "value": fact.value} for fact in content.facts],
        "charts": [chart.as_data() for chart in content.charts],
        "next_meeting": content.next_meeting,
        "next": [list(row) for row in next_rows(content)],
        "closing": content.closing,
        "source_line": source_line(content),
    }


def render_pdf(content: ReportContent) -> bytes:
    pdf = _typst(typst_data(content))
    if isinstance(pdf, list):  # Typst gives a list only for page images; a PDF is one document
        raise TypeError("Typst returned pages instead of a PDF")
    return pdf


def chart_pngs(charts: tuple[Chart, ...] | list[Chart]) -> list[bytes]:
    """Each chart as a PNG (white background), drawn by the same Typst code as in the PDF."""
    if not charts:
        return []
    data = {"mode": "charts", "lang": translation.get_language() or "de", "labels": labels(),
            "charts": [chart.as_data() for chart in charts]}
    pages = _typst(data, fmt="png", ppi=CHART_PPI)
    return pages if isinstance(pages, list) else [pages]


# ------------------------------------------------------------------------------------------------- Markdown
# Escaped only where CommonMark would read markup, so the file stays readable as text ("18. März", not "18\. März"):
# emphasis, code, links, HTML, tables and strike-through anywhere; entities; block markers at the start of a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^([ \t]*)([#+\-=>]|\d+(?=[.)]))", re.MULTILINE)


def md(text: str, *, line_start: bool = False) -> str:
    """Plain text as Markdown that shows exactly this text (no markup, no HTML). `line_start`: the text begins a
    line of the file, where "# ", "- ", "1. " and "> " would start a block."""
    escaped = _MD_INLINE.sub(lambda found: "\\" + found.group(0), text)
    if line_start:
        escaped = _MD_LINE_START.sub(lambda found: found.group(1) + _line_marker(found.group(2)), escaped)
    return escaped


def _line_marker(marker: str) -> str:
    # "1." escapes its full stop ("1\."), the others themselves ("\-", "\#").
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def md_block(text: str) -> str:
    paragraphs = [
        "\\\n".join(md(line, line_start=True) for line in part.strip().splitlines()) for part in text.split("\n\n")
    ]
    return "\n\n".join(part for part in paragraphs if part)


def _md_table(header: tuple[str, str], rows: list[tuple[str, str]]) -> list[str]:
    lines = [f"| {md(header[0])} | {md(header[1])} |", "|---|---:|" if header[1] else "|---|---|"]
    lines += [f"| {md(a)} | {md(b)} |" for a, b in rows]
    return lines


def render_markdown(content: ReportContent) -> str:
    names = labels()
    out = [f"# {md(content.title)}", "", f"*{md(facts_line(content))}*", ""]
    if content.intro:
        out += [md_block(content.intro), ""]
    if content.agenda:
        out += [f"## {md(names['agenda'])}", ""]
        for line in content.agenda:
            speakers = f" – {md(line.speakers)}" if line.speakers else ""
            out.append(f"- **{line.start}–{line.end}** {md(line.kind_label)}: {md(line.title)}{speakers}")
        out.append("")
    if content.topics:
        out += [f"## {md(names['topics'])}", ""]
        for topic in content.topics:
            out += [f"### {md(topic.title)}", ""]
            if topic.question:
                out += [f"*{md(topic.question)}*", ""]
            out += [md(topic_counts(topic), line_start=True), ""]
            if topic.text:
                out += [md_block(topic.text), ""]
            for theme in topic.themes:
                out.append(f"- **{md(theme.label)}** ({md(theme_counts(theme))})")
                out += [f"  - {md(idea_line(idea), line_start=True)}" for idea in theme.examples]
            if topic.themes:
                out.append("")
            if topic.top_ideas:
                out += [f"**{md(names['top_ideas'])}**", ""]
                out += [f"1. {md(idea_line(idea), line_start=True)}" for idea in topic.top_ideas]
                out.append("")
        if content.cross_topic:
            out += [f"### {md(names['cross_topic'])}", ""]
            out += [f"- {md(quote(label))}: {md(topics)}" for label, topics in content.cross_topic]
            out.append("")
    out += [f"## {md(names['figures'])}", ""]
    out += _md_table(("", ""), [(fact.label, str(fact.value)) for fact in content.facts])
    out.append("")
    for chart in content.charts:
        out += [f"### {md(chart.title)}", "", md(chart.description, line_start=True), ""]
        out += _md_table((chart.title, chart.value_label), [(bar.full_label, str(bar.value)) for bar in chart.bars])
        out.append("")
    if content.has_next_meeting:
        out += [f"## {md(names['next'])}", ""]
        if content.next_meeting:
            out += [md_block(content.next_meeting), ""]
        out += [f"- **{md(label)}:** {md(value)}" for label, value in next_rows(content)]
        out.append("")
    if content.closing:
        out += [md_block(content.closing), ""]
    out += ["---", "", md(source_line(content), line_start=True), ""]
    return "\n".join(out)


# ----------------------------------------------------------------------------------------------------- Word
def _docx_text(document, text: str) -> None:
    """Paragraphs split at blank lines; single line breaks kept as breaks."""
    for part in text.split("\n\n"):
        lines = part.strip().splitlines()
        if not lines:
            continue
        paragraph = document.add_paragraph()
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()


def render_docx(content: ReportContent) -> bytes:
    names = labels()
    document = Document()
    document.core_properties.title = content.title
    document.core_properties.language = content.language
    document.core_properties.author = "Weltcafé"
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    document.add_heading(content.title, level=0)
    subtitle = document.add_paragraph()
    subtitle.add_run(facts_line(content)).italic = True
    _docx_text(document, content.intro)

    if content.agenda:
        document.add_heading(names["agenda"], level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = names["time"], names["what"]
        for line in content.agenda:
            cells = table.add_row().cells
            cells[0].text = f"{line.start}–{line.end}"
            what = cells[1].paragraphs[0]
            what.add_run(f"{line.kind_label}: ")
            what.add_run(line.title).bold = True
            if line.speakers:
                what.add_run().add_break()
                what.add_run(line.speakers).italic = True

    if content.topics:
        document.add_heading(names["topics"], level=1)
        for topic in content.topics:
            document.add_heading(topic.title, level=2)
            if topic.question:
                document.add_paragraph().add_run(topic.question).italic = True
            document.add_paragraph(topic_counts(topic))
            _docx_text(document, topic.text)
            for theme in topic.themes:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(theme.label).bold = True
                paragraph.add_run(f" ({theme_counts(theme)})")
                for idea in theme.examples:
                    document.add_paragraph(idea_line(idea), style="List Bullet 2")
            if topic.top_ideas:
                document.add_paragraph().add_run(names["top_ideas"]).bold = True
                for idea in topic.top_ideas:
                    document.add_paragraph(idea_line(idea), style="List Number")
        if content.cross_topic:
            document.add_heading(names["cross_topic"], level=2)
            for label, topics in content.cross_topic:
                document.add_paragraph(f"{quote(label)}: {topics}", style="List Bullet")

    document.add_heading(names["figures"], level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for fact in content.facts:
        cells = table.add_row().cells
        cells[0].text = fact.label
        cells[1].text = str(fact.value)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for chart, png in zip(content.charts, chart_pngs(content.charts), strict=True):
        document.add_heading(chart.title, level=2)
        document.add_paragraph(chart.description)
        picture = document.add_picture(io.BytesIO(png), width=Cm(16))
        # Alternative text for screen readers: the chart's description and its figures.
        figures = "; ".join(f"{bar.full_label}: {bar.value}" for bar in chart.bars)
        picture._inline.docPr.set("descr", f"{chart.description} {figures}")
        picture._inline.docPr.set("title", chart.title)

    if content.has_next_meeting:
        document.add_heading(names["next"], level=1)
        _docx_text(document, content.next_meeting)
        for label, value in next_rows(content):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    _docx_text(document, content.closing)
    footer = document.add_paragraph()
    footer.add_run(source_line(content)).font.size = Pt(8)
    headings = (p for p in document.paragraphs if p.style is not None and p.style.name.startswith(("Heading", "Title")))
    for heading in headings:
        for run in heading.runs:
            run.font.color.rgb = ACCENT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------- entry
def export(report: Report, fmt: str, language: str) -> bytes:
    """The report in one format (`pdf`, `md`, `docx`) and language; the caller checks both."""
    with translation.override(language):
        content = report_content(report)
        if fmt == "pdf":
            return render_pdf(content)
        if fmt == "md":
            return render_markdown(content).encode("utf-8")
        if fmt == "docx":
            return render_docx(content)
    raise ValueError(fmt)
