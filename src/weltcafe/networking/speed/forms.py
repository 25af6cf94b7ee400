"""The organiser's form for planning a speed-networking session."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from weltcafe.networking.speed.models import MINUTES_MAX, MINUTES_MIN, ROUNDS_MAX, ROUNDS_MIN


class SpeedSessionForm(forms.Form):
    group_size = forms.TypedChoiceField(
        label=gettext_lazy("Gruppengröße"),
        choices=[(2, gettext_lazy("1:1 (zu zweit)")), (3, gettext_lazy("zu dritt")), (4, gettext_lazy("zu viert"))],
        coerce=int,
        initial=2,
    )
    rounds = forms.IntegerField(label=gettext_lazy("Runden"), min_value=ROUNDS_MIN, max_value=ROUNDS_MAX, initial=4)
    minutes = forms.IntegerField(
        label=gettext_lazy("Minuten je Runde"), min_value=MINUTES_MIN, max_value=MINUTES_MAX, initial=5
    )
    seed = forms.IntegerField(
        label=gettext_lazy("Startwert"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        help_text=gettext_lazy("Gleicher Startwert, gleiche Teilnehmende: gleicher Plan."),
    )
