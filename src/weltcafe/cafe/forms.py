"""Forms of the café: set-up, topics, the seating plan (seed and time limit, swapping two people)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from weltcafe.cafe.models import Ballot, Cafe
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
        return f"{obj.name} ({obj.organisation.name})" if obj.organisation else obj.name


class TopicForm(TypedTextFormMixin, forms.Form):
    title = forms.CharField(label=_("Thema"), max_length=200)
    guiding_question = forms.CharField(
        label=_("Leitfrage"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


    def __init__(
        self,
        *args: Any,
        event: Event,
        tables: list[int] | int = 1,
        host_choices: list[tuple[object, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`tables`: the numbers of the topic's tables, or how many a new topic gets; one host field each."""
        super().__init__(*args, **kwargs)
        people = Participant.objects.filter(event=event).select_related("organisation").order_by("sort_name")
        numbers: list[int | None] = list(tables) if isinstance(tables, list) else [None] * tables
        self.host_fields: list[str] = []
        for index, number in enumerate(numbers, start=1):
            label = (
                pgettext_lazy("cafe", "Gastgebende an Tisch %(number)s") % {"number": number}
                if number is not None
                else pgettext_lazy("cafe", "Gastgebende, %(index)s. Tisch des Themas") % {"index": index}
            )
            field = HostChoiceField(label=label, queryset=people, required=False, empty_label="–")
            if host_choices is not None:
                # A page with a form per topic reads the people once (`host_choices_for`), not once per field.
                field.choices = host_choices
            self.fields[f"host_{index}"] = field
            self.host_fields.append(f"host_{index}")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [person for name in self.host_fields if (person := data.get(name)) is not None]
        if len({person.pk for person in chosen}) != len(chosen):
            raise forms.ValidationError(_("Eine Person kann nur einen Tisch als Gastgeber*in betreuen."))
        return data

    @property
    def hosts(self) -> list[Participant | None]:
        return [self.cleaned_data.get(name) for name in self.host_fields]


    @classmethod
    def host_choices_for(cls, event: Event) -> list[tuple[object, str]]:
        field = cast(HostChoiceField, cls(event=event).fields["host_1"])
        # Iterating a model choice field reads the queryset: (value, label) pairs, the empty choice first.
        return list(cast("Iterable[tuple[object, str]]", field.choices))


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


# The live endpoints' bodies (JSON, read through `common.json_body.read_json_form`). Ids are row ids: the services
# look them up inside the viewer's café, so a foreign id finds nothing.
def row_id(*, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(required=required, min_value=1, max_value=10**18 - 1)


class RawTextField(forms.Field):
    """Text as typed, for a service that owns the text's rules (control characters are stripped there, not refused
    here as CharField would)."""

    def to_python(self, value: object) -> str:
        return "" if value is None else str(value)


class IdeaPostForm(forms.Form):
    client_uuid = forms.UUIDField()
    table = row_id()
    round = row_id()
    # The text's rules (typed characters, length) belong to the idea and are checked once, by `capture_idea`.
    text = RawTextField(required=False)
    show_author = forms.BooleanField(required=False)


class KeyInsightForm(forms.Form):
    idea = row_id()
    value = forms.BooleanField(required=False)

    def clean_value(self) -> bool:
        # Absent means "mark", as the phone's first tap does; only an explicit false unmarks.
        return self.cleaned_data["value"] if "value" in self.data else True


class DotsForm(forms.Form):
    ballot = row_id()
    option = row_id()
    count = forms.IntegerField()  # the ballot's own limits are checked by `set_dots`, with the reason


class SelectionForm(forms.Form):
    """A form of buttons and pickers: any wrong field means one thing to the person, the selection was not valid."""

    def selection_error(self) -> str:
        return str(_("Die Auswahl ist ungültig."))


class ThemeEditForm(SelectionForm):
    ACTIONS = ("rename", "hide", "show", "merge", "split", "move", "undo_merge")

    action = forms.CharField(required=False)
    theme = row_id(required=False)
    idea = row_id(required=False)
    merge = forms.TypedMultipleChoiceField(required=False, coerce=int)
    ideas = forms.TypedMultipleChoiceField(required=False, coerce=int)
    target = forms.CharField(required=False)
    label = forms.CharField(required=False, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id may be chosen here; the services check that it belongs to the topic.
        for name in ("merge", "ideas"):
            cast(forms.TypedMultipleChoiceField, self.fields[name]).valid_value = lambda value: True  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        action = cleaned.get("action")
        if action not in self.ACTIONS:
            raise forms.ValidationError(_("Unbekannte Aktion."))
        needs = {"rename": ["theme"], "hide": ["theme"], "show": ["theme"], "merge": ["theme"], "split": ["theme"],
                 "move": ["idea"]}
        for name in needs.get(action, []):
            if cleaned.get(name) is None:
                raise forms.ValidationError(self.selection_error())
        if action == "move":
            target = cleaned.get("target") or ""
            if target == "rest":
                cleaned["target_theme"] = None
            elif target.isascii() and target.isdecimal() and 0 < len(target) <= 18:
                cleaned["target_theme"] = int(target)
            else:
                raise forms.ValidationError(self.selection_error())
        return cleaned


class BallotForm(SelectionForm):
    action = forms.ChoiceField(choices=[("open", "open"), ("close", "close")], required=False)
    ballot = row_id(required=False)
    kind = forms.ChoiceField(choices=Ballot.Kind.choices, required=False)
    dots_per_person = forms.IntegerField(required=False)
    max_per_option = forms.IntegerField(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "close":
            if cleaned.get("ballot") is None:
                raise forms.ValidationError(self.selection_error())
            return cleaned
        if cleaned.get("dots_per_person") is None:
            raise forms.ValidationError(self.selection_error())
        cleaned["kind"] = cleaned.get("kind") or Ballot.Kind.THEMES
        # Without a cap per option, all of a person's dots may go on one.
        if cleaned.get("max_per_option") is None:
            cleaned["max_per_option"] = cleaned["dots_per_person"]
        return cleaned
