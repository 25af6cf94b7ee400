"""Websocket routes of every app, gathered in one place like urls.py."""

from django.urls import path

from weltcafe.cafe.consumers import CafeConsumer

websocket_urlpatterns = [
    path("ws/cafe/<str:kind>/<str:token>/", CafeConsumer.as_asgi()),
]
