"""The organiser's report form: the fixed texts plus one text per café topic the report knows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from weltcafe.common.text_input import TypedTextFormMixin
from weltcafe.documents.models import Report
from weltcafe.documents.report.services import ReportTexts

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a name for type hints only (django-stubs is a dev dependency)

TEXT_MAX = 10_000


def _text(label: StrOrPromise, *, rows: int = 5, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ReportForm(TypedTextFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    intro = _text(_("Einleitung"), rows=7, help_text=_("Leerzeilen trennen Absätze."))
    closing = _text(_("Schlusswort"), rows=3)
    next_meeting = _text(
        _("Nächstes Treffen"), rows=3, help_text=_("Was als Nächstes geschieht; Datum, Ort und Link sind freiwillig.")
    )
    next_meeting_on = forms.DateField(
        label=_("Datum des nächsten Treffens"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    next_meeting_place = forms.CharField(label=_("Ort des nächsten Treffens"), max_length=200, required=False)
    next_meeting_url = forms.URLField(
        label=_("Link zum nächsten Treffen"), required=False, assume_scheme="https", max_length=200
    )

    def __init__(self, *args, report: Report, topics: list[tuple[int, str]], **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": report.title,
                "intro": report.intro,
                "closing": report.closing,
                "next_meeting": report.next_meeting,
                "next_meeting_on": report.next_meeting_on,
                "next_meeting_place": report.next_meeting_place,
                "next_meeting_url": report.next_meeting_url,
                **{f"topic_{topic_id}": report.topic_text(topic_id) for topic_id, _title in topics},
            },
        )
        super().__init__(*args, **kwargs)
        self.topic_ids = [topic_id for topic_id, _title in topics if str(topic_id) in report.topic_texts]
        for topic_id, title in topics:
            if topic_id in self.topic_ids:
                self.fields[f"topic_{topic_id}"] = _text(title, rows=6)

    def topic_fields(self) -> list[tuple[int, forms.BoundField]]:
        return [(topic_id, self[f"topic_{topic_id}"]) for topic_id in self.topic_ids]

    def texts(self) -> ReportTexts:
        data = self.cleaned_data
        return ReportTexts(
            title=data["title"],
            intro=data["intro"],
            closing=data["closing"],
            next_meeting=data["next_meeting"],
            next_meeting_on=data["next_meeting_on"],
            next_meeting_place=data["next_meeting_place"],
            next_meeting_url=data["next_meeting_url"],
            topics={topic_id: data[f"topic_{topic_id}"] for topic_id in self.topic_ids},
        )
