"""Websocket routes of every app, gathered in one place like urls.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from weltcafe.cafe.consumers import CafeConsumer

if TYPE_CHECKING:
    from channels.routing import URLRouter, _ExtendedURLPattern

websocket_urlpatterns: list[_ExtendedURLPattern | URLRouter] = [
    # Channels routes ASGI apps with Django's path(); django-stubs types path() for views only.
    path("ws/cafe/<str:kind>/<str:token>/", CafeConsumer.as_asgi()),  # type: ignore[arg-type, list-item]
]
