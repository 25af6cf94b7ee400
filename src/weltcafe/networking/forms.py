"""Forms of networking: the profile (phone and organiser area), the answer to a request and the private note."""

from __future__ import annotations

import re
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from weltcafe.common.text_input import TypedTextFormMixin
from weltcafe.networking.models import NOTE_MAX, PHONE_MAX, TAG_MAX, TAGS_MAX, TEXT_MAX
from weltcafe.networking.services.profiles import ProfileData, clean_tags

PHONE = re.compile(r"^\+?[0-9 ()/.\-]{3,}$")


class ProfileForm(TypedTextFormMixin, forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Themen, die Sie interessieren"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Weitere Interessen"),
        required=False,
        max_length=TAGS_MAX * (TAG_MAX + 2),
        help_text=_("Mit Komma getrennt, z. B. Wasserstoff, Fördermittel"),
    )
    offers = forms.CharField(
        label=_("Das biete ich"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        help_text=_("Höchstens 300 Zeichen. Mehrere Punkte mit Semikolon trennen."),
    )
    seeks = forms.CharField(
        label=_("Das suche ich"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        help_text=_("Höchstens 300 Zeichen. Mehrere Punkte mit Semikolon trennen."),
    )
    phone = forms.CharField(
        label=_("Telefon (optional)"),
        required=False,
        max_length=PHONE_MAX,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Erhalten nur Personen, deren Kontaktanfrage Sie annehmen – wie Ihre E-Mail-Adresse."),
    )
    visible = forms.BooleanField(
        label=_("Andere Teilnehmende dürfen mich sehen (Vorschläge, Listen)"),
        required=False,
        help_text=_("Name, Organisation, Interessen, Angebot und Gesuch. Jederzeit zurücknehmbar."),
    )
    contactable = forms.BooleanField(
        label=_("Andere dürfen mir Kontaktanfragen senden"),
        required=False,
        help_text=_("E-Mail und Telefon sieht nur, wessen Anfrage Sie annehmen."),
    )

    def __init__(self, *args, topics=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["topics"])
        field.choices = [(str(topic.pk), topic.title) for topic in topics]

    def clean_tags(self) -> tuple[str, ...]:
        tags = clean_tags(self.cleaned_data["tags"].split(","))
        if len(tags) > TAGS_MAX:
            raise forms.ValidationError(_("Höchstens %(max)s Interessen.") % {"max": TAGS_MAX})
        if any(len(tag) > TAG_MAX for tag in tags):
            raise forms.ValidationError(_("Ein Interesse hat höchstens %(max)s Zeichen.") % {"max": TAG_MAX})
        return tags

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Bitte nur Ziffern, Leerzeichen und + ( ) / - eingeben."))
        return phone

    def profile_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            topic_ids=tuple(int(pk) for pk in data["topics"]),
            tags=data["tags"],
            offers=data["offers"].strip(),
            seeks=data["seeks"].strip(),
            phone=data["phone"],
            visible=data["visible"],
            contactable=data["contactable"],
        )

    @staticmethod
    def initial_for(profile) -> dict:
        topic_ids = [str(topic.pk) for topic in profile.topics.all()] if profile.pk else []
        return {
            "topics": topic_ids,
            "tags": ", ".join(profile.tags),
            "offers": profile.offers,
            "seeks": profile.seeks,
            "phone": profile.phone,
            "visible": profile.visible,
            "contactable": profile.contactable,
        }


class NoteForm(TypedTextFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Ihre private Notiz"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
        help_text=_("Sieht nur Sie."),
    )


class AnswerForm(forms.Form):
    """The two buttons under a request: `decision=accept` or `decision=decline`."""

    ACCEPT, DECLINE = "accept", "decline"
    decision = forms.ChoiceField(choices=[(ACCEPT, _("Annehmen")), (DECLINE, _("Ablehnen"))])

    def accepts(self) -> bool:
        return self.cleaned_data["decision"] == self.ACCEPT
