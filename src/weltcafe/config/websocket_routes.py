"""Websocket routes of every app, gathered in one place like urls.py (the live café adds its own, issue #4)."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
