"""Forms of the café: set-up, topics, the seating plan (seed and time limit, swapping two people)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from weltcafe.cafe.models import Cafe
from weltcafe.cafe.services.seating import MAX_TIME_LIMIT_SECONDS
from weltcafe.common.text_input import TypedTextFormMixin
from weltcafe.events.models import Event, Participant


class CafeForm(TypedTextFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, initial="World Café")
    mode = forms.ChoiceField(
        label=_("Modus"), choices=Cafe.Mode.choices, initial=Cafe.Mode.ROTATE_GROUPS, widget=forms.RadioSelect
    )
    round_count = forms.IntegerField(label=pgettext_lazy("cafe", "Anzahl Runden"), min_value=1, max_value=12, initial=3)
    round_minutes = forms.IntegerField(
        label=pgettext_lazy("cafe", "Rundenlänge (Minuten)"), min_value=5, max_value=90, initial=20
    )
    tables_per_topic = forms.IntegerField(
        label=pgettext_lazy("cafe", "Tische je Thema"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("Mehr als einen Tisch, wenn ein Thema mehr Menschen anzieht, als ein Tisch fasst."),
    )
    table_capacity = forms.IntegerField(
        label=pgettext_lazy("cafe", "Plätze je Tisch"), min_value=2, max_value=30, initial=8
    )

    @classmethod
    def for_cafe(cls, cafe: Cafe | None, data: dict | None = None) -> CafeForm:
        if cafe is None:
            return cls(data=data)
        initial = {name: getattr(cafe, name) for name in cls.base_fields}
        return cls(data=data, initial=initial)


class HostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return f"{obj.name} ({obj.organisation.name})" if obj.organisation_id else obj.name


class TopicForm(TypedTextFormMixin, forms.Form):
    title = forms.CharField(label=_("Thema"), max_length=200)
    guiding_question = forms.CharField(
        label=_("Leitfrage"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )
    host = HostChoiceField(
        label=pgettext_lazy("cafe", "Gastgebende"),
        queryset=Participant.objects.none(),
        required=False,
        empty_label="–",
    )

    def __init__(self, *args: object, event: Event, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = (
            Participant.objects.filter(event=event).select_related("organisation").order_by("sort_name")
        )


class PlanForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Startwert (Seed)"),
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        help_text=_(
            "Gleicher Startwert, gleiche Eingaben: gleicher Plan. Ein anderer Wert ergibt eine Alternative."
        ),
    )
    time_limit = forms.FloatField(
        label=_("Rechenzeit höchstens (Sekunden)"),
        min_value=0.5,
        max_value=MAX_TIME_LIMIT_SECONDS,
        initial=3,
    )


class SwapForm(forms.Form):
    round_index = forms.IntegerField(label=_("Runde"), min_value=1)
    first = forms.IntegerField(label=_("Person A"), widget=forms.Select)
    second = forms.IntegerField(label=_("Person B"), widget=forms.Select)
