"""Render the print kit with Typst: one PDF, one PDF per document, or a ZIP of those."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import typst
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from weltcafe.cafe.models import Cafe, Seat
from weltcafe.documents.print_kit.data import NEED_SEATS, KitOptions, build_kit_data, document_titles
from weltcafe.events.models import Event

TEMPLATES = Path(__file__).resolve().parent / "typst"
ENTRY = TEMPLATES / "kit.typ"


def compile_pdf(data: dict) -> bytes:
    """One PDF of the documents in ``data["documents"]``. Only the fonts inside the Typst wheel are used, so a
    kit looks the same on every machine."""
    return typst.compile(
        str(ENTRY),
        root=str(TEMPLATES),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
    )


def check_printable(*, cafe: Cafe, documents: tuple[str, ...]) -> None:
    """Refuse, in the organiser's words, documents that need a seating plan when there is none."""
    if NEED_SEATS.intersection(documents) and not Seat.objects.filter(round__cafe=cafe).exists():
        raise ValidationError(
            _(
                "Das Café hat noch keinen Sitzplan: Berechnen Sie ihn zuerst (Namensschilder, Gastgeberbögen und "
                "Ablaufplan brauchen ihn)."
            )
        )
    if not cafe.tables.exists():
        raise ValidationError(_("Das Café hat noch keine Tische: legen Sie zuerst Themen an."))


def render_kit(*, event: Event, cafe: Cafe, base_url: str, options: KitOptions) -> bytes:
    """The documents of ``options`` in one PDF."""
    check_printable(cafe=cafe, documents=options.documents)
    return compile_pdf(build_kit_data(event=event, cafe=cafe, base_url=base_url, options=options))


def file_name(event: Event, document: str | None, language: str, extension: str = "pdf") -> str:
    """``druckunterlagen-<slug>.pdf``, ``namensschilder-<slug>.pdf`` … in the kit's language, ASCII only."""
    with translation.override(language):
        stem = _("Druckunterlagen") if document is None else document_titles()[document]
    return f"{slugify(stem)}-{event.slug}.{extension}"


def render_kit_zip(*, event: Event, cafe: Cafe, base_url: str, options: KitOptions) -> bytes:
    """A ZIP with one PDF per document; the data is read once."""
    check_printable(cafe=cafe, documents=options.documents)
    data = build_kit_data(event=event, cafe=cafe, base_url=base_url, options=options)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in options.documents:
            pdf = compile_pdf({**data, "documents": [document]})
            archive.writestr(file_name(event, document, options.language), pdf)
    return buffer.getvalue()
