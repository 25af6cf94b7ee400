"""Phone pages of a participant's own data, under their personal link (namespace `live`)."""

from django.urls import path

from weltcafe.privacy import views

live_patterns = [
    path("p/<str:token>/meine-daten/", views.my_data, name="my_data"),
    path("p/<str:token>/meine-daten/loeschen/", views.forget_me, name="forget_me"),
]
